"""The video check finds place and camera metadata where phones and cameras write it, and nothing in
a clean video; each case is an MP4 built here box by box, and exiftool confirms what it holds."""

from __future__ import annotations

import struct

import pytest

from social_archive.video_metadata import VideoError, private_metadata
from tests.archive_support import box, tiny_mp4
from tests.test_public_privacy import exiftool, private_tags, user_data

XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' \
      b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="59,19.8N"/></rdf:RDF></x:xmpmeta>'


def full_box(kind: bytes, body: bytes) -> bytes:
    return box(kind, b"\x00\x00\x00\x00" + body)


def with_moov_boxes(*extra: bytes) -> bytes:
    """tiny_mp4 with more boxes inside moov."""
    plain = tiny_mp4()
    moov = plain.index(b"moov") - 4
    return plain[:moov] + box(b"moov", plain[moov + 8:] + b"".join(extra))


def apple_keys(*names: str) -> bytes:
    """moov/meta as an iPhone writes it: hdlr mdta, the key table, and the values in ilst."""
    hdlr = full_box(b"hdlr", b"\x00" * 4 + b"mdta" + b"\x00" * 12 + b"\x00")
    entries = b"".join(struct.pack(">I", 8 + len(n)) + b"mdta" + n.encode() for n in names)
    keys = full_box(b"keys", struct.pack(">I", len(names)) + entries)
    values = b"".join(box(struct.pack(">I", i), box(b"data", struct.pack(">II", 1, 0) + b"+59.3293+018.0686/"))
                      for i, _ in enumerate(names, start=1))
    return box(b"meta", hdlr + keys + box(b"ilst", values))


def encoder_tag() -> bytes:
    """udta/meta/ilst/©too, which every encoder writes: not private."""
    hdlr = full_box(b"hdlr", b"\x00" * 4 + b"mdir" + b"appl" + b"\x00" * 9)
    too = box(b"\xa9too", box(b"data", struct.pack(">II", 1, 0) + b"Lavf61.7.100"))
    return box(b"udta", full_box(b"meta", hdlr + box(b"ilst", too)))


def telemetry_track() -> bytes:
    hdlr = full_box(b"hdlr", b"\x00" * 4 + b"meta" + b"\x00" * 12 + b"GoPro MET\x00")
    return box(b"trak", box(b"mdia", hdlr))


CASES = {
    "iphone location and camera keys": (
        with_moov_boxes(apple_keys("com.apple.quicktime.location.ISO6709", "com.apple.quicktime.model")),
        ["platsuppgifter (GPS)", "kamerans modell"],
    ),
    "android 3gpp location": (
        with_moov_boxes(box(b"udta", full_box(b"loci", b"\x15\xc7Ekby\x00" + b"\x00" * 13))),
        ["platsuppgifter (GPS)"],
    ),
    "quicktime user data": (
        with_moov_boxes(box(b"udta", user_data(b"\xa9xyz", "+59.3293+018.0686/") + user_data(b"\xa9mak", "Kamera AB"))),
        ["platsuppgifter (GPS)", "kamerans tillverkare"],
    ),
    "xmp uuid box at the top level": (
        tiny_mp4() + box(b"uuid", XMP_UUID + XMP),
        ["XMP-uppgifter"],
    ),
    "gopro telemetry track": (
        with_moov_boxes(telemetry_track()),
        ["ett spår med mätdata från kameran (till exempel GPS)"],
    ),
    "clean, with only an encoder tag": (with_moov_boxes(encoder_tag()), []),
    "clean": (tiny_mp4(), []),
}


@pytest.mark.parametrize("case", CASES)
def test_private_metadata_is_found_where_it_is_written(case, tmp_path):
    data, expected = CASES[case]
    path = tmp_path / "film.mp4"
    path.write_bytes(data)
    assert private_metadata(path) == expected


def test_exiftool_agrees_that_the_tagged_cases_carry_place_or_camera(tmp_path):
    """So the cases above are real metadata, not boxes only this module would read as such."""
    for name in ("iphone location and camera keys", "quicktime user data", "xmp uuid box at the top level"):
        (tmp_path / f"{len(name)}.mp4").write_bytes(CASES[name][0])
        assert private_tags(exiftool(tmp_path / f"{len(name)}.mp4")[0]), name
    (tmp_path / "ren.mp4").write_bytes(CASES["clean, with only an encoder tag"][0])
    assert not private_tags(exiftool(tmp_path / "ren.mp4")[0])


NOT_VIDEOS = [b"<html>ingen film</html>", box(b"ftyp", b"isom") + b"\xff" * 20, box(b"ftyp", b"isom")]


@pytest.mark.parametrize("data", NOT_VIDEOS)
def test_a_file_that_is_not_a_readable_video_is_refused(data, tmp_path):
    path = tmp_path / "film.mp4"
    path.write_bytes(data)
    with pytest.raises(VideoError):
        private_metadata(path)
