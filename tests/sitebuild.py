"""Build real sites with real Pelican, in a subprocess, as a user or CI would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from bs4 import BeautifulSoup

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


def local_file(output: Path, siteurl: str, url: str) -> Path | None:
    """The output file a link to this site leads to (a folder's index.html), or None for another site."""
    url = urldefrag(url)[0]
    if not url.startswith(siteurl):
        return None
    target = output / unquote(urlparse(url).path).lstrip("/")
    return target / "index.html" if url.endswith("/") or target.is_dir() else target


def broken_links(output: Path, siteurl: str) -> list[str]:
    """Every href, src and srcset on the built pages that leads to this site but to no file."""
    missing = []
    for page in sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            for attr in ("href", "src", "srcset"):
                value = element.get(attr)
                if not value:
                    continue
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if attr == "srcset" else [value]
                for url in urls:
                    target = local_file(output, siteurl, url)
                    if target is not None and not target.exists():
                        missing.append(f"{page.relative_to(output)}: {url}")
    return missing
