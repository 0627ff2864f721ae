"""Phone videos arrive with where they were filmed and with what: the import takes it out before
the video reaches the archive (and git), so the site can publish it (video_metadata.strip_private_metadata)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest

from social_archive.video_metadata import private_metadata
from tests.archive_support import posts_in, run, tiny_mp4
from tests.golden import SITE
from tests.sitebuild import build
from tests.test_archive_real_instagram import instagram_zip
from tests.test_public_privacy import exiftool, private_tags, tagged_mp4

VIDEO = "media/posts/202405/18070000000000001.mp4"


def with_exiftool_tags(tmp_path, *assignments: str) -> bytes:
    path = tmp_path / "exif.mp4"
    path.write_bytes(tiny_mp4(payload=b"filmad"))
    if shutil.which("exiftool") is None:
        pytest.fail("exiftool is missing: install Debian's libimage-exiftool-perl (.ci/run does)")
    subprocess.run(["exiftool", "-q", "-overwrite_original", *assignments, str(path)], check=True)
    return path.read_bytes()


@pytest.mark.parametrize("case", ["user data", "keys", "item list", "xmp"])
def test_place_and_camera_are_taken_out_at_import_and_the_film_is_kept(case, tmp_path):
    gps = "59.3293 N, 18.0686 E"
    video = {
        "user data": lambda: tagged_mp4(),
        "keys": lambda: with_exiftool_tags(tmp_path, f"-Keys:GPSCoordinates={gps}", "-Keys:Make=Kamera AB"),
        "item list": lambda: with_exiftool_tags(tmp_path, f"-ItemList:GPSCoordinates={gps}"),
        "xmp": lambda: with_exiftool_tags(tmp_path, "-XMP:GPSLatitude=59.3293", "-XMP:Make=Kamera AB"),
    }[case]()
    assert private_tags(exiftool_of(tmp_path, video)), "the case carries place or camera"
    archive = tmp_path / "arkiv"
    post = {"media": [{"uri": VIDEO, "creation_timestamp": 1714550400, "title": "Film från besöket"}]}
    code, out, err = run(instagram_zip(tmp_path / "ig.zip", [post], {VIDEO: video}), "--archive", archive)
    assert (code, err) == (0, ""), out
    (stored,) = posts_in(archive).values()
    kept = archive / stored["media"][0]["path"]
    assert stored["media"][0]["kind"] == "video" and private_metadata(kept) == []
    assert not private_tags(exiftool(kept)[0]), "exiftool finds no place or camera either"
    data = kept.read_bytes()
    assert len(data) == len(video) and b"filmad" in data, "blanked in place: the film and its offsets stay"
    assert kept.name.startswith(hashlib.sha256(data).hexdigest()), "named by what is stored"


def exiftool_of(tmp_path, data: bytes) -> dict:
    path = tmp_path / "before.mp4"
    path.write_bytes(data)
    return exiftool(path)[0]


def test_an_imported_phone_video_is_published_without_stopping_the_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    post = {"media": [{"uri": VIDEO, "creation_timestamp": 1714550400, "title": "Film från besöket"}]}
    code, _, err = run(instagram_zip(tmp_path / "ig.zip", [post], {VIDEO: tagged_mp4()}), "--archive",
                       content / "archive")
    assert (code, err) == (0, "")
    result = build(SITE / "settings.py", tmp_path / "out", content=content)
    assert result.returncode == 0, result.log
    (published,) = (tmp_path / "out/arkiv/media").rglob("*.mp4")
    assert not private_tags(exiftool(published)[0])
