"""Run shares of one job list in forked children and bring back what each did, with its log lines.

A child is a fork of the build once everything is loaded (copy-on-write: settings, templates and
content are not pickled on the way in), and exits with os._exit, so that no atexit handler,
buffered stream or pool of the parent runs twice. Two ways back:

- run_shares: every child returns a dict of results keyed by job when it is done (rendering);
- Stream: every child sends each result as soon as it is made (reading, where the parent uses
  the first results while the children make the rest).

What a child logs is not printed by it: each record is kept with the job it belongs to, and the
parent hands it to its own loggers when it reaches that job (`replay`), in the one-process order,
so that build_report translates and merges it and `--fatal warnings` stops the build at the same
line."""

from __future__ import annotations

import gc
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pelican.log import FatalLogger, FilteredMessage, LimitLogger

log = logging.getLogger(__name__)

Records = list[logging.LogRecord]


class JobLog(logging.Handler):
    """In a child: every record, made picklable, in the list of the job being run."""

    def __init__(self):
        super().__init__(level=logging.NOTSET)
        self.current: Records = []

    def start(self) -> Records:
        self.current = []
        return self.current

    def emit(self, record: logging.LogRecord) -> None:
        self.current.append(_portable(record))


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message formatted and nothing a pickle cannot carry (args may hold
    content objects, and those hold the whole context)."""
    record.msg, record.args = record.getMessage(), None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    for name, value in list(vars(record).items()):
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - any value a pickle refuses becomes its text
            setattr(record, name, str(value))
    return record


def replay(records: Records) -> None:
    """Log a child's records here, as if this process had logged them (Pelican's FatalLogger._log:
    a record its dedup filter drops is not logged and stops nothing)."""
    for record in records:
        logger = logging.getLogger(record.name)
        try:
            logger.handle(record)
        except FilteredMessage:
            continue
        if record.levelno >= FatalLogger.fatal_lvl and record.levelno != logging.CRITICAL:
            raise RuntimeError("Warning or error encountered")


def run_shares(shares: Sequence[Sequence], work: Callable[[Sequence, JobLog], dict], shared: tuple = ()) -> dict:
    """Fork one child per share, wait for all, and return every result they sent back.

    A child that fails or dies sends back what it finished; the caller does the rest itself.
    Objects in `shared` (the settings, which every Tag and Author read holds) travel back by
    reference: the parent has the same object.
    """
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="parallel-build-") as folder:
        children = []
        gc.freeze()  # the children's garbage collector then leaves the shared pages alone
        try:
            for number, share in enumerate(shares):
                out = Path(folder) / f"{number}.pickle"
                pid = os.fork()
                if pid == 0:
                    _child(share, work, out, shared)  # never returns
                children.append((pid, out))
        finally:
            gc.unfreeze()
            for pid, out in children:
                _, status = os.waitpid(pid, 0)
                if os.waitstatus_to_exitcode(status) == 0 and out.is_file():
                    with out.open("rb") as file:
                        results.update(_Unpickler(file, shared).load())
                else:
                    log.debug("parallel_build: process %d stopped early (%d)", pid, status)
    return results


class Stream:
    """Children that send each result as soon as it is made, so the parent can use the first ones
    while the children make the rest. `work(share, job_log, send)` calls send(key, value) per job;
    the parent asks `take(child, key)` in the order the shares were dealt, and gets None for a job
    the child did not do. Objects in `shared` travel by reference, as in run_shares.
    """

    def __init__(self, shares: Sequence[Sequence], work: Callable, shared: tuple = ()):
        self.shared = shared
        self.children: list[tuple[int, object, _Unpickler]] = []
        self.waiting: list[dict] = [{} for _ in shares]  # results read while looking for another
        gc.freeze()
        try:
            for share in shares:
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read_end)
                    _stream_child(share, work, write_end, shared)  # never returns
                os.close(write_end)
                pipe = os.fdopen(read_end, "rb")
                self.children.append((pid, pipe, _Unpickler(pipe, shared)))
        finally:
            gc.unfreeze()

    def take(self, child: int, key):
        waiting = self.waiting[child]
        unpickler = self.children[child][2]
        while key not in waiting:
            try:
                found, value = unpickler.load()
            except Exception:  # noqa: BLE001 - the child stopped (or broke off a result): the caller does the job
                return None
            waiting[found] = value
        return waiting.pop(key)

    def close(self) -> None:
        """Stop listening (a child still sending then stops too) and wait for every child."""
        for pid, pipe, _ in self.children:
            pipe.close()
            os.waitpid(pid, 0)
        self.children = []


def _stream_child(share: Sequence, work: Callable, write_end: int, shared: tuple) -> None:
    code = 1
    try:
        job_log = _log_to_jobs()
        with os.fdopen(write_end, "wb") as pipe:
            pickler = _Pickler(pipe, shared)

            def send(key, value) -> None:
                pickler.dump((key, value))
                pipe.flush()

            work(share, job_log, send)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent does what was not sent
        code = 1
    finally:
        os._exit(code)


def _child(share: Sequence, work: Callable[[Sequence, JobLog], dict], out: Path, shared: tuple) -> None:
    code = 1
    try:
        job_log = _log_to_jobs()
        done = work(share, job_log)
        partial = out.with_suffix(".part")
        with partial.open("wb") as file:
            _Pickler(file, shared).dump(done)
        partial.rename(out)  # the parent reads a whole file or none
        code = 0
    except BaseException:  # noqa: BLE001 - whatever happened, the parent redoes this share
        code = 1
    finally:
        os._exit(code)


def _log_to_jobs() -> JobLog:
    """Records go to the jobs' lists only; the parent deduplicates, translates and stops."""
    job_log = JobLog()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(job_log)
    LimitLogger.limit_filter.filter = lambda record: True  # the parent's filter sees every record
    FatalLogger.fatal_lvl = logging.CRITICAL + 1  # a warning stops the build in the parent, in order
    return job_log


class _Pickler(pickle.Pickler):
    def __init__(self, file, shared: tuple):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = {id(obj): number for number, obj in enumerate(shared)}

    def persistent_id(self, obj):
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, shared: tuple):
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, number):
        return self.shared[number]
