"""The golden test site: the publishing settings with fixed content, owner and address."""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[3]), str(Path(__file__).resolve().parents[1])]
from publishconf import *  # noqa: E402,F403
from fixture_site import *  # noqa: E402,F403

PATH = str(Path(__file__).resolve().parent / "content")
SITEURL = "https://golden.example"
SEARCH = {"enabled": False}
BUILD_REPORT = {"show_in_pages": False}
