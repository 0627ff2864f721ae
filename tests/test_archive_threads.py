"""Threads: the Threads folder of an Instagram export and a Threads export of its own (exports-more.md §5).

Fixtures: threads-in-instagram-2026 (an Instagram export carrying every Threads file), threads-own-export
(threads/ at the root, a private profile), threads-html. Hostile and broken cases are made here.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image

from social_archive.export_files import open_export
from social_archive.exports import detect, instagram, threads
from social_archive.model import ArchivedPost, Skipped
from social_archive.platforms import importable, in_words
from tests.archive_support import export, instagram_posts, make_zip, photo, posts_in, run, totals, tree

IG_ROOT = "instagram-ekbacka.kommun-2026-06-12-QwErTy/"
FOLDER = IG_ROOT + "your_instagram_activity/threads/"
MEMBER = FOLDER + "threads_and_replies.json"
OWN = "threads/threads_and_replies.json"
PROFILE = "threads/personal_information.json"
TEXT_ONLY = "threads:1776526631-33d42f2c"
PHOTO_ONLY = "threads:1777022100-e3b0c442-18434730343186435"
SELF_THREAD = "threads:1777707070-da0454be"
PLAYGROUND = "threads:1778414400-10ad3521-18450000000000002"
GEO = "threads:1779259500-154774c1"
MARKUP = "threads:1780338000-a6cda566"
CAROUSEL = "threads:1781100000-47ca0bae-18460000000000003"


def read(path: Path) -> tuple[dict[str, ArchivedPost], list[Skipped]]:
    """What the detected platform's reader yields: posts by key, and everything left out or noted."""
    with open_export(path) as opened:
        module = instagram if detect(opened) == "instagram" else threads
        items = list(module.read(opened))
    return {p.key: p for p in items if isinstance(p, ArchivedPost)}, [s for s in items if isinstance(s, Skipped)]


@pytest.fixture(scope="module")
def in_instagram(tmp_path_factory):
    path = export("threads-in-instagram-2026", tmp_path_factory.mktemp("ig"))
    return path, *read(path)


@pytest.fixture(scope="module")
def own_export(tmp_path_factory):
    path = export("threads-own-export", tmp_path_factory.mktemp("th"))
    return path, *read(path)


# --- Inside an Instagram export ------------------------------------------------------------------


def test_an_instagram_export_with_threads_is_instagram_only_and_its_threads_are_threads(in_instagram):
    path, posts, _ = in_instagram
    with open_export(path) as opened:
        assert detect(opened) == "instagram" and not threads.looks_like(opened)
    assert sorted(posts) == sorted(["instagram:1776500000-18440000000000001", TEXT_ONLY, PHOTO_ONLY, SELF_THREAD,
                                    PLAYGROUND, GEO, MARKUP, CAROUSEL])
    assert {p.platform for k, p in posts.items() if k.startswith("threads:")} == {"threads"}


def test_text_is_the_first_media_title_repaired_and_a_text_only_post_has_no_file(in_instagram):
    _, posts, _ = in_instagram
    post = posts[TEXT_ONLY]
    assert (post.text, post.media, post.kind) == ("Tack för i dag, Ekbackaskolan! Nästa vecka: öppet hus 🏫", (), "post")
    assert post.published == datetime(2026, 4, 18, 15, 37, 11, tzinfo=timezone.utc)
    assert post.provenance[0].file == MEMBER and post.entry == "tråd 1"
    assert (post.url, post.visibility) == ("", "")


def test_media_in_month_folders_and_at_media_root_are_found(in_instagram):
    _, posts, _ = in_instagram
    assert [m.source for m in posts[PHOTO_ONLY].media] == [IG_ROOT + "media/posts/202604/18434730343186435.webp"]
    assert posts[PHOTO_ONLY].text == ""
    assert [m.source for m in posts[PLAYGROUND].media] == [IG_ROOT + "media/18450000000000002.webp"]
    assert posts[PLAYGROUND].text == "Ny lekplats i Ekbacka 🛝"


def test_post_level_title_and_time_follow_instagrams_rules(in_instagram):
    _, posts, _ = in_instagram
    post = posts[CAROUSEL]
    assert post.text == "Två bilder från invigningen – ’välkomna’"
    assert post.published == datetime.fromtimestamp(1781100002, timezone.utc)  # post-level time wins
    assert [m.source.rsplit("/", 1)[1] for m in post.media] == ["18460000000000003.webp", "18460000000000004.webp"]


def test_markup_stays_literal_text(in_instagram):
    _, posts, _ = in_instagram
    assert posts[MARKUP].text == "<script>alert(1)</script> **fet** {{ x }}\n#budget @ekbacka.kommun"


def test_replies_to_others_are_left_out_and_a_reply_to_oneself_is_archived(in_instagram):
    _, posts, skipped = in_instagram
    assert posts[SELF_THREAD].text == "2/2 Fortsättning: vi ses på torget klockan tio."
    left_out = [(s.file, s.item, s.reason) for s in skipped if s.counts_as_skipped]
    assert left_out == [(MEMBER, "tråd 3", threads.REPLY), (MEMBER, "tråd 8", threads.REPLY_TO_WHOM)]
    assert not any("Håller med" in p.text or "Tack själv" in p.text for p in posts.values())


def test_a_public_profile_needs_no_approval_but_a_geo_gated_post_does(in_instagram):
    _, posts, skipped = in_instagram
    assert {k for k, p in posts.items() if p.needs_approval} == {GEO}
    notes = [(s.file, s.item, s.reason) for s in skipped if s.note and s.file == MEMBER]
    assert notes == [(MEMBER, "tråd 6", threads.GEO_GATED.format("SE"))]
    assert notes[0][2] == ('tråden visades bara i vissa länder (geo_gated_country_list: SE); den sparas med '
                           '"approved": false och publiceras först när du har godkänt den (invoke approve)')


def test_likes_saves_views_archived_follows_and_blocks_are_never_archived(in_instagram):
    _, posts, skipped = in_instagram
    notes = {s.file.removeprefix(FOLDER): s.reason for s in skipped if s.note and s.file != MEMBER}
    assert notes == {
        "archived_threads.json": "arkiverade trådar har du dolt på Threads; de arkiveras inte",
        "blocked_profiles.json": "blockerade profiler arkiveras inte",
        "followers_1.json": "följare och konton du följer arkiveras inte",
        "following.json": "följare och konton du följer arkiveras inte",
        "liked_threads.json": "gillade trådar arkiveras inte",
        "saved_threads.json": "sparade trådar arkiveras inte",
        "threads_viewed.json": "trådar du har sett arkiveras inte",
    }
    assert not any("Arkiverad" in p.text for p in posts.values())


def test_import_adds_up_names_both_platforms_strips_photos_and_is_idempotent(in_instagram, tmp_path):
    path = in_instagram[0]
    archive = tmp_path / "arkiv"
    code, out, err = run(path, "--archive", archive)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"{path} (instagram och threads): 10 lästa = 8 nya + 0 ändrade + 0 oförändrade + 2 överhoppade + 0 upprepningar"
    )
    stored = posts_in(archive)
    assert len(stored) == 8 and stored[CAROUSEL]["platform"] == "threads"
    assert (archive / "threads/2026/2026-04-18-1776526631-33d42f2c.json").is_file()
    for media in stored[CAROUSEL]["media"]:
        with Image.open(archive / media["path"]) as image:
            assert image.size == (4, 8) and "exif" not in image.info
    assert b"Arkiverad" not in b"".join(p.read_bytes() for p in archive.rglob("*.json"))
    before = tree(archive)
    code, out, _ = run(path, "--archive", archive)
    assert code == 0 and tree(archive) == before
    assert totals(out)[0] == {"read": 10, "added": 0, "updated": 0, "unchanged": 8, "skipped": 2, "repeats": 0}


# --- A Threads export of its own ---------------------------------------------------------------


def test_a_threads_export_of_its_own_is_threads_only(own_export):
    path, posts, _ = own_export
    with open_export(path) as opened:
        assert detect(opened) == "threads" and not instagram.looks_like(opened)
    assert [(k, p.text) for k, p in posts.items()] == [
        ("threads:1776526631-da443f67", "Första tråden från förvaltningen – välkomna!"),
        ("threads:1779259500-6c8d692a-18480000000000006", "Budgetdagen 📊"),
        ("threads:1779259700-9eec6c88", "…och en fortsättning i egen tråd"),  # to Kim.Provare: any case
    ]
    assert [m.source for m in posts["threads:1779259500-6c8d692a-18480000000000006"].media] == [
        "media/posts/202605/18480000000000006.webp"]


def test_a_private_profiles_posts_all_wait_for_approval_and_the_import_says_so(own_export, tmp_path):
    path, posts, skipped = own_export
    assert all(p.needs_approval for p in posts.values())
    assert [(s.file, s.item, s.reason) for s in skipped if s.file == OWN] == [
        (OWN, "tråd 3", threads.REPLY),
        (OWN, "hela filen", threads.PRIVATE.format(PROFILE)),
    ]
    code, out, _ = run(path, "--archive", tmp_path / "arkiv")
    assert code == 0
    assert f"{path} (threads): 4 lästa = 3 nya + 0 ändrade + 0 oförändrade + 1 överhoppat + 0 upprepningar" in out
    assert (
        f"  obs {OWN} – hela filen: profilen är privat (Private Account i {PROFILE}): trådarna visades bara för "
        'dina följare; de sparas med "approved": false och publiceras först när du har godkänt dem (invoke approve)'
    ) in out.splitlines()


def test_media_in_another_part_of_a_threads_export_are_found(tmp_path):
    posts = {"text_post_app_text_posts": [thread("Med bild", uri="media/posts/202605/18480000000000009.webp")]}
    first = make_zip(tmp_path / "del1.zip", [(OWN, json.dumps(posts).encode()), (PROFILE, public_profile())])
    second = make_zip(tmp_path / "del2.zip", [("media/posts/202605/18480000000000009.webp", photo("t", "WEBP"))])
    code, out, err = run(first, second, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    (stored,) = posts_in(tmp_path / "arkiv").values()
    assert stored["text"] == "Med bild" and [m["kind"] for m in stored["media"]] == ["image"]
    assert f"{second} (threads): 0 lästa" in out


def test_html_export_is_refused_with_the_way_to_json(tmp_path):
    code, out, err = run(export("threads-html", tmp_path), "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == (
        "fel: threads/threads_and_replies.html: exporten är i HTML-format; begär en ny export "
        "(Kontocenter → Ladda ned din information) och välj formatet JSON\n"
    )
    assert not (tmp_path / "arkiv").exists()


# --- Made here: shapes, missing fields, hostile input --------------------------------------------


def thread(title: str, when: float = 1777000000, uri: str = "", **about) -> dict:
    flags = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": False, **about}
    return {"media": [{"uri": uri, "creation_timestamp": when, "title": title, "text_app_post": flags}]}


def public_profile(**fields: str) -> bytes:
    labels = {"Username": "ekbacka.kommun", "Private Account": "False", **fields}
    data = {"text_post_app_text_post_app_profile": [{"string_map_data": {k: {"value": v} for k, v in labels.items()}}]}
    return json.dumps(data).encode()


def own_zip(path: Path, entries: list | bytes, files: dict[str, bytes] | None = None) -> Path:
    data = entries if isinstance(entries, bytes) else json.dumps({"text_post_app_text_posts": entries}).encode()
    members = {OWN: data, PROFILE: public_profile(), **(files or {})}
    return make_zip(path, [(name, body) for name, body in members.items() if body is not None])


def refused(tmp_path: Path, *argv) -> str:
    """The import's one error line; the archive and its folder are untouched."""
    archive = tmp_path / "arkiv"
    archive.mkdir(exist_ok=True)
    before, outside = tree(archive), tree(tmp_path)
    code, out, err = run(*argv, "--archive", archive)
    assert code == 1 and out == "" and len(err.splitlines()) == 1, err
    assert tree(archive) == before and tree(tmp_path) == outside
    return err.strip()


def test_only_the_threads_folder_in_an_instagram_export_is_still_read(tmp_path):
    path = make_zip(tmp_path / "ig.zip", [
        ("your_instagram_activity/threads/threads_and_replies.json",
         json.dumps({"text_post_app_text_posts": [thread("Bara Threads valdes")]}).encode()),
        ("your_instagram_activity/threads/personal_information.json", public_profile()),
    ])
    posts, skipped = read(path)
    assert [(p.platform, p.text, p.needs_approval) for p in posts.values()] == [("threads", "Bara Threads valdes", False)]
    assert skipped == []


def test_an_older_instagram_export_with_threads_at_its_root_is_instagram_only(tmp_path):
    path = make_zip(tmp_path / "ig.zip", [("content/posts_1.json", json.dumps(instagram_posts(1)).encode()),
                                          (OWN, json.dumps({"text_post_app_text_posts": [thread("Rot")]}).encode()),
                                          (PROFILE, public_profile())])
    with open_export(path) as opened:
        assert detect(opened) == "instagram" and not threads.looks_like(opened)
    posts, _ = read(path)
    assert [(p.platform, p.text) for p in posts.values()] == [("instagram", "0"), ("threads", "Rot")]


def test_without_a_profile_every_thread_waits_for_approval_and_replies_cannot_be_told(tmp_path):
    path = own_zip(tmp_path / "t.zip", [thread("Egen"), thread("Svar", 1777000100, is_reply=True, in_reply_to_username="x")],
                   {PROFILE: None})
    posts, skipped = read(path)
    assert [p.needs_approval for p in posts.values()] == [True]
    assert [(s.item, s.reason) for s in skipped] == [
        ("tråd 2", threads.NO_USERNAME), ("hela filen", threads.UNKNOWN_AUDIENCE.format(PROFILE))]


def test_a_profile_in_another_language_is_taken_as_saying_nothing(tmp_path):
    """Labels follow the account's language in some exports: "Privat konto" is not read as public."""
    profile = json.dumps({"text_post_app_text_post_app_profile": [{"string_map_data": {
        "Anv\u00c3\u00a4ndarnamn": {"value": "ekbacka.kommun"}, "Privat konto": {"value": "False"}}}]}).encode()
    posts, skipped = read(own_zip(tmp_path / "t.zip", [thread("Egen")], {PROFILE: profile}))
    assert [p.needs_approval for p in posts.values()] == [True]
    assert [s.reason for s in skipped] == [threads.UNKNOWN_AUDIENCE.format(PROFILE)]


def test_the_username_comes_from_instagrams_profile_when_threads_has_none(tmp_path):
    instagram_profile = json.dumps({"profile_user": [{"string_map_data": {"Username": {"value": "ekbacka.kommun"}}}]})
    path = make_zip(tmp_path / "ig.zip", [
        ("your_instagram_activity/media/posts_1.json", b"[]"),
        ("personal_information/personal_information/personal_information.json", instagram_profile.encode()),
        ("your_instagram_activity/threads/threads_and_replies.json", json.dumps({"text_post_app_text_posts": [
            thread("Del 2 av min tråd", is_reply=True, in_reply_to_username="@Ekbacka.Kommun"),
            thread("Till någon annan", 1777000100, is_reply=True, in_reply_to_username="bo.berg")]}).encode()),
    ])
    posts, skipped = read(path)
    assert [p.text for p in posts.values()] == ["Del 2 av min tråd"]
    assert [(s.item, s.reason) for s in skipped if not s.note] == [("tråd 2", threads.REPLY)]


def test_a_list_of_countries_also_gates_a_post(tmp_path):
    posts, skipped = read(own_zip(tmp_path / "t.zip", [thread("Norden", geo_gated_country_list=["SE", "NO"])]))
    assert [p.needs_approval for p in posts.values()] == [True]
    assert [s.reason for s in skipped] == [threads.GEO_GATED.format('["SE", "NO"]')]


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({}, "tråden saknar listan media, där Threads skriver texten"),
        ({"media": "text"}, "tråden saknar listan media, där Threads skriver texten"),
        ({"media": [{"uri": "", "creation_timestamp": 1777000000, "title": "Utan flaggor"}]}, threads.NOT_TOLD),
        ({"media": [{"title": "x", "text_app_post": {"is_reply": "false"}}]}, threads.NOT_TOLD),
        (thread("Ingen tid", when=None), "tråden saknar en giltig tidpunkt (creation_timestamp)"),
        (thread("Text som tid", when="1777000000"), "tråden saknar en giltig tidpunkt (creation_timestamp)"),
        (thread(""), "tråden har ingen bild; tråden har ingen text heller"),
        (thread("Svar", is_reply=True, in_reply_to_username=""), threads.REPLY_TO_WHOM),
    ],
)
def test_missing_fields_leave_out_that_thread_with_its_reason(tmp_path, entry, reason):
    posts, skipped = read(own_zip(tmp_path / "t.zip", [entry, thread("Hel", 1777000500)]))
    assert [p.text for p in posts.values()] == ["Hel"]
    assert [(s.item, s.reason) for s in skipped] == [("tråd 1", reason)]


def test_a_missing_file_is_listed_and_the_thread_keeps_its_text(tmp_path):
    uri = "media/posts/202605/18480000000000007.webp"
    posts, skipped = read(own_zip(tmp_path / "t.zip", [thread("Bilden saknas", uri=uri), thread("", 1777000100, uri=uri)]))
    assert [(p.text, p.media, p.incomplete) for p in posts.values()] == [("Bilden saknas", (), True)]
    missing = "filen saknas i exporten; importera alla delar av exporten samtidigt"
    assert [(s.item, s.reason, s.partial) for s in skipped] == [
        (f"tråd 1, bild 1 ({uri})", missing, True),
        ("tråd 2", f"{missing}; tråden har ingen text heller", False),
    ]


@pytest.mark.parametrize("when", [math.nan, math.inf, -math.inf, 1e300, -1, 253402300800, 1688000000])
def test_impossible_timestamps_are_left_out_with_one_line(tmp_path, when):
    code, out, err = run(own_zip(tmp_path / "t.zip", [thread("Fel tid", when), thread("Rätt tid")]),
                         "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    assert (f"  hoppade över {OWN} – tråd 1: tidpunkten (creation_timestamp) {when!r} ligger utanför juli 2023 "
            "(då Threads startade) till i dag; tråden arkiveras inte") in out.splitlines()
    assert [p["text"] for p in posts_in(tmp_path / "arkiv").values()] == ["Rätt tid"]


@pytest.mark.parametrize("uri", ["../utanfor.webp", "/etc/passwd", "https://evil.example/x.webp",
                                 "media/../../utanfor.webp", "media\\..\\x.webp", "file:///etc/passwd"])
def test_a_path_out_of_the_export_refuses_the_import(tmp_path, uri):
    path = own_zip(tmp_path / "t.zip", [thread("Elak sökväg", uri=uri)])
    assert refused(tmp_path, path) == f"fel: {OWN}: tråd 1, bild 1: sökvägen {uri!r} pekar utanför exporten"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"text_post_app_text_posts": [{"media": [{"uri": "", "title": "avklip',
         "trasig JSON på rad 1, kolumn 63; filen kan vara avklippt"),
        (b'{"text_post_app_media_likes": []}', 'oväntad struktur: väntade {"text_post_app_text_posts": [...]}'),
        (b"[]", 'oväntad struktur: väntade {"text_post_app_text_posts": [...]}'),
        (b"[" * 100_000 + b"]" * 100_000, instagram.TOO_DEEP),
    ],
)
def test_a_broken_threads_file_is_one_line_naming_it(tmp_path, data, problem):
    assert refused(tmp_path, own_zip(tmp_path / "t.zip", data)) == f"fel: {OWN}: {problem}"


def test_a_broken_profile_file_is_one_line_naming_it(tmp_path):
    path = own_zip(tmp_path / "t.zip", [thread("Hej")], {PROFILE: b'{"text_post_app_text_post_app_profile": ['})
    assert refused(tmp_path, path) == f"fel: {PROFILE}: trasig JSON på rad 1, kolumn 42; filen kan vara avklippt"


def test_the_wrong_platform_is_refused(tmp_path, in_instagram, own_export):
    assert refused(tmp_path, in_instagram[0], "--platform", "threads") == (
        f"fel: {in_instagram[0].name}: exporten ser ut att komma från instagram, inte threads")
    assert refused(tmp_path, own_export[0], "--platform", "instagram") == (
        f"fel: {own_export[0].name}: exporten ser ut att komma från threads, inte instagram")
    linkedin = export("linkedin-classic", tmp_path / "li")
    assert refused(tmp_path, linkedin, "--platform", "threads") == (
        f"fel: {linkedin.name}: exporten ser ut att komma från linkedin, inte threads")


def test_threads_elsewhere_than_the_root_is_not_taken_for_a_threads_export(tmp_path):
    wrapped = make_zip(tmp_path / "w.zip", [("mapp/" + OWN, json.dumps({"text_post_app_text_posts": []}).encode())])
    assert refused(tmp_path, wrapped) == (
        f"fel: w.zip: känner inte igen exporten; den ska vara en export från {in_words(importable())} "
        "(zip eller uppackad mapp)")
    assert refused(tmp_path, wrapped, "--platform", "threads") == f"fel: w.zip: {threads.NOT_OWN_EXPORT}"


def test_a_threads_html_file_in_an_instagram_json_export_is_refused(tmp_path):
    path = make_zip(tmp_path / "ig.zip", [("your_instagram_activity/media/posts_1.json", b"[]"),
                                          ("your_instagram_activity/threads/threads_and_replies.html", b"<html></html>")])
    assert refused(tmp_path, path) == f"fel: your_instagram_activity/threads/threads_and_replies.html: {threads.HTML_EXPORT}"


def test_a_newer_export_adds_only_the_new_thread(tmp_path):
    older = own_zip(tmp_path / "a.zip", [thread("Ett"), thread("Två", 1777000100)])
    newer = own_zip(tmp_path / "b.zip", [thread("Ett"), thread("Två", 1777000100), thread("Tre", 1777000200)])
    archive = tmp_path / "arkiv"
    assert run(older, "--archive", archive)[0] == 0
    code, out, _ = run(newer, "--archive", archive)
    assert code == 0
    assert totals(out)[0] == {"read": 3, "added": 1, "updated": 0, "unchanged": 2, "skipped": 0, "repeats": 0}
    assert sorted(p["text"] for p in posts_in(archive).values()) == ["Ett", "Tre", "Två"]


def test_two_threads_in_the_same_second_are_two_posts(tmp_path):
    posts, _ = read(own_zip(tmp_path / "t.zip", [thread("Först"), thread("Sedan")]))
    assert len(posts) == 2 and {k.split("-")[0] for k in posts} == {"threads:1777000000"}
