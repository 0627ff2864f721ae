"""Render the site's pages on every core: a Writer that records each write, then renders them all.

While the generators write, DeferredWriter.write_file runs Pelican's own write_file with a
template that renders nothing and an _open_w that opens nothing. So everything a write does
besides rendering happens here, in the one-process order: pagination, relative URLs, the
context's localsiteurl, the overwrite checks (and their FileOverwriteFailedError), the "Writing"
log lines and content_written (sitemap.remember). Each output file is a "unit"; the writer keeps
the job (arguments and a copy of the context as it was) and what became of each file.

`render_all` (once every generator has written, before any plugin reads the output) deals the
units out to children, which run the same write_file for real on the jobs they have units in.
What a child logs comes back and is logged in order. From the first unit no child finished (a
template error, say), the parent renders the rest itself, so an error is raised here exactly as
a one-process build raises it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from output_files import WholeFileWriter, open_whole
from pelican import signals
from pelican.writers import Writer

from .workers import JobLog, Records, replay, run_shares

log = logging.getLogger(__name__)
WRITING = 'Writing "%s"'  # Pelican's line per file, logged when recording; not again when rendering


@dataclass
class Job:
    name: str
    template: object
    context: dict  # the dict the generator passed; Content objects render their links from it
    state: dict  # its items when write_file was called
    args: tuple
    kwargs: dict
    units: list[int] = field(default_factory=list)


@dataclass
class Unit:
    job: int
    path: str
    write: bool  # False: another write replaces this file (or Pelican skipped it); render, write nothing
    existed: bool  # already in the output when recorded (a plugin wrote it first)


class _Nothing:
    """The template while recording: the page is rendered later."""

    @staticmethod
    def render(localcontext) -> str:
        return ""


class _Discard:
    """Where a file goes that this process does not write (os.devnull, without opening it)."""

    def __enter__(self):
        return self

    def __exit__(self, *error):
        return False

    def write(self, text: str) -> int:
        return len(text)


class _Some:
    """A job's template while rendering: only the units of this process are rendered."""

    def __init__(self, writer: DeferredWriter, template):
        self.writer, self.template = writer, template

    def render(self, localcontext) -> str:
        unit = self.writer.next_unit()
        if unit not in self.writer.rendering:
            return ""
        self.writer.records[unit] = self.writer.job_log.start() if self.writer.job_log else []
        return self.template.render(localcontext)


class DeferredWriter(WholeFileWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.jobs: list[Job] = []
        self.units: list[Unit] = []
        self._recording: Job | None = None
        # While rendering: the units this process renders, the one being rendered, their records.
        self.rendering: set[int] = set()
        self.job_log: JobLog | None = None
        self.records: dict[int, Records] = {}
        self._unit_iter = iter(())
        self._current = -1

    # Recording, in the generators' order.

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return super().write_file(name, template, context, *args, **kwargs)
        job = Job(name, template, context, self._state(context), args, kwargs)
        self.jobs.append(job)
        self._recording = job
        try:
            super().write_file(name, _Nothing, context, *args, **kwargs)
        finally:
            self._recording = None

    def _state(self, context: dict) -> dict:
        """A copy of the context's items, or the previous job's if nothing in it has changed since
        (most writes pass the same context): a thousand posts need not keep a thousand copies."""
        for job in reversed(self.jobs):
            if job.context is context:
                state = job.state
                if len(state) == len(context) and all(state.get(k, state) is v for k, v in context.items()):
                    return state
                break
        return dict(context)

    def _open_w(self, filename, encoding, override=False):
        if self._recording is not None:
            return self._record_unit(filename, override)
        if self.rendering:
            return self._open_unit(filename, encoding)
        return super()._open_w(filename, encoding, override)  # write_feed: at once, as Pelican does

    def _record_unit(self, filename, override):
        # Pelican's rule, with the file's fate recorded instead of opening it.
        replaces = override and filename in self._written_files and filename not in self._overridden_files
        write = self._may_write(filename, override)
        if replaces:
            for unit in self.units:
                if unit.path == filename:
                    unit.write = False  # this write replaces the earlier one
        self._recording.units.append(len(self.units))
        self.units.append(Unit(len(self.jobs) - 1, filename, write, os.path.lexists(filename)))
        return _Discard()

    # Rendering, in children (or here for what they did not finish).

    def next_unit(self) -> int:
        self._current = next(self._unit_iter)
        return self._current

    def _open_unit(self, filename, encoding):
        unit = self.units[self._current]
        if self._current in self.rendering and unit.write:
            return open_whole(filename, encoding)
        return _Discard()

    def render_units(self, units, job_log: JobLog | None = None) -> dict[int, Records]:
        """Render `units` (in order), each job's write_file run once for them; their records.
        Stops at the first unit that fails, raising its error when there is no job_log to report to."""
        self.rendering, self.job_log, self.records = set(units), job_log, {}
        jobs = sorted({self.units[unit].job for unit in units})
        quiet = _WritingLines()
        logging.getLogger("pelican.writers").addFilter(quiet)
        try:
            with signals.content_written.muted():  # sent while recording
                for number in jobs:
                    job = self.jobs[number]
                    self._unit_iter = iter(job.units)
                    job.context.clear()
                    job.context.update(job.state)
                    try:
                        Writer.write_file(self, job.name, _Some(self, job.template), job.context, *job.args,
                                          **job.kwargs)
                    except Exception:
                        if job_log is None:
                            raise
                        self.records.pop(self._current, None)  # the parent redoes this unit and logs it
                        break
        finally:
            logging.getLogger("pelican.writers").removeFilter(quiet)
            self.rendering, self.job_log = set(), None
        return self.records


class _WritingLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != WRITING


def render_all(writer: DeferredWriter, processes: int, minimum: int) -> None:
    """Render every recorded unit over `processes` children and log their records in order
    (here, without children, when there are fewer than `minimum`)."""
    for unit in writer.units:
        if unit.write and not unit.existed and os.path.lexists(unit.path):
            unit.write = False  # a plugin wrote this file after Pelican did: the plugin's file stays
    everything = range(len(writer.units))
    shares = []
    if len(everything) >= minimum:
        shares = [everything[i::processes] for i in range(min(processes, len(everything)))]
    done = run_shares(shares, lambda share, job_log: writer.render_units(share, job_log)) if shares else {}
    first_missing = next((unit for unit in everything if unit not in done), None)
    log.info("parallel_build: %d files rendered by %d processes, from file %s on here", len(done), len(shares),
             first_missing if first_missing is not None else "–")
    for unit in everything[:first_missing]:
        replay(done[unit])
    if first_missing is not None:
        # Rendered here, logged and raised here, as one process would; the context is put back after.
        final = {id(job.context): (job.context, dict(job.context)) for job in writer.jobs}
        try:
            writer.render_units(everything[first_missing:])
        finally:
            for context, items in final.values():
                context.clear()
                context.update(items)
