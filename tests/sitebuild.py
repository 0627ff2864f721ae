"""Build real sites with real Pelican, in a subprocess, as a user or CI would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVEL = re.compile(r"\b(VARNING|FEL|STOPP|WARNING|ERROR|CRITICAL)\b")


@dataclass
class Build:
    returncode: int
    log: str
    output: Path

    @property
    def warnings(self) -> list[str]:
        # Pelican's level column, in build_report's Swedish (and in English before that plugin loads).
        return [line for line in self.log.splitlines() if LEVEL.search(line)]


def build(settings: Path, output: Path, content: Path | None = None, fatal: bool = True,
          siteurl: str | None = None, extra: dict[str, str] | None = None, verbose: bool = False) -> Build:
    """Run `pelican` once; `extra` are -e overrides as JSON text; verbose logs INFO too."""
    command = [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output)]
    if verbose:
        command.append("--verbose")
    if content is not None:
        command.insert(3, str(content))
    if fatal:
        command += ["--fatal", "warnings"]
    if extra:
        # One -e with every override: Pelican keeps only the last -e given.
        command += ["-e", *(f"{key}={value}" for key, value in extra.items())]
    env = dict(os.environ, COLUMNS="400", TERM="dumb", NO_COLOR="1")
    if siteurl:
        env["SITEURL"] = siteurl
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return Build(result.returncode, result.stdout + result.stderr, output)
