"""Is a content file a photo we may read and publish? One answer for the variants, the share
cards and the archive.

Content can come from a pull request, so nothing is taken on trust: a file must lie inside the
content folder once symlinks are followed (a link to a file elsewhere on the machine is never
read), and Pillow must recognise it as JPEG, PNG or WebP whatever its name says. The answer is
kept per version of the file (size and modification time), as in file_digest.
"""

from __future__ import annotations

import os
import stat
import struct
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Images that are not made into copies, so never published: each can carry EXIF or XMP.
OTHER_IMAGE_SUFFIXES = (".gif", ".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp", ".jxl", ".dng", ".svg")
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}  # MPO: phone JPEGs with a depth map
# Phones take 100- and 200-megapixel photos; Pillow warns (a raw English line) from 89 million
# pixels and refuses from 179 million. The refusal stays, as a Swedish message (a small file that
# would decode to gigabytes is an attack); the warning goes, in every process that imports this.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

# What Pillow raises for a file it cannot decode; DecompressionBombError for absurd sizes.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, struct.error, Image.DecompressionBombError)


class PhotoError(Exception):
    """A photo is not published; the message (Swedish) says why and what to do, without the file name."""


class PhotoMissing(PhotoError):
    """No file at that path (content_checks names the page that links to it)."""


def is_photo_name(path: str) -> bool:
    return path.lower().endswith(PHOTO_SUFFIXES)


def inside(content_dir: Path, rel: str) -> Path:
    """The real path of a content file, or PhotoError if it is missing or lies outside the content folder."""
    parts = [part for part in rel.split("/") if part not in ("", ".")]
    if rel.startswith("/") or ".." in parts:
        return _inside_resolved(content_dir, rel)
    # No part is "..": when none is a link either, the file lies inside by construction. One lstat
    # per part; pathlib's resolve took ten times as long, for thousands of archive photos a build.
    path, mode = os.fspath(content_dir), None
    for part in parts:
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise PhotoMissing("finns inte") from None
        if stat.S_ISLNK(mode):
            raise PhotoError(_LINK)
    if mode is None or not stat.S_ISREG(mode):
        raise PhotoMissing("finns inte")
    return Path(os.path.realpath(content_dir), *parts)


_LINK = "är en symbolisk länk och används inte; lägg själva filen i content/"


def _inside_resolved(content_dir: Path, rel: str) -> Path:
    """inside() for a path with ".." or an absolute one (rare): where it leads takes resolving."""
    path = content_dir / rel
    # No link is followed, even one that stays inside: content/ can come from a pull request, and
    # a committed link could publish any file of the machine that builds the site.
    for depth in range(1, len(Path(rel).parts) + 1):
        if (content_dir / Path(*Path(rel).parts[:depth])).is_symlink():
            raise PhotoError(_LINK)
    real = path.resolve()
    if not real.is_relative_to(content_dir.resolve()):
        raise PhotoError("ligger utanför mappen content/ (eller är en länk dit) och används inte; "
                         "lägg själva filen i content/")
    if not real.is_file():
        raise PhotoMissing("finns inte")
    return real


def photo_file(content_dir: Path, rel: str) -> Path:
    """The real path of a readable photo, or PhotoError saying why it cannot be used."""
    real = inside(content_dir, rel)
    found = real.stat()
    problem = _format_problem(real, found.st_mtime_ns, found.st_size)
    if problem:
        raise PhotoError(problem)
    return real


@lru_cache(maxsize=8192)
def _format_problem(path: Path, mtime_ns: int, size: int) -> str | None:
    """Reads only the header: the pixels are decoded once, when the variants are made."""
    try:
        with Image.open(path) as image:
            found = image.format
    except Image.DecompressionBombError:
        return "är för stor för att göras om (fler än 178 miljoner bildpunkter); minska den först"
    except UNREADABLE:
        return "är ingen bild som går att läsa (JPEG, PNG eller WebP), fast namnet ser ut så; spara om den som JPEG"
    if found not in FORMATS:
        return f"är en bild i formatet {found}, inte JPEG, PNG eller WebP; spara om den som JPEG"
    return None
