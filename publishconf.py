"""Settings for the public site: what CI builds and deploys. Run with --fatal warnings."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The address the site is published at; the workflow sets it from GitHub Pages.
SITEURL = (os.environ.get("SITEURL") or PUBLIC_URL).rstrip("/")  # noqa: F405
PUBLIC_URL = SITEURL  # what the share kit links to: the address this build is published at
# Its own folder, which the preview (output/) never writes: deploying public/ by hand is safe.
OUTPUT_PATH = "public"
DELETE_OUTPUT_DIRECTORY = True
# A public build reads every file afresh.
CACHE_CONTENT = LOAD_CONTENT_CACHE = False
# Every core reads and renders (plugins/parallel_build); the output is the same as with one.
PARALLEL_BUILD = {"processes": None}
# Drafts and future posts are never written to the public site.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
BUILD_REPORT = {"show_in_pages": False}
# The share kit is private: the public build only makes the link cards used as og:image.
SHARE_KIT = dict(SHARE_KIT, write_kit=False)  # noqa: F405
