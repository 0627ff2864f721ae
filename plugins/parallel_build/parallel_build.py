"""Use every core for reading and rendering, with the same output as a one-process build.

Pelican reads, then renders, one file after another on one core. With PARALLEL_BUILD
{"processes": N} (default: every core) and N > 1, on Linux (os.fork; macOS's system libraries
are not safe to use after a fork, and Windows has none):

- reading.py: each generator's source files are parsed by N children, ahead of its loop;
- rendering.py: the pages are rendered by N children once every generator has written.

Everything else (the content objects, every plugin's work on them, the signals, the order of
the log lines, the errors) stays in the build's own process, in Pelican's order. N = 1 leaves
the build exactly as Pelican runs it. The live preview runs with one process: it keeps one
Pelican in a process with server threads (a fork copies only the forking thread, and any lock
another thread holds stays held in the child), and after a save it reads and writes little.

This plugin must come first in PLUGINS: its `finalized` handler renders the pages, and the
other plugins' handlers (search, sitemap, the build report) must find them written.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

from output_files import WholeFileWriter
from pelican import signals
from plugin_settings import read_plugin_settings

from .reading import ReadAhead
from .rendering import DeferredWriter, render_all

log = logging.getLogger(__name__)
# Below this many files a fork costs more than it saves (and a small site is quick anyway).
WORTH_A_FORK = 8


@dataclass(frozen=True)
class Options:
    processes: int | None = None  # None: os.cpu_count()


def processes(settings) -> int:
    if not sys.platform.startswith("linux"):
        return 1
    wanted = read_plugin_settings(settings, "PARALLEL_BUILD", Options).processes
    count = (os.cpu_count() or 1) if wanted is None else wanted
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        log.error("Inställningar: PARALLEL_BUILD[\"processes\"] i pelicanconf.py, %r, är inget antal processer; "
                  "skriv ett heltal från 1 och uppåt, eller None för en per kärna", wanted)
        return 1
    return count


def provide_writer(pelican):
    if processes(pelican.settings) < 2:
        return WholeFileWriter  # Pelican's own Writer, each file written whole

    class ThisBuildsWriter(DeferredWriter):
        def __init__(self, output_path, settings=None):
            super().__init__(output_path, settings)
            pelican.deferred_writer = self  # for render(), at the end of this run

    return ThisBuildsWriter


def read_ahead(generator, kind: str) -> None:
    """Sent before each file the generator reads; the first time, every file is read ahead."""
    if getattr(generator, "read_ahead", None) is None:
        # False: one process. Decided once per generator, not for each of its thousand files.
        count = processes(generator.settings)
        generator.read_ahead = ReadAhead(generator, kind, count, WORTH_A_FORK) if count > 1 else False


def finish_reading(generator) -> None:
    """The loop has ended: wait for the children (they are done unless the loop stopped early)."""
    ahead = getattr(generator, "read_ahead", None)
    if ahead:
        ahead.close()


def render(pelican) -> None:
    writer = getattr(pelican, "deferred_writer", None)
    if writer is not None:
        pelican.deferred_writer = None
        render_all(writer, processes(pelican.settings), WORTH_A_FORK)


def register() -> None:
    signals.article_generator_preread.connect(lambda generator: read_ahead(generator, "article"), weak=False)
    signals.page_generator_preread.connect(lambda generator: read_ahead(generator, "page"), weak=False)
    signals.article_generator_pretaxonomy.connect(finish_reading)
    signals.page_generator_finalized.connect(finish_reading)
    signals.get_writer.connect(provide_writer)
    signals.finalized.connect(render)
