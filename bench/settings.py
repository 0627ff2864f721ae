"""Pelican settings files for the benchmark's sites, written next to each site's content.

Each site is a small project folder (settings.py, content/, .cache/, output/) so that our
plugins, which keep their caches beside the content folder, never touch the real project.
Relative paths in a settings file are resolved by Pelican from the file's own folder.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SITEURL = "https://bench.example"

# Bare Pelican 4.12: default theme, no plugins, its own feeds; the same content layout.
BARE = '''\
AUTHOR = "Kim Provare"
SITENAME = "Kim Provare"
SITEURL = "{siteurl}"
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
DEFAULT_PAGINATION = 10
PLUGINS = []  # an explicit empty list: Pelican would otherwise load every installed plugin
FEED_ALL_ATOM = "feeds/all.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
CACHE_PATH = ".cache/pelican"
'''

# Ours: publishconf.py as CI builds it, pointed at this folder, with the test sites' owner (so the
# benchmark runs on a leader's own blog too); it has no portraits, as the generated content has none.
OURS = '''\
import sys
sys.path[:0] = [{project!r}, {fixtures!r}]
from {base} import *  # noqa: F403
from fixture_site import *  # noqa: F403

PATH = "content"
THEME = {theme!r}
SITEURL = "{siteurl}"
CACHE_PATH = ".cache/pelican"
SEARCH = {{"enabled": {search}}}
{cache_line}SHARE_KIT = {{**SHARE_KIT, "cards": {cards}}}  # noqa: F405  (share images are image work: off in the text-only lines)
'''


def bare(site: Path) -> Path:
    return write(site, BARE.format(siteurl=SITEURL))


def ours(site: Path, *, project: Path = PROJECT, cache: bool | None = False, search: bool = False,
         preview: bool = False, cards: bool = True) -> Path:
    """publishconf.py (or pelicanconf.py for the preview) of `project`, with the content cache on or off
    (None: as those settings have it)."""
    cache_line = "" if cache is None else f"CACHE_CONTENT = LOAD_CONTENT_CACHE = {cache}\n"
    return write(site, OURS.format(project=str(project), fixtures=str(PROJECT / "tests" / "sites"),
                                   theme=str(project / "theme"), siteurl=SITEURL,
                                   base="pelicanconf" if preview else "publishconf",
                                   search=search, cache_line=cache_line, cards=cards))


def write(site: Path, text: str) -> Path:
    site.mkdir(parents=True, exist_ok=True)
    path = site / "settings.py"
    path.write_text(text, encoding="utf-8")
    return path
