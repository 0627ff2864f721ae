"""Does an MP4 or MOV video carry where it was filmed, or with what? Read from its boxes, nothing decoded.

The importer copies videos byte for byte, and no well-kept Python library removes this kind of
metadata reliably (mutagen edits only the iTunes tag list, not QuickTime's location and camera
entries; the tools that do, such as ffmpeg and exiftool, are programs every user would have to
install). So a video is checked before it is published, and one that carries any of this is
refused with a message saying how to clean it:

- QuickTime user data: ©xyz (ISO 6709 position), ©mak and ©mod (camera make and model);
- 3GPP location (loci), as Android phones write;
- Apple's metadata keys (moov/meta/keys): com.apple.quicktime.location.ISO6709, .make, .model …;
- XMP (an XMP_ box or the XMP uuid box), which can hold both;
- action cameras' telemetry: GoPro's GPMF box, and timed metadata tracks (handler meta or camm)
  that carry GPS samples.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from photo_files import PhotoError, inside

from .media import MOOV_LIMIT, boxes

USER_DATA = {
    b"\xa9xyz": "platsuppgifter (GPS)",
    b"loci": "platsuppgifter (GPS)",
    b"\xa9mak": "kamerans tillverkare",
    b"\xa9mod": "kamerans modell",
    b"XMP_": "XMP-uppgifter",
    b"GPMF": "mätdata från kameran (GPS)",
}
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
TELEMETRY_HANDLERS = {b"meta", b"camm"}
PRIVATE_KEYS = {"location": "platsuppgifter (GPS)", "make": "kamerans tillverkare",
                "model": "kamerans modell", "serial": "kamerans serienummer", "lens": "objektivets modell"}
CONTAINERS = {b"moov", b"trak", b"mdia", b"udta", b"ilst"}
# Boxes read into memory from the top level; mdat (the film itself) is skipped over.
READ_AT_TOP = {b"moov", b"udta", b"meta", b"uuid"}


class VideoError(Exception):
    """The video cannot be checked (not an MP4/MOV file, or damaged); the message is Swedish."""


def refusal(content_dir: Path, rel: str) -> str | None:
    """Why the video at rel (in the content folder) may not be published, in Swedish, or None."""
    try:
        found = private_metadata(inside(content_dir, rel))
    except (PhotoError, VideoError) as error:
        return str(error)
    if not found:
        return None
    listed = ", ".join(found[:-1]) + " och " + found[-1] if len(found) > 1 else found[0]
    return (f"innehåller {listed}; rensa filen (i mappen content), till exempel med "
            f"exiftool -all= -overwrite_original {rel}")


def private_metadata(path: Path) -> list[str]:
    """What the video tells about place or camera, in Swedish, each once; [] if nothing."""
    found: list[str] = []
    with path.open("rb") as file:
        top = list(_top_level(file))
    if not any(kind == b"moov" for kind, _ in top):
        raise VideoError("är ingen MP4- eller MOV-film som går att läsa (den saknar filmens huvud, moov)")
    for kind, body in top:
        _inspect(kind, body, found)
    return list(dict.fromkeys(found))


def _top_level(file: BinaryIO):
    """(type, body) of each top-level box; bodies only for the boxes that can hold metadata."""
    for offset, header, size, kind in _top_level_offsets(file):
        if kind in READ_AT_TOP:
            if size - header > MOOV_LIMIT:
                raise VideoError("har ett huvud (moov) som är för stort för att granskas")
            file.seek(offset + header)
            yield kind, file.read(size - header)
        else:
            yield kind, b""


def _inspect(kind: bytes, body: bytes, found: list[str]) -> None:
    if kind in USER_DATA:
        found.append(USER_DATA[kind])
    elif kind == b"uuid" and body[:16] == XMP_UUID:
        found.append("XMP-uppgifter")
    elif kind == b"meta":
        _inspect_meta(body, found)
    elif kind == b"hdlr" and len(body) >= 12 and body[8:12] in TELEMETRY_HANDLERS:
        found.append("ett spår med mätdata från kameran (till exempel GPS)")
    elif kind in CONTAINERS:
        for inner, inner_body in boxes(body):
            _inspect(inner, inner_body, found)


def _inspect_meta(body: bytes, found: list[str]) -> None:
    # ISO's meta box starts with version and flags; QuickTime's (moov/meta) does not.
    children = body if body[4:8] == b"hdlr" else body[4:]
    for kind, inner in boxes(children):
        if kind == b"keys":
            _inspect_keys(inner, found)
        else:
            _inspect(kind, inner, found)


def _inspect_keys(body: bytes, found: list[str]) -> None:
    """Apple's key table: version/flags, count, then (size, namespace, name) entries."""
    offset = 8
    while offset + 8 <= len(body):
        size = struct.unpack_from(">I", body, offset)[0]
        if size < 8:
            return
        name = body[offset + 8 : offset + size].decode("utf-8", "replace").lower()
        found.extend(label for word, label in PRIVATE_KEYS.items() if word in name)
        offset += size


# Boxes that hold only descriptive metadata (title, place, camera, XMP): blanked at import.
USER_METADATA = {b"udta", b"meta"}


def strip_private_metadata(path: Path) -> None:
    """Blank every metadata box of the video at path, in place, so no place or camera is kept.

    No maintained Python library rewrites MP4/MOV metadata (mutagen edits only the iTunes list;
    ffmpeg and exiftool are programs every user would have to install). A box can be blanked
    without moving a byte: its type becomes `free` (ISO/IEC 14496-12's padding box, which every
    player skips) and its content zeros, so every offset into the film stays valid. Afterwards
    private_metadata must find nothing; what is left (a camera's telemetry track, which lives
    in the film data) raises VideoError, and the import keeps that video out.
    """
    with path.open("r+b") as file:
        for offset, header, size, kind in _top_level_offsets(file):
            if _is_metadata(file, kind, offset + header):
                _blank(file, offset, header, size)
            elif kind == b"moov":
                _strip_inside(file, offset + header, offset + size, depth=0)
    found = private_metadata(path)
    if found:
        raise VideoError(f"har {found[0]} som inte går att ta bort ur filmen")


def _strip_inside(file, start: int, end: int, depth: int) -> None:
    offset = start
    while offset + 8 <= end and depth < 4:
        file.seek(offset)
        size, kind = struct.unpack(">I4s", file.read(8))
        if size < 8 or offset + size > end:
            return
        if _is_metadata(file, kind, offset + 8):
            _blank(file, offset, 8, size)
        elif kind in (b"trak", b"mdia"):
            _strip_inside(file, offset + 8, offset + size, depth + 1)
        offset += size


def _top_level_offsets(file: BinaryIO):
    """(offset, header length, size, type) of each top-level box, checked to hang together."""
    file.seek(0, 2)
    end = file.tell()
    offset = 0
    while offset + 8 <= end:
        file.seek(offset)
        size, kind = struct.unpack(">I4s", file.read(8))
        header = 8
        if size == 1:
            if offset + 16 > end:  # the 64-bit size itself is cut off
                raise VideoError("är ingen MP4- eller MOV-film som går att läsa (den är avklippt)")
            size, header = struct.unpack(">Q", file.read(8))[0], 16
        elif size == 0:
            size = end - offset  # the last box runs to the end of the file
        if size < header or offset + size > end or not kind.isascii() or not kind.decode().isprintable():
            raise VideoError("är ingen MP4- eller MOV-film som går att läsa (dess delar hänger inte ihop)")
        yield offset, header, size, kind
        offset += size


def _is_metadata(file, kind: bytes, body: int) -> bool:
    """A user-data or meta box, or an XMP uuid box (its body starts with XMP's 16-byte uuid)."""
    if kind == b"uuid":
        file.seek(body)
        return file.read(16) == XMP_UUID
    return kind in USER_METADATA


def _blank(file, offset: int, header: int, size: int) -> None:
    file.seek(offset + 4)
    file.write(b"free")
    file.seek(offset + header)
    remaining = size - header
    while remaining > 0:
        chunk = min(remaining, 1 << 20)
        file.write(b"\0" * chunk)
        remaining -= chunk
