"""Report the build's problems plainly, in Swedish, once each, and collect them for the preview.

Pelican prints a Python traceback for a file it cannot read and for the stop that --fatal
warnings causes, words its messages in English and names files by absolute paths; users need
one Swedish line naming the file, the field and the fix (messages.py has the table). One
problem reported twice (Pelican's own warning after ours) is shown once. Publishing builds run
with --fatal warnings and stop; the preview keeps serving and writes the warnings to
_build/warnings.json, which the preview-only script in base.html shows.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from contracts import ContractError, check_plugins
from output_files import write_whole
from pelican import signals
from pelican.log import FatalLogger, console
from plugin_settings import read_plugin_settings
from rich.theme import Theme
from user_paths import project_folder, project_path

from .messages import translate


@dataclass(frozen=True)
class Options:
    show_in_pages: bool = False


FATAL_STOP = "Warning or error encountered"  # the RuntimeError Pelican raises under --fatal warnings
STOPPED = "Bygget stoppades: rätta varningarna ovan (publicering kör med --fatal warnings)."
# Each level as the terminal (upper case, Pelican's column) and the preview's banner show it.
LEVELS = {logging.WARNING: ("VARNING", "Varning"), logging.ERROR: ("FEL", "Fel"), logging.CRITICAL: ("STOPP", "Fel")}


class BuildReport(logging.Handler):
    """One build's problems: translated and merged on every handler of the root logger (as a
    filter, so the terminal shows the same lines), and collected for the preview's banner."""

    def __init__(self, settings):
        super().__init__(level=logging.WARNING)
        self.project = str(project_folder(settings))
        self.content = project_path(settings["PATH"], settings)
        self.messages: list[str] = []
        self._shown: list[str] = []  # every message text shown so far, to drop repeats

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record once (every handler asks); False for a problem already shown."""
        if not hasattr(record, "build_report_shown"):
            record.build_report_shown = self._rewrite(record)
        return record.build_report_shown

    def _rewrite(self, record: logging.LogRecord) -> bool:
        # Pelican logs "Could not process" inside its except block without exc_info (unless
        # DEBUG), so the reason is only in the exception being handled right now.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        message = record.getMessage()
        if isinstance(error, RuntimeError) and str(error) == FATAL_STOP:
            if message.startswith("Could not process"):
                return False  # the warning that caused the stop was already shown
            message, error = STOPPED, None
        elif isinstance(error, ContractError):  # the settings' problem, told in Swedish: no traceback
            message, error = str(error), None
        elif error is not None and message.startswith("Could not process"):
            message, error = f"{message}: {error}", None
        translation = translate(message, self.project, self.content)
        if record.exc_info and error is not None and not translation.known:
            return True  # a bug, not a content problem: keep the message and its traceback
        record.msg, record.args, record.exc_info, record.exc_text = translation.text, (), None, None
        if record.levelno < logging.WARNING:
            return True
        record.levelname = LEVELS.get(record.levelno, (record.levelname,))[0]
        repeated = translation.text in self._shown or (
            translation.covered_by and any(translation.covered_by in shown for shown in self._shown))
        self._shown.append(translation.text)
        return not repeated

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{LEVELS.get(record.levelno, ('', record.levelname))[1]}: {record.getMessage()}")


def _handlers():
    return logging.getLogger().handlers


def start(pelican) -> None:
    # One report per build, kept on the Pelican object rather than in a module global. Sent at
    # the start of every run, so that the live preview, which runs one Pelican many times, gets
    # each build's own warnings.
    stop_reporting(pelican)  # a preview build stopped before its end
    report = BuildReport(pelican.settings)
    for handler in _handlers():
        handler.addFilter(report)
    report.addFilter(report)
    logging.getLogger().addHandler(report)
    pelican.build_report = report
    # The first check of a build, now that its problems are told in Swedish: a PLUGINS list that
    # breaks a contract between the plugins (contracts.py) stops the build with one line.
    check_plugins(pelican.settings["PLUGINS"])
    return None  # get_generators: no generator of our own


def stop_reporting(pelican) -> BuildReport | None:
    report = getattr(pelican, "build_report", None)
    if report is not None:
        logging.getLogger().removeHandler(report)
        for handler in _handlers():
            handler.removeFilter(report)
        pelican.build_report = None
    return report


def finish(pelican) -> None:
    report = getattr(pelican, "build_report", None)
    if report is None:
        return
    logging.getLogger().removeHandler(report)
    # The filter stays on the terminal's handler until the next build starts: the search index
    # and the share kit finish after this, and Pelican's last lines come after them.
    if read_plugin_settings(pelican.settings, "BUILD_REPORT", Options).show_in_pages:
        path = Path(pelican.output_path) / "_build" / "warnings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, json.dumps(report.messages, ensure_ascii=False))  # the page's banner may be reading it


def register() -> None:
    # The Swedish level names keep the colours Pelican's terminal gives the English ones.
    console.push_theme(Theme({f"logging.level.{terminal.lower()}": console.get_style(f"logging.level.{english}")
                              for english, (terminal, _) in (("warning", LEVELS[logging.WARNING]),
                                                             ("error", LEVELS[logging.ERROR]),
                                                             ("critical", LEVELS[logging.CRITICAL]))}))
    signals.get_generators.connect(start)
    signals.finalized.connect(finish)


@contextmanager
def every_warning_then_stop():
    """Log every warning of the block, then stop as --fatal warnings would have at the first.

    Pelican's --fatal warnings raises at the first warning, so a user fixing a new blog's pages
    would learn of one problem per build. A check that finds many problems at once runs inside
    this and names them all; the stop then comes once, as Pelican's own (see PlainErrors).
    """
    fatal_level = FatalLogger.fatal_lvl
    counted = _Counter()
    logging.getLogger().addHandler(counted)
    FatalLogger.fatal_lvl = logging.CRITICAL + 1
    try:
        yield
    finally:
        FatalLogger.fatal_lvl = fatal_level
        logging.getLogger().removeHandler(counted)
    if counted.warnings and fatal_level <= logging.WARNING:
        raise RuntimeError(FATAL_STOP)


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings += 1
