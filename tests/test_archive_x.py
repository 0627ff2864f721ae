"""X reader: manifest and tweet files, text, threads, edits, long posts, media, what never imports, hostile JS."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from social_archive.export_files import open_export
from social_archive.exports import detect, x
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import export as other_export
from tests.archive_support import make_zip, posts_in, run, totals, tree
from tests.x_export import export

ROOT = "twitter-2024-05-21-1a2b3c4d5e6f/"
TWEETS = ROOT + "data/tweets.js"
MEDIA = ROOT + "data/tweets_media/"
OWN = "1400000000000000001"
THREAD = "del av tråden som börjar med tweet 1790000000000000010; arkiveras i den, med texten i tur och ordning"


def read(path):
    with open_export(path) as opened:
        assert detect(opened) == "x"
        items = list(x.read(opened))
    return {p.post_id: p for p in items if isinstance(p, ArchivedPost)}, [s for s in items if isinstance(s, Skipped)]


@pytest.fixture(scope="module")
def x2024(tmp_path_factory):
    return read(export("x-2024", tmp_path_factory.mktemp("x")))


def test_text_is_unescaped_once_links_expanded_and_the_media_link_dropped(x2024):
    post = x2024[0]["1790000000000000001"]
    assert post.text == "Träffade elevrådet & pratade budget &lt;3 https://ekbacka.example/budget?a=1&b=2"
    assert (post.kind, post.url) == ("post", "https://x.com/ekbacka_kommun/status/1790000000000000001")
    assert post.published == datetime(2024, 5, 14, 7, 15, 2, tzinfo=timezone.utc)
    assert [(m.kind, m.source) for m in post.media] == [("", MEDIA + "1790000000000000001-GNabc1.jpg")]
    assert post.provenance[0].file == TWEETS


def test_markup_stays_literal_text_and_old_tweets_without_urls_keep_theirs(x2024):
    posts = x2024[0]
    assert posts["1790000000000000100"].text == "<script>alert(1)</script> **x** {{ x }} #budget"
    old = posts["5432100000"]  # 2009: no entities.urls, an id from before snowflakes
    assert (old.text, old.published) == ("Första tweeten! http://ekbacka.example", datetime(2009, 10, 10, 20, 19, 24, tzinfo=timezone.utc))
    assert old.provenance[0].file == ROOT + "data/tweets-part1.js"


def test_own_thread_is_one_post_with_texts_and_media_in_order(x2024):
    posts, skipped = x2024
    thread = posts["1790000000000000010"]
    assert thread.text == "Tråd om skolvägen 🧵 1/3\n\n2/3 Vi bygger en ny cykelbana.\n\n3/3 Klart till hösten."
    assert thread.published == datetime(2024, 5, 15, 8, 0, tzinfo=timezone.utc)
    assert thread.url == "https://x.com/ekbacka_kommun/status/1790000000000000010"
    assert [m.source for m in thread.media] == [MEDIA + "1790000000000000011-GNthr2.jpg"]
    assert "1790000000000000011" not in posts and "1790000000000000012" not in posts
    repeats = [(s.item, s.reason) for s in skipped if s.repeat and "tråden" in s.reason]
    assert repeats == [("tweet 1790000000000000011", THREAD), ("tweet 1790000000000000012", THREAD)]


def test_replies_to_others_are_left_out_and_retweets_are_reposts(x2024):
    posts, skipped = x2024
    assert "1790000000000000020" not in posts
    assert ("tweet 1790000000000000020", "svar till andra (@minstad) är inte dina egna inlägg; arkiveras inte") in [
        (s.item, s.reason) for s in skipped if s.counts_as_skipped
    ]
    retweet = posts["1790000000000000030"]
    assert (retweet.kind, retweet.text) == (
        "repost", "RT @minstad: Välkomna till öppet hus på stadsbiblioteket i morgon kl 10 & fika…"
    )


def test_edited_tweet_keeps_the_newest_text_under_the_first_id_and_time(x2024):
    posts, skipped = x2024
    post = posts["1790000000000000040"]
    assert (post.text, post.published) == ("Budgetmötet flyttas till tisdag", datetime(2024, 5, 17, 9, 0, tzinfo=timezone.utc))
    assert "1790000000000000041" not in posts
    (older,) = [s for s in skipped if "redigerade" in s.reason]
    assert (older.item, older.repeat) == ("tweet 1790000000000000040", True)


def test_long_post_takes_the_whole_text_from_note_tweet_with_links_expanded(x2024):
    posts, skipped = x2024
    text = posts["1790000000000000050"].text
    assert text.startswith("Långt inlägg om skolplanen. Skola & omsorg hänger ihop")
    assert text.endswith("Läs hela planen här: https://ekbacka.example/plan – och hör gärna av dig med frågor och tankar!")
    assert "…" not in text and "t.co" not in text
    assert [(s.item, s.note) for s in skipped if s.file.endswith("note-tweet.js") and "långt" in s.item] == [
        ("långt inlägg 2", True)
    ]


def test_circle_and_protected_tweets_never_become_posts(x2024):
    posts, skipped = x2024
    assert "1790000000000000060" not in posts and "1790000000000000070" not in posts
    reasons = {s.item: s.reason for s in skipped if s.counts_as_skipped}
    assert reasons["tweet 1790000000000000060"] == "Circle-tweet (bara för din krets); arkiveras aldrig"
    assert reasons["tweet 1790000000000000070"] == (
        "skrevs när kontot var skyddat (bara godkända följare såg den); arkiveras inte"
    )
    (note,) = [s for s in skipped if s.file.endswith("protected-history.js")]
    assert note.note and "under 2024-05-19–2024-05-20" in note.reason


def test_video_is_found_by_the_tweet_id_and_a_missing_photo_is_listed(x2024):
    posts, skipped = x2024
    video = posts["1790000000000000080"]
    assert (video.text, [m.source for m in video.media]) == ("Film från invigningen", [MEDIA + "1790000000000000080-FilmA.mp4"])
    missing = posts["1790000000000000090"]
    assert (missing.text, missing.media, missing.incomplete) == ("Bild som saknas", (), True)
    assert [(s.item, s.partial) for s in skipped if s.partial] == [
        (f"tweet 1790000000000000090, bild 1 ({MEDIA}1790000000000000090-GNSaknas.jpg)", True)
    ]


def test_deleted_tweets_messages_likes_and_followers_are_named_never_imported(x2024):
    posts, skipped = x2024
    notes = {s.file.removeprefix(ROOT): s.reason for s in skipped if s.note and s.item.startswith("hela")}
    assert notes == {
        "data/deleted-tweets.js": "raderade tweetar arkiveras aldrig",
        "data/deleted_tweets_media/": "bilder och video från raderade tweetar arkiveras aldrig",
        "data/deleted-note-tweet.js": "raderade långa inlägg arkiveras aldrig",
        "data/direct-messages.js": "direktmeddelanden läses aldrig",
        "data/like.js": "gillningar arkiveras inte",
        "data/follower.js": "följare och konton du följer arkiveras inte",
        "data/protected-history.js": notes["data/protected-history.js"],
    }
    assert len(posts) == 9 and "1790000000000000110" not in posts


def test_import_adds_up_keeps_no_email_and_a_reimport_changes_nothing(tmp_path):
    archive = tmp_path / "arkiv"
    source = export("x-2024", tmp_path)
    code, out, err = run(source, "--archive", archive)
    assert (code, err) == (0, "")
    assert totals(out)[0] == {"read": 15, "added": 9, "updated": 0, "unchanged": 0, "skipped": 3, "repeats": 3}
    assert "upprepning i " + TWEETS + " – 2 fall: " + THREAD in out
    stored = posts_in(archive)
    assert stored["x:1790000000000000010"]["kind"] == "post" and stored["x:1790000000000000030"]["kind"] == "repost"
    assert sorted(m["kind"] for p in stored.values() for m in p["media"]) == ["image", "image", "video"]
    everything = b"".join(p.read_bytes() for p in archive.rglob("*") if p.is_file())
    for secret in (b"kommunikation@ekbacka", b"Hemligt DM", b"hemligt besked", b"Skyddad tweet", b"Raderad", b"Gillad"):
        assert secret not in everything
    before = tree(archive)
    code, out, _ = run(source, "--archive", archive)
    assert code == 0 and totals(out)[0] == {"read": 15, "added": 0, "updated": 0, "unchanged": 9, "skipped": 3, "repeats": 3}
    assert tree(archive) == before


def test_a_newer_archive_grows_the_thread_and_either_order_gives_the_same_archive(tmp_path):
    older, newer = export("x-2024", tmp_path / "a"), export("x-2025", tmp_path / "b")
    first, second = tmp_path / "ett", tmp_path / "två"
    assert run(older, "--archive", first)[0] == 0
    code, out, _ = run(newer, "--archive", first)
    assert code == 0 and totals(out)[0] == {"read": 6, "added": 1, "updated": 1, "unchanged": 1, "skipped": 0, "repeats": 3}
    assert posts_in(first)["x:1790000000000000010"]["text"].endswith("\n\n4/3 Och en bonus: nya cykelställ.")
    assert run(newer, "--archive", second)[0] == 0 and run(older, "--archive", second)[0] == 0
    assert tree(first) == tree(second)


def test_gdpr_era_archive_reads_tweet_js_and_says_circle_tweets_cannot_be_told_apart(tmp_path):
    posts, skipped = read(export("x-2022", tmp_path))
    assert {k: (p.text, [m.source for m in p.media]) for k, p in posts.items()} == {
        "1500000000000000001": ("Sportlov på Ekbacka ❄️", ["data/tweet_media/1500000000000000001-FMsport.png"]),
        "1500000000000000002": ("", ["data/tweet_media/1500000000000000002-GifA.mp4"]),  # a GIF: its .mp4
        "1500000000000000003": ("Utan omslag i tweet.js", []),  # a record without {"tweet": …}
    }
    assert [(s.file, s.note) for s in skipped] == [("data/twitter-circle-tweet.js", True)]
    assert "eftersom filen är tom" in skipped[0].reason


def test_2025_archive_notes_a_partial_archive_and_a_missing_circle_file(tmp_path):
    _, skipped = read(export("x-2025", tmp_path))
    notes = [(s.file, s.reason.split(";")[0].split(",")[0]) for s in skipped if s.note]
    assert notes == [
        ("data/manifest.js", "X märker arkivet som ofullständigt (isPartialArchive)"),
        ("data/twitter-circle-tweet.js", "Circle-tweetar (bara för din krets) går inte att skilja från de offentliga i det här arkivet"),
    ]
    assert "eftersom filen saknas" in skipped[-1].reason


def test_classic_archive_is_refused_with_one_line(tmp_path):
    code, out, err = run(export("x-classic", tmp_path), "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == (
        "fel: tweets.csv: det här är ett gammalt Twitter-arkiv (tweets.csv, 2012–2018), som inte kan importeras; "
        "begär ett nytt arkiv på X: Inställningar → Ditt konto → Ladda ned ett arkiv av dina data\n"
    )
    assert not (tmp_path / "arkiv").exists()


MANIFEST = ('window.__THAR_CONFIG = {"userInfo": {"accountId": "%s", "userName": "ekbacka_kommun"}, "dataTypes": '
            '{"tweets": {"mediaDirectory": "data/tweets_media", "files": [{"fileName": "data/tweets.js"}]}}}' % OWN).encode()
ACCOUNT = ('window.YTD.account.part0 = [{"account": {"username": "ekbacka_kommun", "accountId": "%s"}}]' % OWN).encode()


def archive_zip(path, tweets: bytes | list, manifest: bytes = MANIFEST, extra=()):
    data = tweets if isinstance(tweets, bytes) else b"window.YTD.tweets.part0 = " + json.dumps(tweets).encode()
    members = [("data/manifest.js", manifest), ("data/account.js", ACCOUNT), ("data/tweets.js", data), *extra]
    return make_zip(path / "twitter-2024-05-21-abc.zip", members)


def tweet(id_str="1790000000000000001", when="Tue May 14 07:15:02 +0000 2024", text="Hej", **more):
    return {"tweet": {"id_str": id_str, "created_at": when, "full_text": text, **more}}


NOT_DATA = (
    "filen ser inte ut som X:s datafiler (window.YTD.….part0 = [ … ]); den läses aldrig som JavaScript, "
    "så arkivet kan inte importeras; ladda ned arkivet från X igen"
)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"alert(1);", NOT_DATA),
        (b"alert(1); window.YTD.tweets.part0 = []", NOT_DATA),
        (b"window.YTD.tweets.part0.constructor('alert(1)')() = []", NOT_DATA),
        (b"window.YTD.tweets.part0 = f([])", "trasig JSON på rad 1, kolumn 2; filen kan vara avklippt eller ändrad"),
        (b"window.YTD.tweets.part0 = [];\nalert(1)", "trasig JSON på rad 1, kolumn 4; filen kan vara avklippt eller ändrad"),
        (b'window.YTD.tweets.part0 = [ {\n  "tweet" : {\n    "id_str" : "17', "trasig JSON på rad 3, kolumn 16; filen kan vara avklippt eller ändrad"),
        (b"window.YTD.tweets.part0 = " + b"[" * 100_000 + b"]" * 100_000,
         "JSON-datan är nästlad för djupt ([[[[…); det är inget riktigt X-arkiv"),
        (b"window.YTD.tweets.part0 = [NaN]", "filen innehåller ett tal som inte är giltig JSON (NaN är inget JSON-tal)"),
        (b"window.YTD.tweets.part0 = {}", "oväntad struktur: väntade en lista ([ … ]) efter ="),
        (b"window.YTD.tweets.part0 = [\xff]", "filen är inte UTF-8 (byte 27)"),
    ],
)
def test_data_files_that_are_not_plain_assignments_of_json_are_refused(tmp_path, content, problem):
    code, out, err = run(archive_zip(tmp_path, content), "--archive", tmp_path / "arkiv")
    assert (code, out, err) == (1, "", f"fel: data/tweets.js: {problem}\n")
    assert not (tmp_path / "arkiv").exists()


def test_a_number_of_thousands_of_digits_is_refused_with_one_line(tmp_path):
    code, _, err = run(archive_zip(tmp_path, b"window.YTD.tweets.part0 = [" + b"9" * 5000 + b"]"), "--archive", tmp_path / "a")
    assert code == 1 and err.startswith("fel: data/tweets.js: filen innehåller ett tal som inte är giltig JSON (")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "media_url",
    ["https://pbs.twimg.com/media/../../../etc/passwd", "file:///etc/passwd.jpg", "../../secret.jpg",
     "https://pbs.twimg.com/media/a b.jpg", "javascript:alert(1).jpg"],
)
def test_a_media_name_that_is_not_a_plain_file_name_is_refused(tmp_path, media_url):
    media = {"media": [{"url": "https://t.co/M", "media_url_https": media_url, "type": "photo"}]}
    code, _, err = run(archive_zip(tmp_path, [tweet(extended_entities=media)]), "--archive", tmp_path / "arkiv")
    assert (code, err) == (
        1, f"fel: data/tweets.js: tweet 1790000000000000001: media_url {media_url!r} har inget giltigt filnamn; "
        "arkivet kan vara manipulerat\n"
    )


def test_missing_fields_and_numbers_for_ids_leave_the_tweet_out_with_the_reason(tmp_path):
    tweets = [
        tweet(id_str=1790000000000000002),  # a number: would lose digits as a float
        {"tweet": {"created_at": "Tue May 14 07:15:02 +0000 2024", "full_text": "Inget id"}},
        tweet(id_str="9" * 25),
        tweet(when="2024-05-14 07:15:02"),
        tweet(when="Thu Jan 01 00:00:00 +0000 1970"),
        tweet(text=None),
        "inte en tweet",
        tweet(id_str="1790000000000000009", text="Kvar"),
    ]
    posts, skipped = read(archive_zip(tmp_path, tweets))
    assert list(posts) == ["1790000000000000009"]
    assert [(s.item, s.reason) for s in skipped if s.counts_as_skipped] == [
        ("tweet 1", "tweeten saknar ett giltigt id (id_str)"),
        ("tweet 2", "tweeten saknar ett giltigt id (id_str)"),
        ("tweet 3", "tweeten saknar ett giltigt id (id_str)"),
        ("tweet 1790000000000000001", "tweeten saknar en giltig tidpunkt (created_at)"),
        ("tweet 1790000000000000001",
         "tidpunkten (created_at) 'Thu Jan 01 00:00:00 +0000 1970' ligger utanför 2006 till i dag; tweeten arkiveras inte"),
        ("tweet 1790000000000000001", "tweeten saknar text (full_text)"),
        ("tweet 7", "posten är ingen tweet ({ … })"),
    ]


def test_created_at_is_read_with_its_zone_and_without_the_machines_locale():
    assert x.created_at("Tue May 14 07:15:02 +0200 2024") == datetime(2024, 5, 14, 5, 15, 2, tzinfo=timezone.utc)
    assert x.created_at("tis maj 14 07:15:02 +0000 2024") is None
    assert x.created_at("Tue Foo 14 07:15:02 +0000 2024") is None


@pytest.mark.parametrize(
    ("member", "content", "message"),
    [
        ("data/account.js", b'window.YTD.account.part0 = [{"account": {"username": "a/../b", "accountId": "1"}}]',
         "fel: data/account.js: användarnamnet (username) 'a/../b' saknas eller är ogiltigt"),
        ("data/manifest.js", MANIFEST.replace(b"data/tweets.js", b"../../etc/passwd"),
         "fel: data/manifest.js: dataTypes.tweets.files 1: fileName '../../etc/passwd' är ingen fil i data/"),
        ("data/manifest.js", MANIFEST.replace(b"data/tweets.js", b"data/tweets-part1.js"),
         "fel: data/tweets-part1.js: står i data/manifest.js men finns inte i arkivet; ladda ned arkivet igen"),
        ("data/manifest.js", MANIFEST.replace(b'"data/tweets_media"', b'"/etc"'),
         "fel: data/manifest.js: mediaDirectory '/etc' är ingen mapp i data/; arkivet kan vara manipulerat"),
        ("data/twitter-circle-tweet.js", b'window.YTD.twitter_circle_tweet.part0 = [{"tweet": {"id": 1.79e18}}]',
         "fel: data/twitter-circle-tweet.js: post 1: saknar ett giltigt id (id_str); inget importeras, eftersom "
         "tweetar bara för din krets annars kunde publiceras"),
        ("data/protected-history.js", b'window.YTD.protected_history.part0 = [{"protectedHistory": {"when": "?"}}]',
         "fel: data/protected-history.js: post 1: kan inte läsa när kontot skyddades (protectedAt, action); "
         "inget importeras, eftersom skyddade tweetar annars kunde publiceras"),
    ],
)
def test_broken_or_hostile_side_files_are_refused_with_one_line(tmp_path, member, content, message):
    members = {"data/manifest.js": MANIFEST, "data/account.js": ACCOUNT,
               "data/tweets.js": b"window.YTD.tweets.part0 = " + json.dumps([tweet()]).encode(), member: content}
    code, _, err = run(make_zip(tmp_path / "x.zip", list(members.items())), "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, message + "\n")
    assert not (tmp_path / "arkiv").exists()


def test_protected_since_before_the_file_leaves_out_every_earlier_tweet(tmp_path):
    history = b'window.YTD.protected_history.part0 = [{"protectedHistory": {"protectedAt": "2024-05-15T00:00:00.000Z", "action": "Unprotect"}}]'
    tweets = [tweet(), tweet(id_str="1790000000000000099", when="Thu May 16 07:15:02 +0000 2024", text="Offentlig")]
    posts, skipped = read(archive_zip(tmp_path, tweets, extra=[("data/protected-history.js", history)]))
    assert list(posts) == ["1790000000000000099"]
    assert "under tidigare–2024-05-15" in next(s.reason for s in skipped if s.file == "data/protected-history.js")


def test_a_reply_to_a_reply_to_others_stays_out_and_an_orphan_self_reply_is_a_post(tmp_path):
    other = dict(in_reply_to_status_id_str="1700000000000000001", in_reply_to_user_id_str="222000111",
                 in_reply_to_screen_name="minstad")
    tweets = [
        tweet(text="@minstad Svar", **other),
        tweet(id_str="1790000000000000002", when="Tue May 14 07:16:00 +0000 2024", text="Mer till dig",
              in_reply_to_status_id_str="1790000000000000001", in_reply_to_user_id_str=OWN),
        tweet(id_str="1790000000000000003", when="Tue May 14 07:17:00 +0000 2024", text="Förälder raderad",
              in_reply_to_status_id_str="1780000000000000000", in_reply_to_user_id_str=OWN),
    ]
    posts, skipped = read(archive_zip(tmp_path, tweets))
    assert list(posts) == ["1790000000000000003"]
    assert [s.reason for s in skipped] == [
        "svar till andra (@minstad) är inte dina egna inlägg; arkiveras inte",
        "en fortsättning på ditt svar till någon annan; arkiveras inte",
        *[s.reason for s in skipped[2:]],
    ]


@pytest.mark.parametrize(("case", "platform", "found"), [
    ("instagram-2022", "x", "instagram"), ("linkedin-classic", "x", "linkedin"), ("x-2024", "instagram", "x"),
])
def test_the_wrong_platform_is_refused_with_one_line(tmp_path, case, platform, found):
    source = export(case, tmp_path) if case.startswith("x-") else other_export(case, tmp_path)
    code, _, err = run(source, "--platform", platform, "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, f"fel: {case}.zip: exporten ser ut att komma från {found}, inte {platform}\n")


@pytest.mark.parametrize(("case", "platform"), [
    ("instagram-2022", "instagram"), ("instagram-2024", "instagram"), ("instagram-2025", "instagram"),
    ("linkedin-classic", "linkedin"), ("linkedin-member-id", "linkedin"), ("linkedin-basic", "linkedin"),
])
def test_other_platforms_exports_are_detected_as_before(tmp_path, case, platform):
    with open_export(other_export(case, tmp_path)) as opened:
        assert not x.looks_like(opened)
        assert detect(opened) == platform


def test_a_tweet_in_two_parts_counts_once_and_a_retweet_keeps_no_photos(tmp_path):
    photo = {"media": [{"url": "https://t.co/P", "media_url_https": "https://pbs.twimg.com/media/Ann.jpg", "type": "photo"}]}
    tweets = [tweet(), tweet(id_str="1790000000000000002", text="RT @minstad: Se bilden https://t.co/P",
                             extended_entities=photo)]
    part1 = b"window.YTD.tweets.part1 = " + json.dumps([tweet()]).encode()
    manifest = MANIFEST.replace(b'{"fileName": "data/tweets.js"}', b'{"fileName": "data/tweets.js"}, {"fileName": "data/tweets-part1.js"}')
    source = archive_zip(tmp_path, tweets, manifest, extra=[("data/tweets-part1.js", part1),
                                                             ("data/tweets_media/1790000000000000002-Ann.jpg", b"")])
    code, out, _ = run(source, "--archive", tmp_path / "arkiv")
    assert code == 0 and totals(out)[0] == {"read": 3, "added": 2, "updated": 0, "unchanged": 0, "skipped": 0, "repeats": 1}
    assert "upprepning i data/tweets-part1.js – tweet 1790000000000000001: samma tweet står två gånger i arkivet" in out
    assert ("obs data/tweets.js – tweet 1790000000000000002, 1 bild eller film: bilder och video i en delning "
            "(retweet) tillhör det andra kontot och arkiveras inte") in out
    stored = posts_in(tmp_path / "arkiv")["x:1790000000000000002"]
    assert (stored["kind"], stored["text"], stored["media"]) == ("repost", "RT @minstad: Se bilden", [])


def test_an_export_without_a_manifest_named_as_x_says_what_is_missing(tmp_path):
    source = make_zip(tmp_path / "x.zip", [("data/tweets.js", b"window.YTD.tweets.part0 = [ ]")])
    code, _, err = run(source, "--platform", "x", "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, "fel: x.zip: hittar inte data/manifest.js, som varje X-arkiv har; ladda ned arkivet "
                              "från X igen (Inställningar → Ditt konto → Ladda ned ett arkiv av dina data) och "
                              "importera zip-filen som den är\n")


def test_fields_of_the_wrong_type_and_long_runs_of_spaces_are_read_without_a_traceback(tmp_path):
    spaces = " " * 200_000
    tweets = [
        tweet(text="Udda" + spaces + "https://t.co/A", entities={"urls": 5, "media": "x"},
              edit_info={"initial": {"editTweetIds": 7}, "edit": []}, extended_entities={"media": {"url": 1}}),
        tweet(id_str="1790000000000000002", text="Bara bild" + spaces + "https://t.co/M",
              extended_entities={"media": [{"url": "https://t.co/M", "type": "photo",
                                            "media_url_https": "https://pbs.twimg.com/media/Bild.jpg"}]}),
    ]
    posts, skipped = read(archive_zip(tmp_path, tweets))
    assert posts["1790000000000000001"].text == "Udda" + spaces + "https://t.co/A"  # no urls to expand: kept
    assert posts["1790000000000000002"].text == "Bara bild"  # the media link and the spaces before it go
    assert [s.item for s in skipped if not s.note] == [
        "tweet 1790000000000000002, bild 1 (data/tweets_media/1790000000000000002-Bild.jpg)"
    ]


def test_without_the_circle_list_tweets_of_circles_time_wait_for_approval(tmp_path):
    tweets = [tweet("1630000000000000001", "Wed Mar 01 08:00:00 +0000 2023", "Under Circle-tiden"),
              tweet("1790000000000000001", "Tue May 14 07:15:02 +0000 2024", "Efter Circle")]
    code, out, err = run(archive_zip(tmp_path, tweets), "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    approval = {key: post.get("approved") for key, post in posts_in(tmp_path / "arkiv").items()}
    assert approval == {"x:1630000000000000001": False, "x:1790000000000000001": None}
    assert "30 augusti 2022 till 31 oktober 2023" in out and "1 inlägg väntar på godkännande" in out
