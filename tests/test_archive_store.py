"""The archive files: exact format, any text survives, and hand-broken files are named clearly."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from social_archive.model import ArchivedPost, HistoryEntry, Media, Provenance, StoredPost
from social_archive.store import StoreError, from_json, load_archive, post_path, to_json
from tests.archive_support import export, run, tree

SHA = "ab" * 32
MEDIA_SHA = "c3" + "0" * 62


def sample(text: str = "Hej", **fields) -> StoredPost:
    post = ArchivedPost(
        platform="linkedin",
        post_id="7174000000000000001",
        kind="post",
        published=datetime(2024, 3, 15, 7, 45, tzinfo=timezone.utc),
        text=text,
        url="https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7174000000000000001",
        visibility="CONNECTIONS",
        media=(
            Media(
                kind="image",
                path=f"media/c3/{MEDIA_SHA}.jpg",
                alt="Två personer vid ett bord",
                width=4,
                height=8,
                sha256=MEDIA_SHA,
            ),
        ),
        provenance=(Provenance(SHA, "Shares.csv", "2024-03-15T07:45:00Z"),),
    )
    return StoredPost(post, **fields)


def test_exact_file_format():
    stored = sample(
        "Rad ett\nrad två",
        history=(HistoryEntry("Rad ett", "2024-05-01T10:00:00Z"),),
        hidden=True,
        note="Rättad",
    )
    assert (
        to_json(stored).decode("utf-8")
        == """{
  "hidden": true,
  "history": [
    {
      "replaced": "2024-05-01T10:00:00Z",
      "text": "Rad ett"
    }
  ],
  "id": "linkedin:7174000000000000001",
  "imports": [
    {
      "export_sha256": "%s",
      "file": "Shares.csv",
      "first_seen": "2024-03-15T07:45:00Z"
    }
  ],
  "kind": "post",
  "media": [
    {
      "alt": "Två personer vid ett bord",
      "height": 8,
      "kind": "image",
      "path": "media/c3/%s.jpg",
      "width": 4
    }
  ],
  "note": "Rättad",
  "platform": "linkedin",
  "post_id": "7174000000000000001",
  "published": "2024-03-15T07:45:00Z",
  "schema": 1,
  "shared_url": "",
  "text": "Rad ett\\nrad två",
  "url": "https://www.linkedin.com/feed/update/urn%%3Ali%%3Ashare%%3A7174000000000000001",
  "visibility": "CONNECTIONS"
}
"""
        % (SHA, MEDIA_SHA)
    )


texts = st.text(alphabet=st.characters(codec="utf-8")).map(lambda t: unicodedata.normalize("NFC", t))


@settings(max_examples=300, database=None)
@given(text=texts, note=texts, alt=texts)
@example(text='<script>alert("x")</script>', note="{{ site }} {% raw %}", alt="# Rubrik\n*fet*")
@example(text="  inledande och avslutande blanksteg  \n\n", note="\r\n", alt="\x00\x1f\u2028")
@example(text="---\nTitle: inte metadata\n\n[länk](javascript:alert(1))", note="", alt="")
def test_any_text_survives_store_and_load_unchanged(text, note, alt):
    stored = sample(text, note=note)
    stored = replace(stored, post=replace(stored.post, media=(replace(stored.post.media[0], alt=alt),)))
    loaded = from_json(to_json(stored), "x.json")
    assert (loaded.post.text, loaded.note, loaded.post.media[0].alt) == (text, note, alt)
    assert loaded == stored


def test_load_archive_reads_what_an_import_wrote(tmp_path):
    archive = tmp_path / "arkiv"
    run(export("linkedin-classic", tmp_path), "--archive", archive)
    posts = load_archive(archive)
    assert [p.post.published for p in posts] == sorted(p.post.published for p in posts)
    assert {p.file for p in posts} == {
        p.relative_to(archive).as_posix() for p in archive.glob("linkedin/*/*.json")
    }
    assert all(not p.hidden and p.note == "" for p in posts)


@pytest.mark.parametrize(
    ("post_id", "name"),
    [
        ("7174000000000000001", "linkedin/2024/2024-03-15-7174000000000000001.json"),
        ("1647780000-17912345678901234", "linkedin/2024/2024-03-15-1647780000-17912345678901234.json"),
        ("a/b:c", "linkedin/2024/2024-03-15-a-b-c-"),
        ("x" * 60, "linkedin/2024/2024-03-15-" + "x" * 40 + "-"),
    ],
)
def test_post_file_names(post_id, name):
    post = replace(sample().post, post_id=post_id)
    assert post_path(post).startswith(name) and post_path(post).endswith(".json")


def broken(document: dict, **changes) -> bytes:
    document = {**document, **changes}
    return json.dumps({k: v for k, v in document.items() if v is not ...}, ensure_ascii=False).encode()


GOOD = json.loads(to_json(sample()))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b'{"schema": 1,',
            "trasig JSON på rad 1, kolumn 14 (Expecting property name enclosed in double quotes)",
        ),
        (broken(GOOD, text=...), "inlägget: fältet 'text' saknas"),
        (broken(GOOD, hidden="ja"), "inlägget: fältet 'hidden' ska vara true eller false, inte \"ja\""),
        (
            broken(GOOD, hiden=True),
            "inlägget: okänt fält 'hiden' (stavfel?); kända fält är schema, id, platform, post_id, kind, published, text, url, shared_url, visibility, media, imports, history, hidden, note, imported_text_sha256, approved",
        ),
        (broken(GOOD, schema=2), "inlägget: fältet 'schema' ska vara talet 1, inte 2"),
        (
            broken(GOOD, published="2024-03-15 07:45"),
            "inlägget: fältet 'published' ska vara en tid som 2024-01-05T08:15:00Z, mellan 2003 och i dag, inte \"2024-03-15 07:45\"",
        ),
        (
            broken(GOOD, kind="story"),
            "inlägget: fältet 'kind' ska vara article eller post eller reel eller repost, inte \"story\"",
        ),
        (
            broken(GOOD, media=[{**GOOD["media"][0], "alt": 5}]),
            "media 1: fältet 'alt' ska vara text inom citattecken, inte 5",
        ),
        (
            broken(GOOD, media=[{**GOOD["media"][0], "path": "../../etc/passwd"}]),
            "media 1: fältet 'path' ska vara media/xx/<sha256>.<filtyp>, inte \"../../etc/passwd\"",
        ),
        (broken(GOOD, imports=[]), "fältet 'imports' är tomt; det ska säga vilken export inlägget kom från"),
        (
            broken(GOOD, id="linkedin:1"),
            "fältet 'id' ska vara \"linkedin:7174000000000000001\" (platform:post_id)",
        ),
        (b"[]", "inlägget ska vara ett objekt { }"),
        (broken(GOOD, platform="../x"), "inlägget: fältet 'platform' ska vara t.ex. linkedin, inte \"../x\""),
    ],
)
def test_hand_broken_file_is_named_with_its_field(data, problem):
    with pytest.raises(StoreError) as error:
        from_json(data, "content/archive/linkedin/2024/x.json")
    assert (error.value.file, error.value.problem) == ("content/archive/linkedin/2024/x.json", problem)


def test_import_onto_a_broken_archive_names_the_file_and_writes_nothing(tmp_path):
    archive = tmp_path / "arkiv"
    assert run(export("linkedin-classic", tmp_path), "--archive", archive)[0] == 0
    victim = archive / "linkedin/2024/2024-03-15-7174000000000000001.json"
    document = json.loads(victim.read_text(encoding="utf-8"))
    del document["text"]
    victim.write_text(json.dumps(document), encoding="utf-8")
    before = tree(archive)
    code, out, err = run(export("linkedin-member-id", tmp_path), "--archive", archive)
    assert (code, out) == (1, "")
    assert err == f"fel: {victim}: inlägget: fältet 'text' saknas\n"
    assert tree(archive) == before


def test_missing_media_file_and_duplicate_posts_are_errors(tmp_path):
    archive = tmp_path / "arkiv"
    assert run(export("instagram-2024", tmp_path), "--archive", archive)[0] == 0
    (webp,) = archive.glob("media/*/*.webp")
    webp.unlink()
    with pytest.raises(StoreError, match=r"bilden eller videon media/.+\.webp finns inte i arkivet"):
        load_archive(archive)
    webp.write_bytes(b"")
    first = next(archive.glob("instagram/*/*.json"))
    (first.parent / "kopia.json").write_bytes(first.read_bytes())
    with pytest.raises(StoreError, match=r"samma inlägg \(instagram:.+\) finns också i"):
        load_archive(archive)


def test_staging_leftovers_and_media_are_not_posts(tmp_path):
    (tmp_path / ".import-abc" / "linkedin" / "2024").mkdir(parents=True)
    (tmp_path / ".import-abc" / "linkedin" / "2024" / "x.json").write_text("{")
    assert load_archive(tmp_path) == []
    assert load_archive(tmp_path / "finns-inte") == []
