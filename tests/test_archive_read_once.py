"""The live preview reads the archive again only when one of its files changed (site._read_once)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from social_archive import site
from social_archive.model import ArchivedPost, Provenance, StoredPost
from social_archive.store import post_path, to_json

SOURCE = (Provenance("a" * 64, "Shares.csv", "2024-05-01T08:00:00Z"),)


def write(archive, text):
    stored = StoredPost(ArchivedPost("linkedin", "1", "post", datetime(2024, 5, 1, 8, tzinfo=timezone.utc), text,
                                     provenance=SOURCE))
    path = archive / post_path(stored.post)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_json(stored))
    return path


def test_an_unchanged_archive_is_not_read_again_and_a_changed_file_is(tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    path = write(archive, "Första texten.")
    reads = []
    real = site.load_archive
    monkeypatch.setattr(site, "load_archive", lambda folder: reads.append(folder) or real(folder))
    assert [s.post.text for s in site._read_once(archive)] == ["Första texten."]
    assert [s.post.text for s in site._read_once(archive)] == ["Första texten."] and len(reads) == 1
    write(archive, "Ändrad text.")  # a file saved again
    os.utime(path, ns=(1, 1))
    assert [s.post.text for s in site._read_once(archive)] == ["Ändrad text."] and len(reads) == 2
    (archive / "linkedin" / "extra.txt").write_text("x")  # any new file reads it again
    site._read_once(archive)
    assert len(reads) == 3
