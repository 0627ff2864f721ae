"""Facebook reader: five layouts, wrappers, mojibake, merged photo records, others' timelines left
out, approval for profile posts, what never imports, split exports and hostile input."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from social_archive.export_files import open_export
from social_archive.exports import detect, facebook
from social_archive.model import ArchivedPost, Skipped
from social_archive.store import load_archive
from tests.archive_support import make_zip, photo, posts_in, run, totals, tree
from tests.archive_support import export as instagram_export
from tests.facebook_export import export

WRAPPER = "facebook-annabergstrom-2024-06-01-Xy7Zq2/"
POSTS_2024 = WRAPPER + "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
STATUS = "1554105600-945ac89e"
LIBRARY = "1561900000-60b3c44b-10156000000000001"
LINK = "1571000000-303eca53"
MARKUP = "1575000000-294344fe"
VIDEO = "1590000000-0715e044-10157000000000003"
LEAVES = "1600000000-e3b0c442-10158000000000004"
MARKET = "1685000000-90ba481b-10159000000000005"
SUMMER = "1717401600-3d5dcd07-10162000000000008"
REEL = "1716000000-4eac997a-10161000000000006"
OLDEST = {STATUS, LIBRARY, LINK, MARKUP}
IDS = {
    "facebook-2019": OLDEST,
    "facebook-2021": OLDEST | {VIDEO, LEAVES},
    "facebook-2023": OLDEST | {VIDEO, LEAVES, MARKET},
    "facebook-2024": OLDEST | {VIDEO, LEAVES, MARKET, SUMMER, REEL},
}
ELSEWHERE = facebook.ELSEWHERE_REASON
POSTS = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"


def read(*paths: Path) -> tuple[dict[str, ArchivedPost], list[Skipped]]:
    with open_export(paths[0]) as main, open_export(paths[-1]) as other:
        assert detect(main) == "facebook"
        items = list(facebook.read(main, [other] if len(paths) > 1 else []))
    return {p.post_id: p for p in items if isinstance(p, ArchivedPost)}, [s for s in items if isinstance(s, Skipped)]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fb")
    return {case: export(case, folder) for case in (*IDS, "facebook-page", "facebook-html")}


@pytest.fixture(scope="module")
def fb2024(exports):
    return read(exports["facebook-2024"])


def fb_zip(path: Path, entries: list | bytes, files: dict[str, bytes] | None = None, member: str = POSTS) -> Path:
    data = entries if isinstance(entries, bytes) else json.dumps(entries).encode()
    return make_zip(path, [(member, data), *(files or {}).items()])


def entry(text: str | None = "Hej", when: object = 1717401600, *uris: str, **fields) -> dict:
    record = {"timestamp": when, "title": "Anna Bergstr\u00c3\u00b6m uppdaterade sin status.", **fields}
    if text is not None:
        record["data"] = [{"post": text}]
    if uris:
        record["attachments"] = [{"data": [{"media": {"uri": uri, "creation_timestamp": when}} for uri in uris]}]
    return record


def refused(tmp_path: Path, *argv) -> str:
    """The import's one error line; the archive and the folder around it are untouched."""
    archive = tmp_path / "arkiv"
    before, outside = tree(archive), tree(tmp_path)
    code, out, err = run(*argv, "--archive", archive)
    assert (code, out, len(err.splitlines())) == (1, "", 1), err
    assert "Traceback" not in err and tree(archive) == before and tree(tmp_path) == outside
    return err.strip()


# --- Layouts and text ------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(IDS))
def test_every_profile_layout_gives_the_same_ids(exports, case):
    posts, _ = read(exports[case])
    assert set(posts) == IDS[case]
    assert posts[STATUS].text == "Besök på Ekbacka skola idag – åäö ÅÄÖ 😀"
    assert posts[STATUS].published == datetime(2019, 4, 1, 8, tzinfo=timezone.utc)
    assert all(p.needs_approval for p in posts.values()), "a profile export records no audience"


def test_the_generated_title_is_never_the_text(exports):
    for case in IDS:
        posts, _ = read(exports[case])
        assert not any("Anna Bergström" in p.text or "status" in p.text for p in posts.values())


def test_2024_layout_in_a_wrapper_folder_with_shards_and_media_paths_repaired(fb2024):
    posts, _ = fb2024
    assert posts[SUMMER].provenance[0].file == WRAPPER + POSTS.replace("_1.json", "_2.json")
    assert [m.source for m in posts[MARKET].media] == [
        WRAPPER + "your_facebook_activity/posts/media/Höstbilder_1234/10159000000000005.jpg"
    ]  # the uri is mojibake (H\u00c3\u00b6stbilder); the zip holds the real name


def test_markup_stays_literal_text(fb2024):
    assert fb2024[0][MARKUP].text == "#budget\n<script>alert(1)</script> **x** {{ x }}\n---"


def test_photo_records_of_one_post_are_merged_and_counted_as_a_repeat(fb2024):
    posts, skipped = fb2024
    assert [m.source.rsplit("/", 1)[1] for m in posts[LIBRARY].media] == [
        "10156000000000001.jpg",
        "10156000000000002.jpg",
    ]
    assert posts[LIBRARY].text == "Invigning av nya biblioteket 📚", "the photo description repeats the text"
    assert [(s.file, s.item, s.repeat) for s in skipped if s.repeat] == [(WRAPPER + POSTS, "inlägg 3", True)]


def test_a_photo_caption_of_its_own_is_the_text_and_empty_data_objects_are_tolerated(fb2024):
    posts, _ = fb2024
    assert posts[LEAVES].text == "Höstlöv vid ån 🍂"  # data: [{}], the words only in media.description
    assert posts[VIDEO].text == "Film från vårmötet"  # data: [{post}, {}, {update_timestamp}]


def test_posts_on_other_timelines_and_in_groups_are_left_out_and_listed(exports):
    for case, where in (
        ("facebook-2019", [("posts/your_posts.json", "inlägg 5")]),
        ("facebook-2023", [("your_activity_across_facebook/posts/your_posts_1.json", f"inlägg {n}") for n in (5, 10)]),
        ("facebook-2024", [(WRAPPER + POSTS, "inlägg 5"), (WRAPPER + POSTS.replace("_1.", "_2."), "inlägg 1")]),
    ):
        posts, skipped = read(exports[case])
        assert [(s.file, s.item) for s in skipped if s.reason == ELSEWHERE] == where
        assert not any("Grattis" in p.text or "föräldramötet" in p.text for p in posts.values())


@pytest.mark.parametrize(
    "title",
    [
        "Anna Bergström wrote on Bo Ek's timeline.",
        "Anna Bergström posted on Lars’ timeline.",
        "Anna Bergström posted in Föräldrar i Ekbacka.",
        "Anna Bergström skrev på Bo Eks tidslinje.",
        "Anna Bergström publicerade i Föräldrar i Ekbacka.",
        "Anna Bergström skrev på tidslinjen til Bo Ek.",
        "Anna Bergström hat in der Chronik von Bo Ek gepostet.",
        "Anna Bergström a écrit sur le journal de Bo Ek.",
        "Anna Bergström escribió en la biografía de Bo Ek.",
        "Anna Bergström kirjoitti käyttäjän Bo Ek aikajanalle.",
        "Anna Bergström đã viết lên dòng thời gian của Bo Ek.",
    ],
)
def test_other_timeline_titles_in_several_languages(title):
    assert facebook.record({"timestamp": 1717401600, "title": title, "data": [{"post": "x"}]}, "f", "i") == (
        Skipped("f", "i", ELSEWHERE)
    )


@pytest.mark.parametrize(
    "title",
    [
        "Anna Bergström uppdaterade sin status.",
        "Anna Bergström updated her status.",
        "Anna Bergström shared Bo Ek's post.",
        "Anna Bergström är med Bo Ek.",
        "Anna Bergström var på Ekbacka skola.",
        "Anna Bergström delade ett minne på sin tidslinje.",
        "",
    ],
)
def test_own_post_titles_are_kept(title):
    found = facebook.record({"timestamp": 1717401600, "title": title, "data": [{"post": "x"}]}, "f", "i")
    assert isinstance(found, facebook.Record) and found.text == "x"


# --- Links, places, people -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://ekbacka.se/rapport?a=1", True),
        ("http://www.ekbacka.se/", True),
        ("https://www.facebook.com/ekbackakommun/posts/123", True),
        ("http://0.0.0.0/", False),
        ("http://localhost:8000/x", False),
        ("http://127.0.0.1/", False),
        ("http://[::1]/", False),
        ("http://intranet/", False),
        ("https://scontent.xx.fbcdn.net/v/t1/1_n.jpg?oh=x", False),
        ("javascript:alert(1)", False),
        ("ftp://ekbacka.se/", False),
        ("", False),
    ],
)
def test_only_web_links_with_a_real_host_are_shared_links(url, kept):
    assert facebook.shared_link(url) == (url if kept else "")


def test_the_first_good_link_is_the_shared_link(fb2024, exports):
    posts, _ = fb2024
    assert posts[LINK].shared_url == "https://ekbacka.se/rapport"
    assert posts[SUMMER].shared_url == "https://www.ekbacka.se/sommarlov"  # after javascript: and fbcdn


def test_places_gps_upload_ip_tags_and_thumbnails_are_never_stored(exports, tmp_path):
    archive = tmp_path / "arkiv"
    code, _, err = run(exports["facebook-2024"], "--archive", archive)
    assert (code, err) == (0, "")
    stored = b"".join(p.read_bytes() for p in archive.rglob("*.json"))
    for private in ("Skolvägen", "59.3293", "192.0.2.44", "2001:db8", "Bo Ek", "Eva Lund", "fbcdn", "Grattis"):
        assert private.encode() not in stored, private
    (summer,) = [s.post for s in load_archive(archive) if s.post.post_id == SUMMER]
    assert [(m.kind, m.width, m.height) for m in summer.media] == [("image", 4, 8)]  # EXIF gone, turned upright


# --- Approval, Pages, reels, what never imports ----------------------------------------------


def test_page_posts_are_public_and_a_local_link_is_dropped(exports):
    posts, skipped = read(exports["facebook-page"])
    assert {p: (v.text, v.shared_url, v.needs_approval) for p, v in posts.items()} == {
        "1740000000-118dc6e9": ("Välkommen till Ekbacka kommuns sida!", "", False),
        "1740100000-e6a5b629-10160000000000007": ("Öppet hus på biblioteket", "", False),
        "1740200000-855a477c": ("Läs mer om budgeten", "https://ekbacka.se/budget", False),
    }
    root = "facebook-ekbackakommun-2025-03-01-Pq9Rs8/this_profile's_activity_across_facebook/posts/"
    assert [m.source for m in posts["1740100000-e6a5b629-10160000000000007"].media] == [
        root + "media/Tidslinjebilder_55/10160000000000007.jpg"
    ]
    assert [(s.file, s.note) for s in skipped] == [(root + "album/", True), (root + "videos.json", True)]


def test_profile_posts_wait_for_approval_including_reels(fb2024):
    posts, _ = fb2024
    assert {p.post_id for p in posts.values() if p.needs_approval} == IDS["facebook-2024"]


def test_reels_are_read_as_kind_reel(fb2024):
    reel = fb2024[0][REEL]
    assert (reel.kind, reel.text) == ("reel", "Reel från skolavslutningen 🎓")
    assert [m.source.rsplit(".", 1)[1] for m in reel.media] == ["mp4"]
    assert {p.kind for k, p in fb2024[0].items() if k != REEL} == {"post"}


def test_what_is_never_archived_is_listed_once(fb2024, exports):
    notes = [(s.file.removeprefix(WRAPPER + "your_facebook_activity/"), s.item) for s in fb2024[1] if s.note]
    assert notes == [
        ("comments_and_reactions/", "hela mappen"),
        ("groups/", "hela mappen"),
        ("messages/", "hela mappen"),
        ("posts/album/", "hela mappen"),
        ("posts/archive.json", "hela filen"),
        ("posts/check-ins.json", "hela filen"),
        ("posts/posts_on_other_pages_and_profiles.json", "hela filen"),
        ("posts/trash.json", "hela filen"),
        ("posts/your_uncategorized_photos.json", "hela filen"),
        ("posts/your_videos.json", "hela filen"),
        ("stories/", "hela mappen"),
    ]
    posts, skipped = read(exports["facebook-2021"])
    assert [s.file for s in skipped if s.note] == ["comments/", "messages/", "posts/album/", "posts/your_videos.json"]
    texts = " ".join(p.text for p in fb2024[0].values())
    assert not any(word in texts for word in ("Arkiverat", "Raderat", "Hemligt", "Tack!"))


def test_a_reshare_without_own_words_is_skipped_with_the_reason(fb2024):
    (skip,) = [s for s in fb2024[1] if s.item == "inlägg 9"]
    assert skip.reason.startswith("ingen egen text, bild eller länk") and skip.counts_as_skipped


# --- The importer: summary, re-import, vintages ----------------------------------------------


def test_the_summary_adds_up(exports, tmp_path):
    code, out, _ = run(exports["facebook-2024"], "--archive", tmp_path / "arkiv")
    assert code == 0
    counts = totals(out)[0]
    assert counts == {"read": 13, "added": 9, "updated": 0, "unchanged": 0, "skipped": 3, "repeats": 1}
    assert counts["read"] == sum(counts[k] for k in ("added", "updated", "unchanged", "skipped", "repeats"))
    assert (
        f"  hoppade över {WRAPPER}{POSTS} – inlägg 5: {ELSEWHERE}" in out.splitlines()
    ), "the reason is named in the summary"


def test_newer_vintages_add_only_new_posts_and_a_reimport_adds_nothing(exports, tmp_path):
    archive = tmp_path / "arkiv"
    added = []
    for case in ("facebook-2019", "facebook-2021", "facebook-2023", "facebook-2024", "facebook-2024", "facebook-2019"):
        code, out, err = run(exports[case], "--archive", archive)
        assert (code, err) == (0, "")
        added.append(totals(out)[0]["added"])
    assert added == [4, 2, 1, 2, 0, 0]
    assert set(posts_in(archive)) == {f"facebook:{i}" for i in IDS["facebook-2024"]}
    assert len(list(archive.glob("facebook/2019/*1561900000*.json"))) == 1


def test_every_order_of_vintages_gives_the_same_archive(exports, tmp_path):
    cases = ("facebook-2019", "facebook-2021", "facebook-2023", "facebook-2024")
    assert run(*(exports[c] for c in cases), "--archive", tmp_path / "a")[0] == 0
    assert run(*(exports[c] for c in reversed(cases)), "--archive", tmp_path / "b")[0] == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


# --- Several zips ----------------------------------------------------------------------------

PHOTO = "your_facebook_activity/posts/media/Mobiluppladdningar_1/10170000000000001.jpg"


def test_media_in_another_part_of_a_split_export_is_found(tmp_path):
    first = fb_zip(tmp_path / "del1.zip", [entry("Del två", 1717401600, PHOTO)])
    second = make_zip(tmp_path / "del2.zip", [("facebook-x-2024/" + PHOTO, photo("a", "JPEG"))])
    code, out, err = run(first, second, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    (stored,) = load_archive(tmp_path / "arkiv")
    assert stored.post.text == "Del två" and stored.post.media[0].width == 4
    assert "del2.zip (facebook): 0 lästa = 0 nya" in out and "obs del2.zip – hela exporten" in out


def test_a_2020_media_part_is_found_too(tmp_path):
    uri = "photos_and_videos/MobileUploads_1/10170000000000002.jpg"
    first = fb_zip(tmp_path / "del1.zip", [entry("Gammal", 1590000000, uri)], member="posts/your_posts_1.json")
    second = make_zip(tmp_path / "del2.zip", [(uri, photo("b", "JPEG"))])
    assert run(first, second, "--archive", tmp_path / "arkiv")[0] == 0
    assert load_archive(tmp_path / "arkiv")[0].post.media[0].kind == "image"


@pytest.mark.parametrize("member", [PHOTO, "posts/media/Mobiluppladdningar_1/10170000000000001.jpg"])
def test_a_media_part_alone_says_to_import_it_with_the_posts(tmp_path, member):
    part = make_zip(tmp_path / "del2.zip", [(member, photo("a", "JPEG"))])
    assert refused(tmp_path, part).startswith("fel: del2.zip: den här delen innehåller bara bilder och video")


def test_a_missing_media_file_is_listed_and_the_post_keeps_its_text(tmp_path):
    posts, skipped = read(fb_zip(tmp_path / "fb.zip", [entry("Bilden saknas", 1717401600, PHOTO)]))
    (post,) = posts.values()
    assert (post.text, post.media, post.incomplete) == ("Bilden saknas", (), True)
    assert [(s.item, s.reason, s.partial) for s in skipped] == [
        (f"inlägg 1, bild 1 ({PHOTO})", facebook.MISSING, True)
    ]


# --- Detection and the wrong platform --------------------------------------------------------


def test_facebook_exports_are_detected_only_as_facebook(exports):
    for case in (*IDS, "facebook-page", "facebook-html"):
        with open_export(exports[case]) as opened:
            assert detect(opened) == "facebook", case


@pytest.mark.parametrize("case", ["instagram-2022", "instagram-2024", "instagram-2025", "instagram-html"])
def test_instagram_exports_are_still_instagram(tmp_path, case):
    with open_export(instagram_export(case, tmp_path)) as opened:
        assert detect(opened) == "instagram" and not facebook.looks_like(opened)


def test_the_wrong_platform_is_refused(exports, tmp_path):
    assert refused(tmp_path, instagram_export("instagram-2025", tmp_path), "--platform", "facebook") == (
        "fel: instagram-2025.zip: exporten ser ut att komma från instagram, inte facebook"
    )
    assert refused(tmp_path, exports["facebook-2024"], "--platform", "instagram") == (
        "fel: facebook-2024.zip: exporten ser ut att komma från facebook, inte instagram"
    )


def test_a_meta_bundle_with_instagram_and_facebook_needs_the_platform_named(tmp_path):
    ig = [{"media": [{"uri": "media/posts/202401/17900000000000001.jpg", "creation_timestamp": 1704800000, "title": "IG"}]}]
    bundle = make_zip(tmp_path / "meta.zip", [
        ("meta-2025/instagram-anna/your_instagram_activity/media/posts_1.json", json.dumps(ig).encode()),
        ("meta-2025/facebook-anna/" + POSTS, json.dumps([entry("FB")]).encode()),
    ])
    assert refused(tmp_path, bundle).endswith("flera plattformar (instagram, facebook); ange --platform")
    code, out, _ = run(bundle, "--platform", "facebook", "--archive", tmp_path / "arkiv")
    assert code == 0 and [p["text"] for p in posts_in(tmp_path / "arkiv").values()] == ["FB"]


def test_two_accounts_in_one_export_are_refused(tmp_path):
    both = make_zip(tmp_path / "fb.zip", [
        ("facebook-a/" + POSTS, b"[]"),
        ("facebook-b/this_profile's_activity_across_facebook/posts/profile_posts_1.json", b"[]"),
    ])
    assert refused(tmp_path, both) == (
        "fel: fb.zip: exporten innehåller flera Facebook-konton eller sidor (facebook-a, facebook-b); importera en i taget"
    )


# --- HTML and exports without posts ----------------------------------------------------------


def test_html_export_asks_for_json(exports, tmp_path):
    assert refused(tmp_path, exports["facebook-html"]) == (
        "fel: your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html: exporten är i "
        "HTML-format; begär en ny export på Facebook (Inställningar → Kontocenter → Dina uppgifter och "
        "behörigheter → Ladda ned din information) och välj formatet JSON"
    )


def test_an_old_html_export_with_index_html_asks_for_json(tmp_path):
    old = make_zip(tmp_path / "fb.zip", [("index.html", b"<html></html>"), ("photos_and_videos/album/1.jpg", b"x")])
    assert refused(tmp_path, old).startswith("fel: index.html: exporten är i HTML-format; begär en ny export på Facebook")


def test_an_export_without_posts_says_what_to_request(tmp_path):
    messages = make_zip(tmp_path / "fb.zip", [("your_facebook_activity/messages/inbox/a/message_1.json", b"{}")])
    assert refused(tmp_path, messages) == f"fel: fb.zip: {facebook.NO_POSTS}"


# --- Hostile and broken input ----------------------------------------------------------------


@pytest.mark.parametrize("uri", ["../../../etc/passwd", "/etc/passwd", "your_facebook_activity/../../x.jpg", "file:///etc/passwd", "C:\\x.jpg"])
def test_a_media_path_out_of_the_export_refuses_it(tmp_path, uri):
    path = fb_zip(tmp_path / "fb.zip", [entry("Utbrytning", 1717401600, uri)])
    assert refused(tmp_path, path).startswith(f"fel: {POSTS}: inlägg 1, bild 1: sökvägen")


def test_a_media_url_is_never_fetched_and_the_post_keeps_its_text(tmp_path):
    url = "https://scontent.xx.fbcdn.net/v/t1/10170000000000003_n.jpg"
    posts, skipped = read(fb_zip(tmp_path / "fb.zip", [entry("Fjärrbild", 1717401600, url)]))
    assert [(p.text, p.media) for p in posts.values()] == [("Fjärrbild", ())]
    assert [(s.reason, s.partial) for s in skipped] == [(facebook.REMOTE, True)]


def test_a_truncated_posts_file_is_one_line_naming_it(tmp_path):
    data = json.dumps([entry("Hej"), entry("Då", 1717401700)]).encode()[:-20]
    assert refused(tmp_path, fb_zip(tmp_path / "fb.zip", data)).startswith(f"fel: {POSTS}: trasig JSON på rad 1")


def test_deeply_nested_json_is_one_line(tmp_path):
    deep = b'[{"timestamp": 1717401600, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]"
    assert refused(tmp_path, fb_zip(tmp_path / "fb.zip", deep)) == (
        f"fel: {POSTS}: JSON-filen är nästlad för djupt ([[[[…); det är ingen riktig export"
    )


def test_impossible_times_and_missing_fields_cost_only_their_entry(tmp_path):
    entries = b"[" + b",".join([
        json.dumps(entry("Bra")).encode(),
        b'{"timestamp": NaN, "data": [{"post": "NaN"}]}',
        json.dumps(entry("Stor", 1e300)).encode(),
        json.dumps(entry("1970", 0)).encode(),
        json.dumps(entry("Sträng", "1717401600")).encode(),
        b'{"data": [{"post": "Ingen tid"}]}',
        b'"inte ett objekt"',
        b'{"timestamp": 1717401800, "data": {"post": "data inte en lista"}, "attachments": "nej"}',
        b'{"timestamp": 1717401900, "data": [null, 5, {"post": 7}, {"post": "Kvar"}], "attachments": [{"data": [{"media": "x"}]}]}',
    ]) + b"]"
    posts, skipped = read(fb_zip(tmp_path / "fb.zip", entries))
    assert sorted(p.text for p in posts.values()) == ["Bra", "Kvar"]
    assert [(s.item, s.reason) for s in skipped] == [
        ("inlägg 2", "tidpunkten (timestamp) nan ligger utanför 2004 till i dag; inlägget arkiveras inte"),
        ("inlägg 3", "tidpunkten (timestamp) 1e+300 ligger utanför 2004 till i dag; inlägget arkiveras inte"),
        ("inlägg 4", "tidpunkten (timestamp) 0 ligger utanför 2004 till i dag; inlägget arkiveras inte"),
        ("inlägg 5", "inlägget saknar en giltig tidpunkt (timestamp)"),
        ("inlägg 6", "inlägget saknar en giltig tidpunkt (timestamp)"),
        ("inlägg 7", "posten är inte ett JSON-objekt"),
        ("inlägg 8", "ingen egen text, bild eller länk (t.ex. en delning utan egna ord); den går inte att återskapa ur exporten"),
    ]


def test_hostile_text_is_stored_verbatim(tmp_path):
    text = "<script>alert(1)</script>\n**fet** {{ x }} {% if %} <img src=x onerror=alert(1)>"
    code, _, _ = run(fb_zip(tmp_path / "fb.zip", [entry(text)]), "--archive", tmp_path / "arkiv")
    assert code == 0 and [p["text"] for p in posts_in(tmp_path / "arkiv").values()] == [text]


def test_an_edited_photo_post_keeps_its_id_and_its_old_text_in_history(tmp_path):
    photos = {PHOTO: photo("a", "JPEG")}
    old = fb_zip(tmp_path / "gammal.zip", [entry("Före", 1717401600, PHOTO)], photos)
    new = fb_zip(tmp_path / "ny.zip", [entry("Efter", 1717401600, PHOTO), entry("Nytt", 1717500000)], photos)
    archive = tmp_path / "arkiv"
    assert run(old, "--archive", archive)[0] == 0
    code, out, _ = run(new, "--archive", archive)
    assert code == 0 and totals(out)[0] == {
        "read": 2, "added": 1, "updated": 1, "unchanged": 0, "skipped": 0, "repeats": 0
    }
    edited = posts_in(archive)["facebook:" + facebook.post_id(1717401600, "Före", PHOTO)]
    assert edited["text"] == "Efter" and [h["text"] for h in edited["history"]] == ["Före"]
