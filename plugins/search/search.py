"""Index the built site with Pagefind, so search works from static files alone."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass

from pelican import signals
from plugin_settings import read_plugin_settings
from user_paths import project_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    enabled: bool = True
    # One index for the whole site: Swedish first, and English posts are still found from /sok/.
    language: str = "sv"


def index_site(pelican) -> None:
    options = read_plugin_settings(pelican.settings, "SEARCH", Options)
    if not options.enabled:
        return
    command = [
        sys.executable, "-m", "pagefind",
        "--site", pelican.output_path,
        "--force-language", options.language,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log.error("Sökningen: Pagefind kunde inte bygga sökindexet för %s: %s (sökningen stängs av med "
                  "SEARCH = {\"enabled\": False} i pelicanconf.py)", project_path(pelican.output_path, pelican.settings),
                  (result.stderr or result.stdout).strip())


def register() -> None:
    signals.finalized.connect(index_site)
