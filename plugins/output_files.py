"""Files the build puts in the output: placed without copying, or written whole.

A build of a leader's ten-year site places thousands of files that already exist (a cached
photo copy, a share image, an archived video), and copying them was a large part of a warm
build. `place` makes a hard link, which costs no bytes; where one cannot be made (another file
system, a file system without links) the file is copied. Nothing writes into an output file
after it is placed, so the cache or the archive cannot be changed through the link.

Every other output file is written whole: to a hidden file beside it, then renamed over it,
which POSIX makes atomic. The live preview serves output/ while it rebuilds, so a browser
reloading a page (or the banner reading _build/warnings.json) gets the old file or the new one,
never one that is cut short or empty. Python has no atomic write of its own and the library
that offered one (atomicwrites) is no longer kept, so these are the few lines it takes.
`WholeFileWriter` is Pelican's Writer doing the same for every page and feed. The caches write
their files (share images, photo variants, the people found in a photo) the same way, since two
processes may make the same file and another may be reading it.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

log = logging.getLogger(__name__)


def place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if os.path.samefile(source, target):
            return
        target.unlink()  # an older file of the same name (the preview keeps its output)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """A path to write the new file at; it replaces `path` when the block ends without an error."""
    path = Path(path)
    draft = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two processes may write one file
    try:
        yield draft
        os.replace(draft, path)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise


@contextmanager
def open_whole(path: Path | str, encoding: str = "utf-8"):
    """A text file to write; it replaces `path` when closed without an error."""
    with replacing(path) as draft, open(draft, "w", encoding=encoding) as file:
        yield file


def write_whole(path: Path, data: str | bytes) -> None:
    with replacing(path) as draft:
        draft.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


class WholeFileWriter(Writer):
    """Pelican's Writer, with each page and feed written whole."""

    def _open_w(self, filename, encoding, override=False):
        if self._may_write(filename, override):
            return open_whole(filename, encoding)
        return open(os.devnull, "w", encoding=encoding)

    def _may_write(self, filename: str, override: bool) -> bool:
        """Pelican's own rule (Writer._open_w, 4.12): a file is written once, unless one (and no
        more than one) of its writes overrides; a write after that override is skipped."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            log.info('Skipping "%s", not overwriting', filename)
            return False
        if filename in self._written_files:
            if override:
                log.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True
