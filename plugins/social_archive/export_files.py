"""Read an export given as a .zip, an unpacked folder or one file: read-only, refusing anything hostile.

One file that is not a zip (Bluesky's repo.car) is an export of that one file; the readers judge
it by its content like any other export.

Exports come from the platforms, but the file reaching us may have been re-zipped, renamed or
tampered with, so every member name and size is checked before a single byte is read (the zip
hygiene rules of exports.md §6). Nothing here writes anywhere.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from .model import ArchiveError

MIB = 1024 * 1024
GIB = 1024 * MIB
CHUNK = MIB


class ExportError(ArchiveError):
    """An export cannot be read; `file` names the file inside the export (or the export itself)."""


@dataclass(frozen=True)
class Limits:
    """Caps that stop zip bombs and runaway files long before memory or disk runs out."""

    entry_bytes: int = 4 * GIB  # any one file (reels can be large videos)
    total_bytes: int = 64 * GIB  # all files of one export together
    document_bytes: int = 512 * MIB  # a JSON/CSV or photo read whole into memory
    ratio: int = 100  # uncompressed/compressed; real exports stay far below (JSON ~10)
    ratio_min_bytes: int = MIB  # tiny files compress well and cannot hurt
    entries: int = 200_000


class Export(Protocol):
    """An opened export. Member names are relative POSIX paths, NFC, without ignored junk."""

    name: str
    sha256: str

    def files(self) -> tuple[str, ...]: ...

    def size(self, member: str) -> int: ...

    def read_bytes(self, member: str) -> bytes: ...

    def stream(self, member: str, limit: int | None = None) -> Iterator[bytes]: ...


# Junk that macOS and Windows add when they re-zip a folder (exports.md §2.1): never content.
IGNORED_PARTS = frozenset({"__MACOSX"})
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})

# Member-name checks, first match wins: (test, problem shown to the leader).
NAME_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\x00"), "ogiltigt tecken (NUL) i filnamnet"),
    (re.compile(r"\\"), "bakstreck (\\) i sökvägen; exporten kan vara manipulerad"),
    (re.compile(r"^/"), "absolut sökväg; filer i en export måste ligga inuti den"),
    (re.compile(r"^[A-Za-z]:"), "enhetsbokstav i sökvägen; filer i en export måste ligga inuti den"),
    (re.compile(r"(^|/)\.\.(/|$)"), "sökvägen pekar ut ur exporten (..)"),
    (re.compile(r"(^|/)\.?(/|$)"), "ogiltig sökväg (tom del eller '.')"),
)


def name_problem(name: str) -> str | None:
    """Why a member name is refused, or None when it is a plain relative path."""
    return next((problem for rule, problem in NAME_RULES if rule.search(name)), None)


def is_ignored(member: str) -> bool:
    parts = member.split("/")
    return bool(IGNORED_PARTS.intersection(parts)) or parts[-1] in IGNORED_NAMES or parts[-1].startswith("._")


def megabytes(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size < 10 * MIB else f"{size / MIB:.0f} MB"


def too_large(member: str, size: int, limit: int) -> ExportError:
    return ExportError(member, f"filen är för stor ({megabytes(size)}; gränsen är {megabytes(limit)})")


# A file of posts (posts_1.json, Shares.csv) read whole: the import holds about ten times its size in
# memory (measured: 7 MB of JSON, 20,000 posts, peaks at 69 MB), so this caps it near 700 MB. A real
# export's file of posts is a few MB.
POSTS_FILE_BYTES = 64 * MIB


def read_posts_file(export: Export, member: str) -> bytes:
    """The whole file of posts, unless it is larger than any real one (ExportError)."""
    size = export.size(member)
    if size <= POSTS_FILE_BYTES:
        data = export.read_bytes(member)
        if len(data) <= POSTS_FILE_BYTES:
            return data
        size = len(data)
    raise ExportError(
        member,
        f"filen är för stor för en fil med inlägg ({megabytes(size)}; gränsen är "
        f"{megabytes(POSTS_FILE_BYTES)}, eftersom importen behöver omkring tio gånger så mycket minne); "
        "en riktig export har några MB",
    )


class _BaseExport:
    """Shared bookkeeping: the NFC name → raw name map, sizes, and the caps on reading."""

    def __init__(self, name: str, limits: Limits, members: dict[str, tuple[str, int]]) -> None:
        self.name = name
        self.limits = limits
        self._members = members  # NFC name → (raw name, uncompressed size)
        self.sha256 = ""

    def files(self) -> tuple[str, ...]:
        return tuple(sorted(m for m in self._members if not is_ignored(m)))

    def size(self, member: str) -> int:
        return self._entry(member)[1]

    def _entry(self, member: str) -> tuple[str, int]:
        try:
            return self._members[member]
        except KeyError:
            raise ExportError(member, "filen finns inte i exporten") from None

    def read_bytes(self, member: str) -> bytes:
        """A whole JSON, CSV or photo, held in memory: capped lower than a streamed video."""
        return b"".join(self.stream(member, self.limits.document_bytes))

    def stream(self, member: str, limit: int | None = None) -> Iterator[bytes]:
        limit = self.limits.entry_bytes if limit is None else limit
        raw, size = self._entry(member)
        if size > limit:
            raise too_large(member, size, limit)
        read = 0
        with self._open(member, raw) as handle:
            while chunk := self._read(member, handle):
                read += len(chunk)
                if read > limit:  # the file grew since it was listed, or the zip header lied
                    raise too_large(member, read, limit)
                yield chunk

    def _open(self, member: str, raw: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def _read(self, member: str, handle: BinaryIO) -> bytes:
        return handle.read(CHUNK)


def add_member(members: dict[str, tuple[str, int]], raw: str, size: int, limits: Limits) -> None:
    """Check one file's name and size and record it; raise ExportError on anything hostile."""
    if re.search("[\ud800-\udfff]", raw):  # undecodable bytes in a folder's file name
        shown = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise ExportError(shown, "filnamnet är inte giltig UTF-8")
    if problem := name_problem(raw):
        raise ExportError(raw, problem)
    name = unicodedata.normalize("NFC", raw)  # macOS zips may hold decomposed (NFD) names
    if name in members:
        raise ExportError(name, "filen finns två gånger i exporten")
    if size > limits.entry_bytes:
        raise too_large(name, size, limits.entry_bytes)
    if len(members) >= limits.entries:
        raise ExportError(name, f"exporten har fler än {limits.entries} filer")
    members[name] = (raw, size)


def check_total(name: str, members: dict[str, tuple[str, int]], limits: Limits) -> None:
    total = sum(size for _, size in members.values())
    if total > limits.total_bytes:
        raise ExportError(
            name,
            f"exporten är för stor uppackad ({megabytes(total)}; gränsen är {megabytes(limits.total_bytes)})",
        )


class ZipExport(_BaseExport):
    # Only errors that mean a damaged archive; anything else is a bug and should surface.
    DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)

    def __init__(self, path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
        members: dict[str, tuple[str, int]] = {}
        for info in archive.infolist():
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):  # a symlink member could point anywhere on the machine
                raise ExportError(info.filename, "symbolisk länk i zip-filen; sådana läses aldrig")
            if info.flag_bits & 0x1:
                raise ExportError(info.filename, "filen är krypterad (lösenordsskyddad zip)")
            if info.is_dir():
                if problem := name_problem(info.filename.rstrip("/")):
                    raise ExportError(info.filename, problem)
                continue
            add_member(members, info.filename, info.file_size, limits)
            big = info.file_size > limits.ratio_min_bytes
            if big and info.file_size > limits.ratio * max(info.compress_size, 1):
                times = info.file_size // max(info.compress_size, 1)
                problem = f"misstänkt zip-bomb: packas upp {times} gånger större (gränsen är {limits.ratio})"
                raise ExportError(info.filename, problem)
        check_total(path.name, members, limits)
        super().__init__(path.name, limits, members)
        self._zip = archive

    @contextmanager
    def _open(self, member: str, raw: str):
        try:
            with self._zip.open(raw) as handle:
                yield handle
        except self.DAMAGE as error:
            raise ExportError(member, f"filen kan inte packas upp; zip-filen är skadad ({error})") from None

    def _read(self, member: str, handle: BinaryIO) -> bytes:
        try:
            return handle.read(CHUNK)
        except self.DAMAGE as error:
            raise ExportError(member, f"filen kan inte packas upp; zip-filen är skadad ({error})") from None


class FolderExport(_BaseExport):
    def __init__(self, root: Path, limits: Limits) -> None:
        members: dict[str, tuple[str, int]] = {}
        for raw, size in walk(root, ""):
            add_member(members, raw, size, limits)
        check_total(root.name, members, limits)
        super().__init__(root.name, limits, members)
        self._root = root
        self.sha256 = self._manifest_sha256()

    def _manifest_sha256(self) -> str:
        """A folder's identity: the hash of a manifest of every file's name, size and content hash."""
        manifest = hashlib.sha256()
        for member, (_, size) in sorted(self._members.items()):
            content = hashlib.sha256()
            for chunk in self.stream(member):
                content.update(chunk)
            manifest.update(f"{member}\0{size}\0{content.hexdigest()}\n".encode())
        return manifest.hexdigest()

    @contextmanager
    def _open(self, member: str, raw: str):
        # A file or folder swapped for a symlink after the walk is still refused.
        path = self._root / raw
        if not os.path.realpath(path).startswith(os.path.realpath(self._root) + os.sep):
            raise ExportError(member, "filen ligger inte längre inuti exportmappen")
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            raise ExportError(member, f"filen kan inte läsas ({error.strerror})") from None
        with os.fdopen(fd, "rb") as handle:
            yield handle


class FileExport(_BaseExport):
    """One file given on its own (Bluesky's repo.car): one member, named as the file, same caps."""

    def __init__(self, path: Path, limits: Limits) -> None:
        members: dict[str, tuple[str, int]] = {}
        add_member(members, path.name, path.stat().st_size, limits)
        super().__init__(path.name, limits, members)
        self._path = path
        self.sha256 = file_sha256(path)

    @contextmanager
    def _open(self, member: str, raw: str):
        try:
            fd = os.open(self._path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            raise ExportError(member, f"filen kan inte läsas ({error.strerror})") from None
        with os.fdopen(fd, "rb") as handle:
            yield handle


def is_zip(path: Path) -> bool:
    """Named .zip or starting like one: a damaged or half-downloaded zip is still said to be one."""
    with path.open("rb") as handle:
        return path.suffix.lower() == ".zip" or handle.read(2) == b"PK"


def walk(root: Path, prefix: str) -> Iterator[tuple[str, int]]:
    """Every regular file under root as (relative name, size); symlinks and devices are refused."""
    with os.scandir(root / prefix if prefix else root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            rel = f"{prefix}{entry.name}"
            if entry.is_symlink():
                raise ExportError(rel, "symbolisk länk i exportmappen; sådana läses aldrig")
            if entry.is_dir(follow_symlinks=False):
                yield from walk(root, rel + "/")
            elif entry.is_file(follow_symlinks=False):
                yield rel, entry.stat(follow_symlinks=False).st_size
            else:
                raise ExportError(rel, "inte en vanlig fil")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# Older Mastodon servers deliver the archive as .tar.gz; only zip files and folders are read here,
# so that one set of hygiene checks guards every export.
TAR_ARCHIVE = (
    "filen är ett tar-arkiv (.tar.gz), som äldre Mastodon-servrar levererar; packa upp det och "
    "importera mappen, till exempel invoke import archive-20220101"
)


def is_tar(path: Path) -> bool:
    """gzip's magic bytes, or a plain tar's "ustar" at offset 257."""
    with path.open("rb") as handle:
        head = handle.read(262)
    return head.startswith(b"\x1f\x8b") or head[257:262] == b"ustar"


@contextmanager
def open_export(path: Path, limits: Limits = Limits()) -> Iterator[Export]:
    """Open a .zip, folder or one-file export for reading; every hostile or damaged input is an ExportError."""
    if path.is_dir():
        yield FolderExport(path, limits)
        return
    if not path.is_file():
        raise ExportError(path.name, "filen eller mappen finns inte")
    if is_tar(path):
        raise ExportError(path.name, TAR_ARCHIVE)
    if not is_zip(path):
        yield FileExport(path, limits)
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError) as error:
        raise ExportError(
            path.name, f"inte en hel zip-fil; den är skadad eller bara delvis nedladdad ({error})"
        ) from None
    with archive:
        export = ZipExport(path, archive, limits)
        export.sha256 = file_sha256(path)  # the zip's own bytes: what the leader downloaded
        yield export
