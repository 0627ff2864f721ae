"""What a file's bytes are, for caches and the archive: its SHA-256, and a content key.

`file_sha256` is the SHA-256 of the bytes (the archive names its media by it). `content_key` is
what the photo variants and the share images are cached by: git's blob id of the file. For a file
git holds unchanged it comes from git's index, so a build in a fresh checkout (CI) reads none of
a ten-year site's photos to know that their copies are still good; git itself compares the
working tree with the index by content where its stat data cannot tell, so nothing here relies
on file times. Any other file (not in git, changed, or no git at all) is hashed the way git
hashes it, so a file has the same key before and after it is committed.

Both are kept per version of the file in a process (size and modification time), so the live
preview, which asks on every save, reads a photo again only when it changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from functools import lru_cache
from pathlib import Path


def file_sha256(path: Path):
    """A hashlib sha256 object fed with the file's bytes; a fresh copy, free to update further."""
    stat = path.stat()
    return _hashed(path, stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=8192)
def _hashed(path: Path, mtime_ns: int, size: int):
    return hashlib.sha256(path.read_bytes())


def content_key(path: Path) -> str:
    """Git's blob id of the file's bytes (hex), from the index when git holds the file unchanged."""
    stat = os.stat(path)
    version = (stat.st_mtime_ns, stat.st_size)
    remembered = os.path.isabs(path)  # a relative path names another file once the directory changes
    known = _known.get(path) if remembered else None
    if known is not None and known[0] == version:
        return known[1]
    absolute = Path(os.path.abspath(path))
    listed = _unchanged_in_git(_repository(absolute.parent)).get(absolute)
    if listed is not None and listed[1] == version:  # still as it was when git was asked
        key = listed[0]
    else:
        key = _blob_id(absolute, *version)
    if remembered:
        _known[path] = (version, key)
    return key


# Each file's key at its last (mtime, size), by its absolute path: the share images ask for the
# font's key and each photo's once per card, thousands of times per preview build.
_known: dict[Path | str, tuple[tuple[int, int], str]] = {}


@lru_cache(maxsize=8192)
def _blob_id(path: Path, mtime_ns: int, size: int) -> str:
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@lru_cache(maxsize=64)
def _repository(folder: Path) -> Path | None:
    """The top of the git work tree holding the folder, or None."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@lru_cache(maxsize=8)
def _unchanged_in_git(top: Path | None) -> dict[Path, tuple[str, tuple[int, int]]]:
    """Every file git holds as committed or staged and unchanged in the work tree: its blob id and
    its (mtime, size) when git was asked, so that a later change in this process is noticed."""
    if top is None:
        return {}
    try:
        listed = _git(top, "ls-files", "--stage", "-z")
        changed = set(_git(top, "diff-files", "--name-only", "-z").split("\0"))
    except (OSError, subprocess.CalledProcessError):
        return {}  # no git, or not a repository after all: every file is hashed
    found = {}
    for entry in filter(None, listed.split("\0")):
        info, name = entry.split("\t", 1)
        mode, blob, stage = info.split()
        if stage != "0" or name in changed or not mode.startswith("100"):  # conflicts, edits, links, submodules
            continue
        try:
            stat = (top / name).stat()
        except OSError:
            continue
        found[top / name] = (blob, (stat.st_mtime_ns, stat.st_size))
    return found


def _git(top: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(top), *args], capture_output=True, check=True, text=True,
                          encoding="utf-8", errors="surrogateescape").stdout
