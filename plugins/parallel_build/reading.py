"""Read a generator's source files on every core, ahead of its own loop.

Pelican's generators read one file after another (Readers.read_file: the reader's parse, then
the content object). The parse (Markdown and the metadata fields) is most of the time and has
no effect outside its result, so children do it for shares of the files, and the result goes
where Pelican's reader cache would have it. Everything else stays in the generator's own loop,
in its order: the content object is made there, so content_object_init and the other signals
(blog.limit_slug) act on the object the build keeps; and each file's log lines are logged when
the loop reaches that file. What plugins derive from each file (source_facts) is computed in the
child as well, so the build's process finds it made. A file a child could not read is read by
the loop itself, which then fails, warns and reports it exactly as it always does.
"""

from __future__ import annotations

import logging
import os

import source_facts
from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from .workers import JobLog, Stream, replay

log = logging.getLogger(__name__)
# The files each kind of generator reads, as in its generate_context (Pelican 4.12).
SOURCES = {"article": ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"), "page": ("PAGE_PATHS", "PAGE_EXCLUDES")}


class ReadAhead:
    """A generator's reader results, made by children, handed out as its loop reaches each file.

    The files are dealt out in the loop's own order, and each result is sent as soon as it is
    made, so the loop makes its content objects while the children read on.
    """

    def __init__(self, generator, kind: str, processes: int, minimum: int):
        self.readers = generator.readers
        self.settings = generator.settings
        self.pelican_get = self.readers.get_cached_data  # Pelican's own reader cache
        self.owner: dict[str, int] = {}  # path -> the child reading it
        self.stream: Stream | None = None
        paths = self._to_read(generator, *SOURCES[kind])
        if len(paths) >= minimum:
            shares = [paths[i::processes] for i in range(min(processes, len(paths)))]
            self.owner = {path: number for number, share in enumerate(shares) for path in share}
            self.stream = Stream(shares, self._read_share, shared=(self.settings,))
            # Pelican looks a file up in its reader cache before parsing it: the results are found there.
            self.readers.get_cached_data = self.get_cached_data
            log.info("parallel_build: %d %s files read ahead by %d processes", len(paths), kind, processes)

    def _to_read(self, generator, paths_setting: str, excludes_setting: str) -> list[str]:
        """Absolute paths the loop will parse, in its order: known to a reader and in no cache."""
        found = []
        for name in generator.get_files(self.settings[paths_setting], exclude=self.settings[excludes_setting]):
            if generator.get_cached_data(name, None) is not None:
                continue
            path = os.path.abspath(os.path.join(generator.path, name))
            if file_suffix(path) in self.readers.readers and self.pelican_get(path, (None, None))[0] is None:
                found.append(path)
        return found

    def _read_share(self, share: list[str], job_log: JobLog, send) -> None:
        for path in share:
            records = job_log.start()
            try:
                content, metadata = self.readers.readers[file_suffix(path)].read(path)
            except Exception:  # noqa: BLE001 - the loop reads it again and reports it as Pelican does
                send(path, None)
                continue
            send(path, (content, _filter_discardable_metadata(metadata), records, source_facts.computed(path, content)))

    def get_cached_data(self, filename, default=None):
        child = self.owner.pop(filename, None)
        ahead = self.stream.take(child, filename) if child is not None else None
        if not self.owner:
            self.close()
        if ahead is None:
            return self.pelican_get(filename, default)
        content, metadata, records, facts = ahead
        replay(records)
        source_facts.receive(facts, content)
        self.readers.cache_data(filename, (content, metadata))  # as Pelican does after its own parse
        return content, metadata

    def close(self) -> None:
        self.owner.clear()  # what was not handed out yet, Pelican reads itself
        if self.stream is not None:
            self.stream.close()
            self.stream = None
