"""Helpers for the archive importer tests: export fixtures made real, zipped, and trees hashed.

Fixtures in tests/fixtures/exports/<case>/ hold the JSON and CSV files as the platforms write
them. The photos and videos they refer to are made here at test time, tiny, with EXIF GPS in
every photo so that the tests can prove it is stripped.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import struct
import zipfile
from pathlib import Path

from PIL import Image
from PIL.ExifTags import IFD

from social_archive import cli
from social_archive.exports.meta import repair

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
ROOT_OF = re.compile(r"^(?P<root>(?:[^/]+/)*?)(?:your_instagram_activity/|content/|threads/)")
PHOTO_SIZE = (8, 4)  # stored as 4×8: every test photo has EXIF orientation 6 (rotate 90°)


def exif_with_gps(image: Image.Image) -> Image.Exif:
    exif = image.getexif()
    exif[0x0112] = 6
    exif[0x010F] = "Kamera AB"
    exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 12.0)})
    return exif


def photo(name: str, fmt: str) -> bytes:
    """A few hundred bytes: a colour from the name, EXIF with GPS and orientation 6."""
    colour = tuple(hashlib.sha256(name.encode()).digest()[:3])
    image = Image.new("RGB", PHOTO_SIZE, colour)
    out = io.BytesIO()
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    image.save(out, fmt, exif=exif_with_gps(image).tobytes())
    return out.getvalue()


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def tiny_mp4(width: int = 640, height: int = 360, payload: bytes = b"") -> bytes:
    """Not playable, but shaped like an MP4: ftyp, moov/trak/tkhd with a size, and mdat."""
    matrix = struct.pack(">9i", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    tkhd = (
        struct.pack(">I5I8x4H", 3, 0, 0, 1, 0, 1000, 0, 0, 0, 0)
        + matrix
        + struct.pack(">II", width << 16, height << 16)
    )
    return (
        box(b"ftyp", b"isom\x00\x00\x02\x00isom")
        + box(b"mdat", payload or b"\x00" * 64)
        + box(b"moov", box(b"trak", box(b"tkhd", tkhd)))
    )


MAKERS = {
    ".jpg": lambda name: photo(name, "JPEG"),
    ".webp": lambda name: photo(name, "WEBP"),
    ".png": lambda name: photo(name, "PNG"),
    ".heic": lambda name: photo(name, "HEIF"),
    ".mp4": lambda name: tiny_mp4(payload=name.encode()),
}


def uris(value) -> list[str]:
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in ([v] if k == "uri" and isinstance(v, str) else uris(v))]
    if isinstance(value, list):
        return [u for v in value for u in uris(v)]
    return []


def materialise(case: str, tmp_path: Path) -> Path:
    """The fixture copied into tmp_path, with every photo and video its JSON refers to."""
    folder = tmp_path / "src" / case
    shutil.copytree(FIXTURES / case, folder)
    for document in sorted(folder.rglob("*.json")):
        relative = document.relative_to(folder).as_posix()
        if "__MACOSX" in relative or document.name.startswith("._") or not (match := ROOT_OF.match(relative)):
            continue
        for uri in uris(json.loads(document.read_bytes())):
            target = folder / match["root"] / repair(uri)
            if uri and "saknas" not in uri and not target.exists() and target.suffix in MAKERS:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(MAKERS[target.suffix](repair(uri)))
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip a folder as the platforms do, with fixed dates so the same tree gives the same bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (2025, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return target


def export(case: str, tmp_path: Path, zipped: bool = True) -> Path:
    folder = materialise(case, tmp_path)
    return zip_folder(folder, tmp_path / f"{case}.zip") if zipped else folder


def instagram_posts(count: int) -> list[dict]:
    """Instagram posts_1.json entries, one photo each at media/posts/202401/1790000000000000<n>.jpg."""
    return [{"media": [{"uri": f"media/posts/202401/1790000000000000{n}.jpg",
                        "creation_timestamp": 1704800000 + n, "title": str(n)}]} for n in range(count)]


def make_zip(target: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return target


def tree(path: Path) -> dict[str, str]:
    """Every file and folder under path → sha256 of its bytes ('dir' for folders)."""
    if not path.exists():
        return {}
    return {
        p.relative_to(path).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
    }


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def posts_in(archive: Path) -> dict[str, dict]:
    """Stored post files by id, as parsed JSON."""
    found = {}
    for path in sorted(archive.glob("*/*/*.json")):
        if path.parts[-3] != "media":
            document = json.loads(path.read_text(encoding="utf-8"))
            found[document["id"]] = document
    return found


SUMMARY_LINE = re.compile(
    r"^(?:Totalt|(?P<export>.+) \((?P<platform>[\w, ]+)\)): (?P<read>\d+) lästa? = (?P<added>\d+) (?:nytt|nya) "
    r"\+ (?P<updated>\d+) ändra(?:t|de) \+ (?P<unchanged>\d+) oförändra(?:t|de) "
    r"\+ (?P<skipped>\d+) överhoppa(?:t|de) \+ (?P<repeats>\d+) upprepning(?:ar)?\.?$"
)
PARTS = ("added", "updated", "unchanged", "skipped", "repeats")


def totals(out: str) -> list[dict[str, int]]:
    """The counts of each summary line of the import's output, the total last."""
    found = [m.groupdict() for line in out.splitlines() if (m := SUMMARY_LINE.match(line))]
    return [{k: int(v) for k, v in f.items() if k not in ("export", "platform")} for f in found]
