"""A made-up platform's reader, for tests/test_archive_platforms.py: the three names every reader
has, and nothing else anywhere (its record is added by the test)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from social_archive.export_files import ExportError
from social_archive.model import ArchivedPost, Provenance, nfc

PLATFORM = "pixelfed"
POSTS = "pixelfed-posts.json"


def looks_like(export) -> bool:
    return POSTS in export.files()


def read(export, companions=()):
    try:
        entries = json.loads(export.read_bytes(POSTS))
    except json.JSONDecodeError:
        raise ExportError(POSTS, "trasig JSON") from None
    for number, entry in enumerate(entries, start=1):
        yield ArchivedPost(PLATFORM, str(entry["id"]), "post",
                           datetime.fromtimestamp(entry["time"], tz=timezone.utc), nfc(entry["text"]),
                           url=entry.get("url", ""), provenance=(Provenance(export.sha256, POSTS),),
                           entry=f"inlägg {number}")
