"""Report the build's problems plainly, and collect them so the local preview can show them.

Pelican prints a Python traceback for a file it cannot read and for the stop that --fatal
warnings causes; users need one line naming the file and the problem instead. Publishing builds
run with --fatal warnings and stop; the preview keeps serving and writes the warnings to
_build/warnings.json, which the preview-only script in base.html shows.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from plugin_settings import read_plugin_settings


@dataclass(frozen=True)
class Options:
    show_in_pages: bool = False


class WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


FATAL_STOP = "Warning or error encountered"  # the RuntimeError Pelican raises under --fatal warnings


class PlainErrors(logging.Filter):
    """Replace tracebacks of content errors by the error's own message."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Pelican logs "Could not process" inside its except block without exc_info (unless
        # DEBUG), so the reason is only in the exception being handled right now.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if error is None:
            return True
        stop = isinstance(error, RuntimeError) and str(error) == FATAL_STOP
        if stop and str(record.msg).startswith("Could not process"):
            return False  # the warning that caused the stop was already shown
        if stop:
            record.msg = "Bygget stoppades: rätta varningarna ovan (publicering kör med --fatal warnings)."
        elif str(record.msg).startswith("Could not process"):
            record.msg = f"{record.getMessage()}: {error}"
        else:
            return True  # a bug, not a content error: keep the traceback
        record.args, record.exc_info, record.exc_text = (), None, None
        return True


def install_plain_errors() -> None:
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PlainErrors) for f in handler.filters):
            handler.addFilter(PlainErrors())


def start(pelican) -> None:
    # One collector per build, kept on the Pelican object rather than in a module global. Sent at
    # the start of every run, so that the live preview, which runs one Pelican many times, gets
    # each build's own warnings.
    stale = getattr(pelican, "build_warnings", None)  # a preview build stopped before its end
    if stale is not None:
        logging.getLogger().removeHandler(stale)
    pelican.build_warnings = WarningCollector()
    logging.getLogger().addHandler(pelican.build_warnings)
    return None  # get_generators: no generator of our own


def finish(pelican) -> None:
    collector = getattr(pelican, "build_warnings", None)
    if collector is None:
        return
    logging.getLogger().removeHandler(collector)
    pelican.build_warnings = None
    if read_plugin_settings(pelican.settings, "BUILD_REPORT", Options).show_in_pages:
        report = Path(pelican.output_path) / "_build" / "warnings.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(collector.messages, ensure_ascii=False), encoding="utf-8")


def register() -> None:
    install_plain_errors()
    signals.get_generators.connect(start)
    signals.finalized.connect(finish)
