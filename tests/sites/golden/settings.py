"""The golden test site: the publishing settings with fixed content and address."""

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(PROJECT))
from publishconf import *  # noqa: E402,F403

PATH = str(Path(__file__).resolve().parent / "content")
THEME = str(PROJECT / "theme")
SITEURL = "https://golden.example"
AUTHORS = dict(AUTHORS)  # noqa: F405
AUTHORS["Eva Lindgren"] = dict(AUTHORS["Eva Lindgren"], image="")
AUTHORS["Samir Haddad"] = dict(AUTHORS["Samir Haddad"], image="")
SEARCH = {"enabled": False}
BUILD_REPORT = {"show_in_pages": False}
SITEMAP = {"format": "xml"}
