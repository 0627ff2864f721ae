"""What the archive writes where git publishes it (plugins/social_archive/privacy.py).

content/archive/ is committed, and a free GitHub Pages site needs a public repository: a post
shown only to connections, or hidden by hand, must not lie there as text unless the settings
say the repository is private.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

from social_archive.model import ArchivedPost, Provenance, StoredPost
from social_archive.privacy import HIDDEN_LIST, hide_post
from social_archive.store import post_path, to_json
from tests.archive_support import export, posts_in, run, tree
from tests.golden import SITE
from tests.sitebuild import build

SECRET = "BARAFORKONTAKTER"  # the sample LinkedIn export's post shown only to connections


def every_byte(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_a_connections_only_post_is_not_stored_and_the_summary_says_why(tmp_path):
    archive = tmp_path / "arkiv"
    code, out, err = run(export("sample-linkedin", tmp_path), "--archive", archive)
    assert (code, err) == (0, "")
    assert SECRET.encode() not in every_byte(archive)
    assert "visades bara för dina kontakter; sparas inte, eftersom arkivet checkas in i git" in out
    assert not any(p["visibility"] == "CONNECTIONS" for p in posts_in(archive).values())


def test_a_private_repository_keeps_it_and_the_site_still_does_not_publish_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    code, _, err = run(export("sample-linkedin", tmp_path), "--archive", content / "archive", "--private-repository")
    assert (code, err) == (0, "")
    assert SECRET.encode() in every_byte(content / "archive")
    result = build(SITE / "settings.py", tmp_path / "out", content=content,
                   extra={"SOCIAL_ARCHIVE": json.dumps({"private_repository": True})})
    assert result.returncode == 0, result.log
    assert SECRET.encode() not in every_byte(tmp_path / "out")


def test_a_hidden_or_connections_only_file_in_a_public_repository_stops_publishing_by_name(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    when = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
    provenance = (Provenance("a" * 64, "Shares.csv", "2024-05-01T08:00:00Z"),)
    for stored in (StoredPost(ArchivedPost("linkedin", "1", "post", when, "Bara kontakter.", visibility="CONNECTIONS",
                                           provenance=provenance)),
                   StoredPost(ArchivedPost("linkedin", "2", "post", when, "Dolt för hand.", provenance=provenance),
                              hidden=True)):
        path = content / "archive" / post_path(stored.post)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_json(stored))
    result = build(SITE / "settings.py", tmp_path / "out", content=content)
    assert result.returncode != 0 and "Traceback" not in result.log
    log = " ".join(result.log.split())
    assert "visades bara för dina kontakter, men texten går att läsa i git; kör invoke hide linkedin:1" in log
    assert "är dolt (hidden), men texten går att läsa i git; kör invoke hide linkedin:2" in log


def test_hide_takes_the_post_out_for_good_and_keeps_only_its_id(tmp_path):
    archive = tmp_path / "arkiv"
    instagram = export("sample-instagram", tmp_path)
    assert run(instagram, "--archive", archive)[0] == 0
    posts = posts_in(archive)
    key, post = next((k, p) for k, p in posts.items() if p["media"])
    text = post["text"]
    done = hide_post(archive, f"https://provstad.example/blogg/arkiv/inlagg/{key.replace(':', '-')}/")
    assert done[0].startswith(f"Dolt: {key}.")
    assert key not in posts_in(archive) and text.encode() not in every_byte(archive)
    used = {m["path"] for p in posts_in(archive).values() for m in p["media"]}
    assert all((archive / m["path"]).exists() == (m["path"] in used) for m in post["media"])
    assert key in (archive / HIDDEN_LIST).read_text(encoding="utf-8")
    before = tree(archive)
    code, out, _ = run(instagram, "--archive", archive)
    assert code == 0 and f"dolt för hand (står i {HIDDEN_LIST}); importeras inte igen" in out
    assert tree(archive) == before, "the next import does not bring it back"


def test_hide_refuses_a_post_that_is_not_there_in_swedish(tmp_path):
    import pytest
    from social_archive.model import ArchiveError

    (tmp_path / "arkiv").mkdir()
    with pytest.raises(ArchiveError, match="inget arkiverat inlägg heter 'linkedin:9'"):
        hide_post(tmp_path / "arkiv", "linkedin:9")
