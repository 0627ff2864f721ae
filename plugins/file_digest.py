"""SHA-256 of a file's bytes, read once per version of the file in a process.

Shared by the photo variants and the share images, whose cache keys start from a photo's bytes.
The live preview asks for the same keys on every save; a photo is read again only when its
size or modification time changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def file_sha256(path: Path):
    """A hashlib sha256 object fed with the file's bytes; a fresh copy, free to update further."""
    stat = path.stat()
    return _hashed(path, stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=8192)
def _hashed(path: Path, mtime_ns: int, size: int):
    return hashlib.sha256(path.read_bytes())
