"""Collect the build's warnings so the local preview can show them on the page.

Publishing builds run with --fatal warnings and stop instead; the preview keeps serving and
writes the warnings to _build/warnings.json, which the preview-only script in base.html shows.
"""

from __future__ import annotations

import json
import logging
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


def start(pelican) -> None:
    # One collector per build, kept on the Pelican object rather than in a module global.
    pelican.build_warnings = WarningCollector()
    logging.getLogger().addHandler(pelican.build_warnings)


def finish(pelican) -> None:
    collector = getattr(pelican, "build_warnings", None)
    if collector is None:
        return
    logging.getLogger().removeHandler(collector)
    if read_plugin_settings(pelican.settings, "BUILD_REPORT", Options).show_in_pages:
        report = Path(pelican.output_path) / "_build" / "warnings.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(collector.messages, ensure_ascii=False), encoding="utf-8")


def register() -> None:
    signals.initialized.connect(start)
    signals.finalized.connect(finish)
