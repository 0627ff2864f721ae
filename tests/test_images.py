"""Responsive photos: sizes, formats, orientation, no location data, and a cache that skips work."""

from __future__ import annotations

import json
import re

from PIL import Image
from PIL.ExifTags import IFD

from responsive_images import variants
from tests.golden import SITE
from tests.sitebuild import build

WIDTHS = (480, 960, 1440)


def photo(path, size=(2000, 1000), orientation=1, gps=True):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = image.getexif()
    exif[0x0112] = orientation
    if gps:
        exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (59.0, 20.0, 1.0)})
    image.save(path, "JPEG", exif=exif, quality=90)
    return path


def test_every_width_in_jpeg_and_webp_without_upscaling(tmp_path):
    source = photo(tmp_path / "besok.jpg")
    key = variants.digest(source, WIDTHS, 72)
    result = variants.make(source, key, "besok", WIDTHS, 72, tmp_path / "cache")
    assert (result.width, result.height) == (2000, 1000)
    sizes = sorted((v.mime, v.width, v.height) for v in result.variants)
    assert sizes == sorted(
        [(m, w, w // 2) for m in ("image/jpeg", "image/webp") for w in WIDTHS]
    )
    for variant in result.variants:
        with Image.open(tmp_path / "cache" / variant.file) as made:
            assert made.size == (variant.width, variant.height)
            assert made.format == variant.mime.split("/")[1].upper()


def test_orientation_is_applied_and_location_data_removed(tmp_path):
    source = photo(tmp_path / "stående.jpg", size=(1600, 1200), orientation=6)
    result = variants.make(source, "k" * 16, "staende", WIDTHS, 72, tmp_path / "cache")
    assert (result.width, result.height) == (1200, 1600), "portrait after EXIF rotation"
    for variant in result.variants:
        assert variant.height > variant.width
        with Image.open(tmp_path / "cache" / variant.file) as made:
            exif = made.getexif()
            assert not exif.get_ifd(IFD.GPSInfo)
            assert exif.get(0x0112, 1) == 1


def test_small_photo_gets_one_size(tmp_path):
    source = photo(tmp_path / "liten.jpg", size=(300, 200), gps=False)
    result = variants.make(source, "s" * 16, "liten", WIDTHS, 72, tmp_path / "cache")
    assert {v.width for v in result.variants} == {300}


def test_cache_hit_needs_every_file_and_key_follows_content_and_settings(tmp_path):
    source = photo(tmp_path / "a.jpg")
    key = variants.digest(source, WIDTHS, 72)
    made = variants.make(source, key, "a", WIDTHS, 72, tmp_path / "cache")
    assert variants.cached(tmp_path / "cache", key) == made
    assert variants.digest(source, WIDTHS, 80) != key
    assert variants.digest(source, (480,), 72) != key
    (tmp_path / "cache" / made.variants[0].file).unlink()
    assert variants.cached(tmp_path / "cache", key) is None


def test_second_build_processes_no_image(tmp_path):
    settings = {"RESPONSIVE_IMAGES": json.dumps({"cache": str(tmp_path / "cache")})}
    first = build(SITE / "settings.py", tmp_path / "one", extra=settings, fatal=False, verbose=True)
    second = build(SITE / "settings.py", tmp_path / "two", extra=settings, fatal=False, verbose=True)

    def counts(log):
        match = re.search(r"responsive_images: (\d+) photos, (\d+) made, (\d+) reused", log)
        assert match, log
        return tuple(map(int, match.groups()))

    assert counts(first.log) == (1, 1, 0)
    assert counts(second.log) == (1, 0, 1)
    assert sorted(p.name for p in (tmp_path / "two/images/v").iterdir()) == sorted(
        p.name for p in (tmp_path / "one/images/v").iterdir()
    )
