"""Posts whose export cannot say who saw them wait for a person's approval (privacy.py, merge.py).

A Facebook profile's export records no audience per post: such posts are stored with
"approved": false, never published until `invoke approve` says so, and no re-import takes a
person's approval back.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from social_archive.merge import merge
from social_archive.model import ArchiveError, ArchivedPost, Provenance, StoredPost
from social_archive.privacy import Policy, approve_posts, exposed_in_git, published
from social_archive.store import from_json, load_archive, post_path, to_json
from tests.golden import SITE
from tests.sitebuild import build

ROOT = Path(__file__).resolve().parent.parent
WHEN = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
SOURCE = (Provenance("a" * 64, "your_posts_1.json", "2024-05-01T08:00:00Z"),)


def profile_post(number: int, text: str) -> ArchivedPost:
    return ArchivedPost("facebook", str(number), "post", WHEN, text, provenance=SOURCE, needs_approval=True)


def stored_in(archive: Path, *posts: StoredPost) -> None:
    for stored in posts:
        path = archive / post_path(stored.post)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_json(stored))


def test_a_post_that_needs_approval_is_stored_unapproved_and_not_published():
    stored = merge(None, profile_post(1, "Besök på skolan."))
    assert stored.approved is False
    assert json.loads(to_json(stored))["approved"] is False
    assert not published(stored, Policy()) and not published(stored, Policy(private_repository=True))
    assert "väntar på godkännande" in exposed_in_git(stored, Policy())
    assert exposed_in_git(stored, Policy(private_repository=True)) is None


def test_a_public_post_has_no_approved_field_and_old_files_still_read():
    stored = merge(None, replace(profile_post(1, "Sidans inlägg."), needs_approval=False))
    assert stored.approved is None and "approved" not in json.loads(to_json(stored))
    assert published(stored, Policy())
    assert from_json(to_json(stored), "x.json").approved is None


def test_no_re_import_takes_an_approval_back_and_a_later_export_can_ask_for_one():
    approved = replace(merge(None, profile_post(1, "Text.")), approved=True)
    again = merge(approved, profile_post(1, "Text."))
    assert again.approved is True and published(again, Policy())
    public = merge(None, replace(profile_post(2, "Text."), needs_approval=False))
    assert merge(public, profile_post(2, "Text.")).approved is False  # the export now says it may not be public


def test_approve_lists_what_waits_then_approves_by_id_by_address_or_all(tmp_path):
    archive = tmp_path / "archive"
    stored_in(archive, *(merge(None, profile_post(n, f"Inlägg nummer {n}.")) for n in (1, 2, 3)))
    listing = approve_posts(archive, [])
    assert listing[0].startswith("3 inlägg väntar på godkännande")
    assert any("facebook:2  2024-05-01  Inlägg nummer 2." in line for line in listing)
    assert approve_posts(archive, ["facebook:1", "https://example.org/arkiv/inlagg/facebook-2/"])[0].startswith(
        "Godkänt: facebook:1, facebook:2.")
    assert {s.post.key: s.approved for s in load_archive(archive)} == {
        "facebook:1": True, "facebook:2": True, "facebook:3": False}
    with pytest.raises(ArchiveError, match="inget inlägg som väntar på godkännande heter 'facebook:1'"):
        approve_posts(archive, ["facebook:1"])
    approve_posts(archive, [], every=True)
    assert all(s.approved for s in load_archive(archive))
    assert approve_posts(archive, []) == ["Inga arkiverade inlägg väntar på godkännande."]
    assert not list(archive.rglob("*.tmp"))


def test_invoke_approve_speaks_swedish_and_never_a_traceback(tmp_path):
    archive = tmp_path / "archive"
    stored_in(archive, merge(None, profile_post(1, "Ett inlägg.")))
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", "approve", *args, "--archive", str(archive)],  # noqa: E731
                                       cwd=ROOT, capture_output=True, text=True)
    wrong = run("--post", "facebook:9")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "invoke approve:" in wrong.stderr and "facebook:9" in wrong.stderr
    done = run("--post", "facebook:1")
    assert done.returncode == 0 and "Godkänt: facebook:1." in done.stdout


def test_the_site_publishes_a_post_only_once_it_is_approved(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    waiting = merge(None, profile_post(1, "VÄNTARPÅGODKÄNNANDE"))
    approved = replace(merge(None, profile_post(2, "GODKÄNTAVENPERSON")), approved=True)
    stored_in(content / "archive", waiting, approved)
    private = {"SOCIAL_ARCHIVE": json.dumps({"private_repository": True})}
    result = build(SITE / "settings.py", tmp_path / "out", content=content, extra=private)
    assert result.returncode == 0, result.log
    built = b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert b"GODK\xc3\x84NTAVENPERSON" in built and b"V\xc3\x84NTARP\xc3\x85GODK\xc3\x84NNANDE" not in built
    assert "1 inlägg väntar på godkännande och publiceras inte" in result.log

    public = build(SITE / "settings.py", tmp_path / "out2", content=content)
    assert public.returncode != 0 and "Traceback" not in public.log
    assert "kör invoke approve --post facebook:1 om det får publiceras" in " ".join(public.log.split())


def test_a_facebook_profile_export_waits_for_approval_and_a_page_export_does_not(tmp_path):
    from tests.archive_support import posts_in, run
    from tests.facebook_export import export

    archive = tmp_path / "archive"
    code, out, err = run(export("facebook-2024", tmp_path), "--archive", archive)
    assert (code, err) == (0, "")
    profile = posts_in(archive)
    assert profile and all(p["approved"] is False for p in profile.values())
    assert f"{len(profile)} inlägg väntar på godkännande: exporten säger inte vem som fick se dem" in out
    first = sorted(profile)[0]
    approve_posts(archive, [first])
    code, out, _ = run(export("facebook-2024", tmp_path / "again"), "--archive", archive)
    assert code == 0 and posts_in(archive)[first]["approved"] is True  # a re-import keeps the approval
    assert f"{len(profile) - 1} inlägg väntar på godkännande" in out

    page_archive = tmp_path / "page"
    assert run(export("facebook-page", tmp_path / "p"), "--archive", page_archive)[0] == 0
    assert posts_in(page_archive) and all("approved" not in p for p in posts_in(page_archive).values())
