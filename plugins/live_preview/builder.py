"""One Pelican kept in memory for the live preview, which writes the saved post's page first.

A fresh `pelican` process per save pays for starting Python, importing every plugin and
re-reading settings before it even looks at the content, then writes every page before the
saved one. Here the process stays up (Pelican's reader cache makes unchanged posts cheap), and
once all content is known the pages of the files just saved are written straight away, so the
browser can show them while the rest of the site (lists, tags, feeds, share kit) is rebuilt.
A newer save stops that rest (the next build redoes it), so saving often never queues builds.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from build_report.build_report import finish as finish_report
from output_files import WholeFileWriter
from pelican import Pelican, signals
from pelican.log import LimitFilter

log = logging.getLogger(__name__)

# How each generator writes one item, as in Pelican's own generate_articles, generate_drafts and
# PagesGenerator.generate_output (4.12): the lists it holds and the name the template sees it by.
_WRITTEN_AS = (
    (("translations", "articles", "hidden_translations", "hidden_articles", "drafts_translations", "drafts"),
     "article"),
    (("translations", "pages", "hidden_translations", "hidden_pages", "draft_translations", "draft_pages"), "page"),
)


class _Stopped(Exception):
    """A newer save arrived once the saved pages were written: the rest is redone by the next build."""


@dataclass(frozen=True)
class Result:
    seconds: float
    finished: bool  # False: stopped by a newer save after the saved pages were written


class PreviewBuilder:
    """Runs the same Pelican again on every save; `on_page` hears of each saved post's page.

    Set `newer_save` (from another thread) to stop a build once its saved pages are written.
    """

    def __init__(self, settings: dict, on_page: Callable[[str], None] = lambda url: None):
        # One process whatever the settings say: forking a process with server threads is unsafe.
        settings = {**settings, "PARALLEL_BUILD": {"processes": 1}}
        self.pelican = Pelican(settings)  # loads the plugins once
        self.on_page = on_page
        self.saved: set[str] = set()
        self.newer_save = threading.Event()
        self._saved_written = False
        # Connected after every plugin's own handler, so share images and warnings are known.
        signals.all_generators_finalized.connect(self._write_saved_first, weak=False)
        signals.content_written.connect(self._stop_for_newer_save, weak=False)

    def build(self, saved: Iterable[str] = ()) -> Result:
        """Rebuild the whole site. A failed build keeps the preview up."""
        self.saved = {os.path.realpath(path) for path in saved}
        self._saved_written = not self.saved
        # Pelican logs each warning once per process; each build must report its own warnings.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        start = time.perf_counter()
        finished = True
        # The process holds a whole site: a full garbage collection takes a tenth of a second or
        # more, and came before the saved page one save in three. It waits until the saved pages
        # are written (or the build ends).
        if self.saved:
            gc.disable()
        try:
            self.pelican.run()
        except _Stopped:
            finished = False
        except Exception as error:  # noqa: BLE001 - the preview reports and waits for the next save
            log.error("Förhandsvisningen kunde inte byggas: %s", error)
            finish_report(self.pelican)  # Pelican never got to `finalized`: the banner shows the failure too
        finally:
            gc.enable()
            self.saved = set()
        return Result(time.perf_counter() - start, finished)

    def _stop_for_newer_save(self, path, context=None) -> None:
        if self._saved_written and self.newer_save.is_set():
            raise _Stopped

    def _write_saved_first(self, generators) -> None:
        if not self.saved:
            return
        # Its own record of files written: the build's writer writes these pages again after.
        writer = WholeFileWriter(self.pelican.output_path, settings=self.pelican.settings)
        for generator in generators:
            for lists, name in _WRITTEN_AS:
                if not all(hasattr(generator, attribute) for attribute in lists):
                    continue
                for item in chain.from_iterable(getattr(generator, attribute) for attribute in lists):
                    if os.path.realpath(item.source_path) in self.saved:
                        _write(writer, generator, item, name)
                        self.on_page(item.url)
                break
        self._saved_written = True
        gc.enable()


def _write(writer: WholeFileWriter, generator, item, name: str) -> None:
    extra = {"category": getattr(item, "category", None), "blog": True} if name == "article" else {}
    writer.write_file(item.save_as, generator.get_template(item.template), generator.context,
                      relative_urls=generator.settings["RELATIVE_URLS"],
                      override_output=hasattr(item, "override_save_as"), url=item.url, **{name: item}, **extra)
