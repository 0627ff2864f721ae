"""Photos and videos for the archive: cleaned, measured and named by the hash of what is stored.

Photos are re-saved without any metadata (EXIF with GPS and camera serials, XMP, comments);
the EXIF orientation is applied to the pixels first, so no orientation tag is needed. Only the
ICC colour profile is kept: iPhone photos are Display P3 and look wrong without it. HEIC, which
most browsers cannot show, becomes JPEG. Videos are copied byte for byte; their size is read
from the MP4 track header without decoding anything.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pillow_heif
from PIL import Image

from .model import MediaKind

ORIENTATION = 0x0112
# EXIF orientation → the turn that shows the photo upright (as ImageOps.exif_transpose does).
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Pillow's format of the source → (format to save, file extension, save options).
IMAGE_OUTPUT: dict[str, tuple[str, str, dict[str, object]]] = {
    "JPEG": ("JPEG", "jpg", {"quality": 92, "optimize": True}),
    "MPO": ("JPEG", "jpg", {"quality": 92, "optimize": True}),  # phone JPEGs with a depth map
    "WEBP": ("WEBP", "webp", {"quality": 90, "method": 4}),
    "PNG": ("PNG", "png", {"optimize": True}),
    "HEIF": ("JPEG", "jpg", {"quality": 92, "optimize": True}),  # browsers cannot show HEIC
}
# Top-level boxes an old QuickTime file may start with instead of ftyp.
QUICKTIME_START = {b"moov", b"mdat", b"wide", b"free", b"skip"}
HEAD_BYTES = 64  # enough for the ftyp box's major brand
# ftyp major brands of still images (HEIF, AVIF): never taken for a video even if libheif cannot read them.
STILL_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis"}
MOOV_LIMIT = 64 * 1024 * 1024  # the metadata box; anything larger is not a real phone video
# Pillow raises these for files it cannot decode; TypeError for a mistyped EXIF tag while rotating.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, struct.error, TypeError)
TOO_LARGE = "bilden är för stor (fler än 178 miljoner bildpunkter); minska den och exportera igen"
NOT_A_VIDEO = (
    "filen är ingen video (MP4, MOV) fast början ser ut så: den saknar filmens innehållsförteckning (moov)"
)
DAMAGED_VIDEO = "videon är trasig eller avklippt (en ruta i filen är kortare än den säger)"


class MediaError(Exception):
    """A photo or video cannot be archived; the message says why (in Swedish)."""


@dataclass(frozen=True)
class Prepared:
    sha256: str
    extension: str
    width: int | None
    height: int | None
    kind: MediaKind = "image"

    @property
    def path(self) -> str:
        """Relative to the archive folder; content-addressed, so each file is stored once."""
        return f"media/{self.sha256[:2]}/{self.sha256}.{self.extension}"


def kind_of(head: bytes) -> tuple[MediaKind, str]:
    """("video", "mp4" or "mov") or ("image", "") from a file's first bytes."""
    pillow_heif.register_heif_opener()
    if head[4:8] == b"ftyp":
        if head[8:12] in STILL_IMAGE_BRANDS or pillow_heif.is_supported(io.BytesIO(head)):
            return "image", ""
        return "video", "mov" if head[8:12] == b"qt  " else "mp4"
    if head[4:8] in QUICKTIME_START:
        return "video", "mov"
    return "image", ""


def prepare_image(data: bytes) -> tuple[Prepared, bytes]:
    """The cleaned photo's bytes and what the archive records about it."""
    pillow_heif.register_heif_opener()  # idempotent; lets Image.open read HEIC
    try:
        with warnings.catch_warnings():
            # Phones take 100- and 200-megapixel photos, and odd EXIF makes Pillow warn: its raw
            # English warnings are not for the leader (the metadata is dropped in any case).
            warnings.simplefilter("ignore")
            cleaned, extension, (width, height) = clean_image(data)
    except Image.UnidentifiedImageError:
        raise MediaError("filen är varken en bild (JPEG, PNG, WebP, HEIC) eller en video (MP4, MOV)") from None
    except Image.DecompressionBombError:
        raise MediaError(TOO_LARGE) from None
    except UNREADABLE as error:
        raise MediaError(f"bilden kan inte läsas ({error})") from None
    return Prepared(hashlib.sha256(cleaned).hexdigest(), extension, width, height), cleaned


def clean_image(data: bytes) -> tuple[bytes, str, tuple[int, int]]:
    """The photo re-saved upright without metadata, its file extension and its size."""
    with Image.open(io.BytesIO(data)) as source:
        fmt, extension, options = IMAGE_OUTPUT.get(source.format or "", IMAGE_OUTPUT["JPEG"])
        orientation = source.getexif().get(ORIENTATION, 1)
        icc = source.info.get("icc_profile")
        if source.format == "JPEG" and orientation in (0, 1):
            # Nothing to rotate: re-use the JPEG's own quantisation, which is nearly lossless.
            image, options = source, {"quality": "keep", "subsampling": "keep", "qtables": "keep"}
        else:
            # Turned by hand, not ImageOps.exif_transpose: that re-writes every EXIF tag, and a
            # mistyped one (a text where a number belongs) raises TypeError; the tags are dropped anyway.
            method = TURNS.get(orientation)
            image = source.transpose(method) if method is not None else source.copy()
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
        image.info = {}  # drops EXIF, XMP and comments, which Pillow would otherwise carry over
        output = io.BytesIO()
        image.save(output, fmt, **options, **({"icc_profile": icc} if icc else {}))
        return output.getvalue(), extension, image.size


def prepare_video(chunks: Iterator[bytes], extension: str, sink: BinaryIO | None) -> Prepared:
    """Hash (and, unless dry-run, write) a video as it streams past; measure it on the way.

    `extension` is what kind_of found in the content ("mp4" or "mov")."""
    stream = Tee(chunks, sink)
    try:
        found, width, height = mp4_size(stream)
    except struct.error:
        raise MediaError(DAMAGED_VIDEO) from None
    if not found:  # bytes that only start like a video are never stored as one
        raise MediaError(NOT_A_VIDEO)
    stream.drain()
    return Prepared(stream.digest.hexdigest(), extension, width, height, "video")


class Tee:
    """Reads from an iterator of chunks while hashing, and copying to a sink, every byte."""

    def __init__(self, chunks: Iterator[bytes], sink: BinaryIO | None) -> None:
        self.chunks, self.sink, self.digest = chunks, sink, hashlib.sha256()
        self.buffer = b""

    def _more(self) -> bool:
        chunk = next(self.chunks, b"")
        if chunk:
            self.digest.update(chunk)
            if self.sink is not None:
                self.sink.write(chunk)
            self.buffer += chunk
        return bool(chunk)

    def read(self, size: int) -> bytes:
        while len(self.buffer) < size and self._more():
            pass
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def skip(self, size: int) -> None:
        while size > 0:
            if not self.buffer and not self._more():
                return
            taken = min(size, len(self.buffer))
            self.buffer, size = self.buffer[taken:], size - taken

    def drain(self) -> None:
        self.buffer = b""
        while self._more():
            self.buffer = b""


def mp4_size(stream: Tee) -> tuple[bool, int | None, int | None]:
    """Whether there is a whole moov box, and the width and height of the first video track from
    moov/trak/tkhd (None if unknown). struct.error if a box header is cut short."""
    while header := stream.read(8):
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header)
        used = 8
        if size == 1:
            size, used = struct.unpack(">Q", stream.read(8))[0], 16
        if kind == b"moov" and used <= size <= MOOV_LIMIT:
            moov = stream.read(size - used)
            if len(moov) < size - used:
                raise struct.error("moov cut short")
            return (True, *track_size(moov))
        if size == 0 or size < used:
            break
        stream.skip(size - used)
    return False, None, None


def boxes(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    offset = 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, offset)
        if size < 8 or offset + size > len(data):
            return
        yield kind, data[offset + 8 : offset + size]
        offset += size


def track_size(moov: bytes) -> tuple[int | None, int | None]:
    for kind, trak in boxes(moov):
        if kind != b"trak":
            continue
        for inner, tkhd in boxes(trak):
            if inner != b"tkhd" or len(tkhd) < 84:
                continue
            # The header ends with a 3×3 matrix and width, height in 16.16 fixed point.
            a, b, _, c, d = struct.unpack_from(">5i", tkhd, len(tkhd) - 44)
            width, height = (v >> 16 for v in struct.unpack_from(">II", tkhd, len(tkhd) - 8))
            if width and height:
                rotated = a == 0 and d == 0 and b != 0 and c != 0  # 90° or 270° display rotation
                return (height, width) if rotated else (width, height)
    return None, None


def write_once(target: Path, data: bytes) -> None:
    """Write a content-addressed file unless it is already there (same name = same bytes)."""
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
