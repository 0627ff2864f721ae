"""Mastodon reader: audiences, boosts, threads, polls, HTML to text, media, alt text, hostile archives."""

from __future__ import annotations

import json
import shutil
import tarfile
from datetime import datetime, timezone

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from social_archive.export_files import open_export
from social_archive.exports import detect, mastodon
from social_archive.model import ArchivedPost, Skipped
from social_archive.store import load_archive
from tests.archive_support import export as other_export
from tests.archive_support import FIXTURES, photo, posts_in, run, totals, tree
from tests.golden import SITE
from tests.mastodon_export import PUBLIC, custom, export, note
from tests.sitebuild import build

HOST = "https://mastodon.ekbacka.example"
FOLLOWERS = f"{HOST}/users/kommunchefen/followers"
POST_1 = ("Idag invigde vi det nya biblioteket i Ekbacka! Läs mer: "
          "https://www.ekbacka.example/nyheter/2024/bibliotek-invigt"
          "\n\nTack @biblioteket & alla som kom! #bibliotek\nRad två – åäö 😀")
MARKUP = "<script>alert(1)</script> **inte fetstil** {{ x }} &lt;b&gt;"
WRAPPER = "archive-20260215093000-0f1e2d3c4b5a69788796a5b4c3d2e1f0/"
SUMMARY_2024 = "(mastodon): 9 lästa = 6 nya + 0 ändrade + 0 oförändrade + 3 överhoppade + 0 upprepningar"


def read(path):
    with open_export(path) as opened:
        assert detect(opened) == "mastodon"
        items = list(mastodon.read(opened))
    return {p.post_id: p for p in items if isinstance(p, ArchivedPost)}, [s for s in items if isinstance(s, Skipped)]


@pytest.fixture(scope="module")
def m2024(tmp_path_factory):
    return read(export("mastodon-2024", tmp_path_factory.mktemp("m")))


@pytest.fixture(scope="module")
def m2026(tmp_path_factory):
    return read(export("mastodon-2026", tmp_path_factory.mktemp("m"), zipped=False))


def status(n: int) -> str:
    return f"11240000000000000{n}"


# --- recognition --------------------------------------------------------------------------------------------


def test_zip_and_folder_are_recognised_and_the_wrapper_folder_is_found(m2026, tmp_path):
    posts, skipped = m2026
    assert set(posts) == {"116000000000000001", "116000000000000002", "116000000000000003"}
    assert {p.provenance[0].file for p in posts.values()} == {WRAPPER + "outbox.json"}
    assert read(export("mastodon-2024", tmp_path, zipped=False))[0].keys() == {
        status(n) for n in (1, 2, 5, 7, 8, 9)}


def test_the_repeated_ordered_items_key_of_real_archives_gives_the_real_list(m2024):
    raw = (FIXTURES / "mastodon-2024" / "outbox.json").read_text(encoding="utf-8")
    assert '"totalItems":9,"orderedItems":[],"orderedItems":[{' in raw  # as 2023+ servers write it
    posts, skipped = m2024
    assert len(posts) + sum(s.counts_as_skipped for s in skipped) == 9


def test_an_outbox_without_the_collection_marks_is_not_taken_for_mastodon(tmp_path):
    folder = tmp_path / "e"
    folder.mkdir()
    (folder / "outbox.json").write_text('{"type": "Collection", "items": []}')
    with open_export(folder) as opened:
        assert not mastodon.looks_like(opened)
    code, out, err = run(folder, "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err.startswith("fel: e: känner inte igen exporten;")
    # Named as Mastodon, the reader says what is wrong with it.
    code, _, err = run(folder, "--platform", "mastodon", "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, f"fel: outbox.json: {mastodon.NOT_COLLECTION}\n")
    assert not (tmp_path / "arkiv").exists()


def test_id_outbox_json_alone_is_enough_without_actor_json(tmp_path):
    folder = custom(tmp_path, [note(1)])
    (folder / "actor.json").unlink()
    assert set(read(folder)[0]) == {status(1)}


def test_a_tar_gz_archive_of_an_old_server_is_refused_with_one_line(tmp_path):
    folder = export("mastodon-2024", tmp_path, zipped=False)
    target = tmp_path / "archive-20220101120000-0123456789abcdef0123456789abcdef.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(folder, arcname=".")
    code, out, err = run(target, "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == (f"fel: {target.name}: filen är ett tar-arkiv (.tar.gz), som äldre Mastodon-servrar levererar; "
                   "packa upp det och importera mappen, till exempel invoke import archive-20220101\n")
    assert not (tmp_path / "arkiv").exists()


def test_a_third_party_api_dump_is_refused_with_a_clear_line(tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    dump = {"account": {"acct": "kommunchefen"}, "statuses": [
        {"id": "112400000000000001", "visibility": "public", "spoiler_text": "", "content": "<p>Hej</p>"}]}
    (folder / "mastodon.ekbacka.example.user.kommunchefen.json").write_text(json.dumps(dump))
    code, out, err = run(folder, "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == f"fel: mastodon.ekbacka.example.user.kommunchefen.json: {mastodon.API_DUMP_PROBLEM}\n"


@pytest.mark.parametrize("case", ["instagram-2022", "linkedin-classic"])
def test_another_platforms_export_named_as_mastodon_is_refused(tmp_path, case):
    code, out, err = run(other_export(case, tmp_path), "--platform", "mastodon", "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == f"fel: {case}.zip: exporten ser ut att komma från {case.split('-')[0]}, inte mastodon\n"
    assert not (tmp_path / "arkiv").exists()


@pytest.mark.parametrize("platform", ["instagram", "linkedin"])
def test_a_mastodon_archive_named_as_another_platform_is_refused(tmp_path, platform):
    code, out, err = run(export("mastodon-2024", tmp_path), "--platform", platform, "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == f"fel: mastodon-2024.zip: exporten ser ut att komma från mastodon, inte {platform}\n"


def test_without_outbox_json_the_reader_says_what_to_request(tmp_path):
    folder = tmp_path / "tom"
    folder.mkdir()
    (folder / "actor.json").write_text("{}")
    code, _, err = run(folder, "--platform", "mastodon", "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, f"fel: tom: {mastodon.NO_OUTBOX}\n")


# --- what is archived ---------------------------------------------------------------------------------------


def test_html_becomes_the_text_a_reader_sees(m2024):
    posts, _ = m2024
    assert posts[status(1)].text == POST_1
    assert posts[status(1)].url == f"{HOST}/@kommunchefen/{status(1)}"
    assert posts[status(1)].published == datetime(2024, 5, 14, 7, 15, 2, tzinfo=timezone.utc)


def test_markup_the_server_escaped_is_kept_as_literal_text_unescaped_once(m2024):
    assert m2024[0][status(2)].text == MARKUP


def test_public_and_unlisted_are_archived_followers_only_and_direct_never(m2024):
    posts, skipped = m2024
    assert {k: p.visibility for k, p in posts.items()} == {
        status(1): "PUBLIC", status(2): "UNLISTED", status(5): "PUBLIC", status(7): "PUBLIC",
        status(8): "PUBLIC", status(9): "PUBLIC"}
    left_out = {s.item: s.reason for s in skipped if s.counts_as_skipped}
    assert left_out == {
        "inlägg 3": mastodon.FOLLOWERS_ONLY, "inlägg 4": mastodon.DIRECT, "inlägg 6": mastodon.REPLY}
    # The reasons and places name nothing of the private statuses.
    assert not any("HEMLIG" in s.reason + s.item or "nagon" in s.reason + s.item for s in skipped)


def test_boost_is_a_repost_of_the_boosted_address_never_fetched(m2024):
    boost = m2024[0][status(5)]
    assert (boost.kind, boost.text, boost.shared_url, boost.url, boost.media) == (
        "repost", "", "https://other.example/users/region/statuses/9001", "", ())


def test_self_thread_is_archived_a_reply_to_others_is_not(m2024):
    posts, _ = m2024
    assert posts[status(7)].text == "2/2 Fortsättning på tråden: öppet alla vardagar."
    assert status(6) not in posts


def test_content_warning_poll_and_quote(m2024, m2026):
    posts, _ = m2024
    assert posts[status(8)].text == ("Innehållsvarning: Budget, långt inlägg\n\n"
                                     "Förslaget till budget 2025 är ute.\n\nSynpunkter välkomna.")
    assert posts[status(9)].text == "Vilken dag passar för medborgardialogen?\n\n– Tisdag\n– Torsdag"
    assert m2026[0]["116000000000000002"].text == (
        "RE: https://other.example/@region/116000000000009999\n\nBra initiativ från regionen, vi ansluter oss.")


def test_media_come_from_media_attachments_with_alt_and_object_storage_prefix(m2024, m2026):
    first = m2024[0][status(1)]
    assert [(m.source, m.alt) for m in first.media] == [
        ("media_attachments/files/112/400/000/000/000/001/original/9f8e7d6c5b4a3210.jpeg",
         "Bandklippning vid entrén"),
        ("media_attachments/files/112/400/000/000/000/001/original/a1b2c3d4e5f60718.png", ""),  # name null
    ]
    video = m2026[0]["116000000000000001"]  # url /ekbacka-media/media_attachments/…; the Link card is no file
    assert [(m.source, m.alt) for m in video.media] == [
        (f"{WRAPPER}media_attachments/files/116/000/000/000/000/001/original/c0ffee0000000001.mp4",
         "Plogbil på Storgatan")]
    assert not m2026[1][0].partial and not any(s.partial for s in m2026[1])


@pytest.mark.parametrize("fragment, expected", [
    ("<p>a</p><p>b</p>", "a\n\nb"),
    ("<p>a<br>b<br/>c</p>", "a\nb\nc"),
    ('<p><a href="https://e.example/x">läs här</a></p>', "läs här (https://e.example/x)"),
    ('<p><a href="https://e.example/x"></a></p>', "https://e.example/x"),
    ('<p><a href="javascript:alert(1)">klicka</a></p>', "klicka"),
    ("<p>&amp;amp; &lt;b&gt; &#128512;</p>", "&amp; <b> 😀"),
    ("<p>x<!-- kommentar --><script>alert(1)</script>y</p>", "xy"),
    ("<p>rad\nett</p>", "rad ett"),
    ("<ul><li>ett</li><li>två</li></ul>", "ett\ntvå"),
    ("", ""),
])
def test_html_to_text(fragment, expected):
    assert mastodon.html_to_text(fragment) == expected


# --- the import: stored files, alt, re-import ---------------------------------------------------------------


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return {case: export(case, folder) for case in ("mastodon-2024", "mastodon-2025", "mastodon-2026")}


def test_import_stores_public_posts_with_alt_and_nothing_of_private_ones(archives, tmp_path):
    archive = tmp_path / "arkiv"
    code, out, err = run(archives["mastodon-2024"], "--archive", archive)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{archives['mastodon-2024']} {SUMMARY_2024}"
    assert totals(out)[-1] == {"read": 9, "added": 6, "updated": 0, "unchanged": 0, "skipped": 3, "repeats": 0}
    stored = posts_in(archive)
    assert set(stored) == {f"mastodon:{status(n)}" for n in (1, 2, 5, 7, 8, 9)}
    first = stored[f"mastodon:{status(1)}"]
    assert [m["alt"] for m in first["media"]] == ["Bandklippning vid entrén", ""]
    # Only the two photos of the public post: the private statuses' photos never reach the archive.
    media = [p for p in archive.rglob("*") if p.is_file() and p.parts[-3] == "media"]
    assert sorted(p.name for p in media) == sorted(m["path"].rsplit("/", 1)[1] for m in first["media"])
    for path in archive.rglob("*"):
        if path.is_file():
            assert b"HEMLIG" not in path.read_bytes() and b"nagon" not in path.read_bytes(), path
    with Image.open(archive / first["media"][0]["path"]) as image:
        assert "GPSInfo" not in str(image.getexif()) and not image.getexif()


def test_reimport_adds_nothing_and_a_newer_archive_updates_in_any_order(archives, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    run(archives["mastodon-2024"], "--archive", a)
    first = tree(a)
    code, out, _ = run(archives["mastodon-2024"], "--archive", a)
    again = SUMMARY_2024.replace("6 nya + 0 ändrade + 0 oförändrade", "0 nya + 0 ändrade + 6 oförändrade")
    assert out.splitlines()[0] == f"{archives['mastodon-2024']} {again}"
    assert tree(a) == first
    code, out, _ = run(archives["mastodon-2025"], "--archive", a)
    # The edited unlisted status is updated, a new one added, the poll's new vote count changes nothing.
    assert out.splitlines()[0] == (f"{archives['mastodon-2025']} (mastodon): 9 lästa = 1 nytt + 1 ändrat "
                                   "+ 4 oförändrade + 3 överhoppade + 0 upprepningar")
    stored = posts_in(a)
    assert stored[f"mastodon:{status(2)}"]["text"] == MARKUP + " (rättad)"
    assert [h["text"] for h in stored[f"mastodon:{status(2)}"]["history"]] == [MARKUP]
    assert f"mastodon:{status(8)}" in stored  # deleted on Mastodon since: the archive keeps it
    assert stored["mastodon:112400001000000010"]["visibility"] == "UNLISTED"
    for path in (archives["mastodon-2025"], archives["mastodon-2024"]):
        assert run(path, "--archive", b)[0] == 0
    assert tree(b) == tree(a)


def test_an_alt_written_by_hand_survives_and_imported_alt_fills_an_empty_one(archives, tmp_path):
    archive = tmp_path / "arkiv"
    run(archives["mastodon-2024"], "--archive", archive)
    path = next(archive.rglob(f"*{status(1)}.json"))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["media"][0]["alt"] = "Skrivet för hand"
    document["media"][1]["alt"] = ""
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    run(archives["mastodon-2025"], "--archive", archive)
    stored = {s.post.post_id: s for s in load_archive(archive)}
    assert [m.alt for m in stored[status(1)].post.media] == ["Skrivet för hand", ""]


# --- the site -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, archives):
    root = tmp_path_factory.mktemp("site")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    for case in ("mastodon-2024", "mastodon-2026"):
        assert run(archives[case], "--archive", content / "archive")[0] == 0
    result = build(SITE / "settings.py", root / "out", content=content)
    assert result.returncode == 0, result.log
    return root / "out"


def page(site, post_id):
    return BeautifulSoup((site / f"arkiv/inlagg/mastodon-{post_id}/index.html").read_text(encoding="utf-8"),
                         "html.parser")


def test_the_page_shows_the_imported_alt_and_links_hashtags_on_the_posts_own_server(site):
    soup = page(site, status(1))
    assert [img["alt"] for img in soup.select(".archive-media img")][:1] == ["Bandklippning vid entrén"]
    assert soup.select_one(".archive-text").get_text() == POST_1
    links = [a["href"] for a in soup.select(".archive-text a")]
    assert links == ["https://www.ekbacka.example/nyheter/2024/bibliotek-invigt", f"{HOST}/tags/bibliotek"]
    other = page(site, "116000000000000001")
    assert [a["href"] for a in other.select(".archive-text a")] == [
        "https://social.ekbacka.example/tags/sn%C3%B6r%C3%B6jning"]
    assert [v["aria-label"] for v in other.select(".archive-media video")] == ["Plogbil på Storgatan"]


def test_escaped_markup_is_shown_as_text_and_nothing_private_is_published(site):
    text = page(site, status(2)).select_one(".archive-text")
    assert text.get_text() == MARKUP and not text.find(["script", "b", "strong"])
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv"):
            assert "HEMLIG" not in path.read_text(encoding="utf-8"), path


# --- hostile and broken archives ----------------------------------------------------------------------------


def imported(tmp_path, folder, *extra):
    code, out, err = run(folder, "--archive", tmp_path / "arkiv", *extra)
    return code, out, err


@pytest.mark.parametrize("url", [
    "../../../etc/passwd",
    "/media_attachments/../../../etc/passwd",
    "/bucket/media_attachments/files/1/original/..\\..\\x.jpg",
    "C:/media_attachments/x.jpg",
])
def test_a_media_path_out_of_the_archive_is_refused_and_nothing_written(tmp_path, url):
    folder = custom(tmp_path, [note(1, attachment=[{"type": "Document", "mediaType": "image/jpeg", "url": url}])])
    code, out, err = imported(tmp_path, folder)
    assert (code, out) == (1, "")
    assert err == (f"fel: outbox.json: inlägg 1, bild 1 (url): sökvägen {url!r} pekar utanför arkivet; "
                   "arkivet kan vara manipulerat, begär ett nytt från Mastodon\n")
    assert not (tmp_path / "arkiv").exists()


@pytest.mark.parametrize("url, reason", [
    ("https://evil.example/media_attachments/files/1/original/x.jpg", mastodon.WEB_ADDRESS),
    ("file:///etc/passwd", mastodon.WEB_ADDRESS),
    ("/system/cache/x.jpg", mastodon.NOT_IN_FOLDER),
    ("/media_attachments/files/1/original/saknas.jpg", mastodon.MISSING),
    (None, mastodon.NO_MEDIA_URL),
])
def test_a_media_file_that_is_no_file_of_the_archive_is_left_out_and_the_post_keeps_its_text(tmp_path, url, reason):
    found = "/bucket/media_attachments/files/1/original/finns.jpg"
    items = [note(1, attachment=[{"type": "Document", "url": url}, {"type": "Document", "url": found, "name": "Alt"}])]
    folder = custom(tmp_path, items, {"media_attachments/files/1/original/finns.jpg": photo("finns", "JPEG")})
    code, out, err = imported(tmp_path, folder)
    assert (code, err) == (0, "")
    assert f"  utelämnade en fil ur outbox.json – inlägg 1, bild 1 ({url or 'ingen sökväg'}): {reason}" in out
    assert totals(out)[-1] == {"read": 1, "added": 1, "updated": 0, "unchanged": 0, "skipped": 0, "repeats": 0}
    (stored,) = posts_in(tmp_path / "arkiv").values()
    assert (stored["text"], [m["alt"] for m in stored["media"]]) == ("Hej", ["Alt"])


def test_truncated_outbox_is_one_line_and_the_archive_untouched(tmp_path):
    whole = (FIXTURES / "mastodon-2024" / "outbox.json").read_bytes()
    folder = custom(tmp_path, [], raw=whole[:5000])
    code, out, err = imported(tmp_path, folder)
    assert (code, out) == (1, "")
    assert err.startswith("fel: outbox.json: trasig JSON på rad 1, kolumn ") and err.endswith(
        "; filen kan vara avklippt\n")
    assert not (tmp_path / "arkiv").exists()


@pytest.mark.parametrize("raw, problem", [
    (b'{"type":"OrderedCollection","id":"outbox.json","orderedItems":[' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
     mastodon.TOO_DEEP),
    (b'{"type":"OrderedCollection","id":"outbox.json","totalItems":' + b"9" * 5000 + b',"orderedItems":[]}',
     "filen innehåller ett orimligt stort tal; det är ingen riktig export"),
    (b'{"type":"OrderedCollection","id":"outbox.json","orderedItems":[]}\xff', "filen är inte UTF-8-kodad JSON"),
])
def test_deep_nesting_huge_numbers_and_bad_bytes_are_one_line(tmp_path, raw, problem):
    code, out, err = imported(tmp_path, custom(tmp_path, [], raw=raw))
    assert (code, out, err) == (1, "", f"fel: outbox.json: {problem}\n")


def test_missing_and_odd_fields_are_skipped_with_reasons_and_the_summary_adds_up(tmp_path):
    no_id = note(7)
    del no_id["object"]["id"]
    items = [
        "inte ett objekt",
        {"type": "Like", "object": "https://other.example/1"},
        {"type": "Create"},
        no_id,
        note(2, published="9999-12-31T23:59:59Z"),
        note(3, published=1e308),
        note(4, content="", attachment=[]),
        note(5, to=["https://other.example/users/nagon"], cc=[]),
        note(6, inReplyTo=12345),
        note(8, content="<p>Kvar</p>", totalItems=10**30, attachment="inte en lista"),
        {"type": "Announce", "id": f"{HOST}/users/kommunchefen/statuses/{status(9)}/activity", "to": [PUBLIC],
         "published": "2024-06-05T11:00:00Z", "object": "javascript:alert(1)"},
    ]
    code, out, err = imported(tmp_path, custom(tmp_path, items))
    assert (code, err) == (0, "")
    assert totals(out)[-1] == {"read": 11, "added": 2, "updated": 0, "unchanged": 0, "skipped": 9, "repeats": 0}
    for line in [
        "inlägg 1: posten är varken ett inlägg (Create) eller en knuff (Announce)",
        "inlägg 2: aktiviteten 'Like' är varken ett inlägg (Create) eller en knuff (Announce)",
        "inlägg 3: inlägget (object) saknas",
        "inlägg 4: inlägget saknar ett id (…/statuses/<nummer>); det kan inte identifieras",
        f"inlägg 5: tidpunkten (published) {mastodon.IMPLAUSIBLE}",
        "inlägg 6: inlägget saknar en giltig tidpunkt (published)",
        "inlägg 7: inlägget har ingen text",
        f"inlägg 8: {mastodon.DIRECT}",
        f"inlägg 9: {mastodon.REPLY}",
    ]:
        assert f"  hoppade över outbox.json – {line}" in out
    stored = posts_in(tmp_path / "arkiv")
    assert stored[f"mastodon:{status(8)}"]["text"] == "Kvar"
    assert stored[f"mastodon:{status(9)}"]["shared_url"] == ""  # never a javascript: link


@pytest.mark.parametrize("activity, status, expected", [
    ({"to": [PUBLIC], "cc": []}, {"to": [PUBLIC], "cc": []}, "PUBLIC"),
    ({"to": ["as:Public"]}, {}, "PUBLIC"),
    ({"to": [FOLLOWERS], "cc": ["Public"]}, {"to": [FOLLOWERS], "cc": ["Public"]}, "UNLISTED"),
    ({"to": [PUBLIC]}, {"to": [FOLLOWERS], "cc": []}, None),  # disagreeing: the narrower one wins
    ({"to": [PUBLIC]}, {"to": [FOLLOWERS], "cc": [PUBLIC]}, "UNLISTED"),
    ({}, {}, None),  # no addressing at all: never taken for public
    ({"to": PUBLIC}, {}, "PUBLIC"),  # a single value instead of a list
    ({"to": [{"id": PUBLIC}]}, {}, None),
])
def test_audience_from_to_and_cc(activity, status, expected):
    assert mastodon.audience(activity, status) == expected


def test_a_boost_with_the_status_embedded_keeps_only_its_address(tmp_path):
    boost = {"type": "Announce", "id": f"{HOST}/users/kommunchefen/statuses/{status(1)}/activity", "to": [PUBLIC],
             "published": "2024-06-05T11:00:00Z",
             "object": {"id": "https://other.example/users/x/statuses/9", "content": "<p>ANDRAS-TEXT</p>"}}
    posts, _ = read(custom(tmp_path, [boost]))
    assert (posts[status(1)].text, posts[status(1)].shared_url) == ("", "https://other.example/users/x/statuses/9")
