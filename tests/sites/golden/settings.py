"""The golden test site: the publishing settings with fixed content, owner and address."""

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests" / "sites"))
from publishconf import *  # noqa: E402,F403
from fixture_owner import *  # noqa: E402,F403

FEEDS = dict(FEEDS, id_authority=FEED_ID_AUTHORITY)  # noqa: F405
PATH = str(Path(__file__).resolve().parent / "content")
THEME = str(PROJECT / "theme")
SITEURL = "https://golden.example"
SEARCH = {"enabled": False}
BUILD_REPORT = {"show_in_pages": False}
SITEMAP = {"format": "xml"}
