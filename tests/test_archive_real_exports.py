"""What real exports ship (exports.md §1.5, §2.6; exports-more.md §6): every variation a fixture
made here at test time, never a copy of a real export."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from social_archive.export_files import open_export
from social_archive.exports import detect, instagram, linkedin, linkedin_articles
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import export, instagram_posts, make_zip, photo, posts_in, run, tiny_mp4, tree
from tests.golden import SITE
from tests.sitebuild import build

LINK = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{}"


def read_linkedin(path: Path) -> tuple[dict[str, ArchivedPost], list[Skipped]]:
    with open_export(path) as opened:
        assert detect(opened) == "linkedin"
        items = list(linkedin.read(opened))
    return {p.post_id: p for p in items if isinstance(p, ArchivedPost)}, [
        s for s in items if isinstance(s, Skipped)
    ]


def shares_2021() -> bytes:
    """A 2021–early-2024 Shares.csv: `SharedURL`, `MediaURL`, CRLF, also inside quoted values."""
    rows = [
        "Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility",
        f'2021-05-04 09:00:00,{LINK.format(6795000000000000001)},"Läs rapporten""\r\n""om skolan",'
        "https://example.se/rapport,,MEMBER_NETWORK",
        f"2021-05-05 10:00:00,{LINK.format(6795000000000000002)},,https://example.se/bara-lank,,MEMBER_NETWORK",
        f"2021-05-06 11:00:00,{LINK.format(6795000000000000003)},,,https://media.licdn.com/x.jpg,MEMBER_NETWORK",
    ]
    return ("\r\n".join(rows) + "\r\n").encode()


def test_link_columns_are_found_whatever_their_case(tmp_path):
    posts, skipped = read_linkedin(make_zip(tmp_path / "li.zip", [("Shares.csv", shares_2021())]))
    assert set(posts) == {"6795000000000000001", "6795000000000000002", "6795000000000000003"}
    first = posts["6795000000000000001"]
    assert (first.text, first.shared_url) == ("Läs rapporten\nom skolan", "https://example.se/rapport")
    link_only = posts["6795000000000000002"]
    assert (link_only.kind, link_only.text, link_only.shared_url) == (
        "repost", "", "https://example.se/bara-lank"
    )
    assert [s.item for s in skipped if s.note] == ["1 inlägg med bild eller video"]
    assert not [s for s in skipped if not s.note]


def test_header_names_with_spaces_and_any_case_match(tmp_path):
    data = (
        "date,Share Link,share_commentary,SHARED URL,Media Url,visibility\n"
        f"2024-06-01 08:00:00,{LINK.format(7200000000000000001)},Hej,https://example.se/a,,CONNECTIONS\n"
    ).encode()
    posts, _ = read_linkedin(make_zip(tmp_path / "li.zip", [("Shares.csv", data)]))
    post = posts["7200000000000000001"]
    assert (post.text, post.shared_url, post.visibility) == ("Hej", "https://example.se/a", "CONNECTIONS")


# --- Instagram media: what a file is comes from its content ---------------------------------

VIDEO_NO_EXT = "media/posts/201904/AQOabcdefGHIJ_17850000000000001"  # an MP4 without extension
WEBP_HOLDING_JPEG = "media/posts/201904/17850000000000002.webp"
BROKEN = "media/posts/201904/17850000000000003.jpg"
GONE = "media/posts/201904/17850000000000004.jpg"


def instagram_zip(path: Path, posts: list[dict], files: dict[str, bytes]) -> Path:
    members = [("your_instagram_activity/media/posts_1.json", json.dumps(posts).encode()), *files.items()]
    return make_zip(path, members)


def carousel(*uris: str, title: str = "Karusell med film", when: int = 1555000000) -> dict:
    media = [{"uri": u, "creation_timestamp": when + i, "title": ""} for i, u in enumerate(uris)]
    return {"media": media, "title": title, "creation_timestamp": when + 10}


def test_video_without_extension_and_jpeg_named_webp_are_kept_broken_file_listed(tmp_path):
    posts = [
        carousel(VIDEO_NO_EXT, WEBP_HOLDING_JPEG, BROKEN, GONE),
        {"media": [{"uri": BROKEN, "creation_timestamp": 1555100000, "title": ""}]},  # nothing left
    ]
    files = {VIDEO_NO_EXT: tiny_mp4(360, 640), WEBP_HOLDING_JPEG: photo("w", "JPEG"), BROKEN: b"inte en bild"}
    path = instagram_zip(tmp_path / "ig.zip", posts, files)
    code, out, err = run(path, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    (post,) = posts_in(tmp_path / "arkiv").values()
    assert post["text"] == "Karusell med film"
    assert [(m["kind"], m["path"].rsplit(".", 1)[1]) for m in post["media"]] == [("video", "mp4"), ("image", "jpg")]
    assert (post["media"][0]["width"], post["media"][0]["height"]) == (360, 640)
    video = tmp_path / "arkiv" / post["media"][0]["path"]
    assert video.read_bytes() == tiny_mp4(360, 640)  # copied byte for byte
    assert f"  utelämnade en fil ur your_instagram_activity/media/posts_1.json – inlägg 1, bild 3 ({BROKEN}): " \
        "filen är varken en bild (JPEG, PNG, WebP, HEIC) eller en video (MP4, MOV)" in out
    assert f"  utelämnade en fil ur your_instagram_activity/media/posts_1.json – inlägg 1, bild 4 ({GONE}): " \
        "filen saknas i exporten; importera alla delar av exporten samtidigt" in out
    assert (
        "  hoppade över your_instagram_activity/media/posts_1.json – inlägg 2: "
        f"ingen bild eller film går att läsa ({BROKEN}: filen är varken en bild (JPEG, PNG, WebP, HEIC) "
        "eller en video (MP4, MOV)), och inlägget har ingen text"
    ) in out
    assert "2 lästa = 1 nytt + 0 ändrade + 0 oförändrade + 1 överhoppat + 0 upprepningar" in out


def test_a_later_import_with_a_broken_file_keeps_the_archived_media(tmp_path):
    posts = [carousel(WEBP_HOLDING_JPEG, BROKEN)]
    good = instagram_zip(tmp_path / "a.zip", posts, {WEBP_HOLDING_JPEG: photo("w", "JPEG"), BROKEN: photo("b", "PNG")})
    bad = instagram_zip(tmp_path / "b.zip", posts, {WEBP_HOLDING_JPEG: photo("w", "JPEG"), BROKEN: b"trasig"})
    archive = tmp_path / "arkiv"
    assert run(good, "--archive", archive)[0] == 0
    before = tree(archive)
    code, out, _ = run(bad, "--archive", archive)
    assert code == 0 and "utelämnade en fil ur" in out
    (post,) = posts_in(archive).values()
    assert [m["kind"] for m in post["media"]] == ["image", "image"]
    assert {k: v for k, v in tree(archive).items() if k.startswith("media")} == {
        k: v for k, v in before.items() if k.startswith("media")
    }


def test_heic_is_told_from_video_by_its_content():
    from social_archive.media import kind_of

    assert kind_of(photo("h", "HEIF")[:64]) == ("image", "")
    assert kind_of(tiny_mp4()[:64]) == ("video", "mp4")
    quicktime = tiny_mp4()[:8] + b"qt  " + tiny_mp4()[12:64]
    assert kind_of(quicktime) == ("video", "mov")
    assert kind_of(photo("p", "PNG")[:64]) == ("image", "")


# --- A 2026 export in several zips, one holding only media/posts/<id>.jpg -------------------


def split_2026(tmp_path: Path, wrapper: str = "") -> tuple[Path, Path]:
    posts = [
        {"media": [{"uri": "media/posts/18060000000000001.jpg", "creation_timestamp": 1767200000, "title": "Ett"}]},
        carousel("media/posts/202507/18060000000000002.mp4", "media/posts/18060000000000003.mp4",
                 title="Blandad karusell", when=1767300000),
    ]
    first = instagram_zip(tmp_path / "del1.zip", posts, {
        "media/posts/202507/18060000000000002.mp4": tiny_mp4(payload=b"a"),
    })
    second = make_zip(tmp_path / "del2.zip", [
        (f"{wrapper}media/posts/18060000000000001.jpg", photo("ett", "JPEG")),
        (f"{wrapper}media/posts/18060000000000003.mp4", tiny_mp4(payload=b"b")),
    ])
    return first, second


def test_media_only_part_without_month_folders_is_used_with_its_export(tmp_path):
    first, second = split_2026(tmp_path)
    code, out, err = run(first, second, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    posts = posts_in(tmp_path / "arkiv")
    assert [len(p["media"]) for p in posts.values()] == [1, 2]
    assert [m["kind"] for m in posts["instagram:1767300000-18060000000000002"]["media"]] == ["video", "video"]
    assert f"{second} (instagram): 0 lästa = 0 nya" in out and "obs del2.zip – hela exporten" in out
    assert "utelämnade" not in out


def test_media_only_part_in_a_wrapper_folder_is_found(tmp_path):
    first, second = split_2026(tmp_path, wrapper="instagram-kim-2026-01-02-AbCd/")
    assert run(second, first, "--archive", tmp_path / "arkiv")[0] == 0
    assert [len(p["media"]) for p in posts_in(tmp_path / "arkiv").values()] == [1, 2]


def test_media_only_part_alone_is_refused_and_nothing_is_written(tmp_path):
    _, second = split_2026(tmp_path)
    code, out, err = run(second, "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == (
        "fel: del2.zip: den här delen innehåller bara bilder och video; importera den i samma körning "
        "som delen med inläggen, t.ex. invoke import del1.zip --more del2.zip\n"
    )
    assert not (tmp_path / "arkiv").exists()


# --- The 2018 LinkedIn Complete export -----------------------------------------------------

PUBLIC_2018 = "Första dagen som förvaltningschef.\nTack för ett varmt välkomnande – åäö!"
CONNECTIONS_2018 = "Bara för mina kontakter: internt om omorganisationen"
HEADER_2018 = ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary", "Shared URL",
               "Media URL", "Type", "Visibility"]


def shares_2018() -> bytes:
    """UTF-16 LE with a BOM, tab-separated, every field quoted, its own names, dates and links."""
    rows = [
        HEADER_2018,
        ["2017/06/08 08:15:44 UTC", "", "", "urn:li:activity:6278000000000000001", PUBLIC_2018,
         "https://example.se/nyhet", "", "SHARE", "Public"],
        ["2017/09/01 18:02:00 UTC", "", "", "urn:li:activity:6309000000000000002", CONNECTIONS_2018, "", "",
         "SHARE", "Connections"],
        ["2018/01/15 07:30:00 UTC", "Rapporten", "", "urn:li:activity:6358000000000000003", "",
         "https://example.se/rapport", "", "SHARE", "Public"],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return codecs.BOM_UTF16_LE + out.getvalue().encode("utf-16-le")


def linkedin_2018(path: Path) -> Path:
    return make_zip(path, [("Shares.csv", shares_2018()), ("Phone Numbers.csv", b"\xff\xfe")])


def test_2018_export_is_read_with_its_dates_links_and_visibility(tmp_path):
    posts, skipped = read_linkedin(linkedin_2018(tmp_path / "li2018.zip"))
    assert set(posts) == {"6278000000000000001", "6309000000000000002", "6358000000000000003"}
    first = posts["6278000000000000001"]
    assert (first.text, first.shared_url, first.visibility) == (PUBLIC_2018, "https://example.se/nyhet", "PUBLIC")
    assert first.published == datetime(2017, 6, 8, 8, 15, 44, tzinfo=timezone.utc)
    assert first.url == "https://www.linkedin.com/feed/update/urn:li:activity:6278000000000000001/"
    assert posts["6309000000000000002"].visibility == "CONNECTIONS"
    link = posts["6358000000000000003"]
    assert (link.kind, link.text, link.shared_url) == ("repost", "", "https://example.se/rapport")
    assert skipped == []


def test_utf16_file_that_is_damaged_names_the_encoding(tmp_path):
    path = make_zip(tmp_path / "li.zip", [("Shares.csv", codecs.BOM_UTF16_LE + b"D\x00\x00\xd8")])
    code, _, err = run(path, "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, "fel: Shares.csv: filen är inte UTF-16 (byte 4)\n")


# --- LinkedIn articles ---------------------------------------------------------------------

ARTICLE_HTML = """<html><head><title>Ny budget för skolan</title><style>.created{}</style></head><body>
<img src="https://media.licdn.com/cover.jpg?e=1&t=x" alt="" title="" />
<h1><a href="https://www.linkedin.com/pulse/ny-budget-f%C3%B6r-skolan-kim-provare-x7k2q">Ny budget för skolan</a></h1>
<p class="created">Created on 2024-09-20 06:04</p>
<p class="published">Published on 2024-09-20 06:12</p>
<div><p>I dag beslutade nämnden om <strong>budgeten</strong> för 2025.
Läs <a href="https://example.se/beslut">beslutet</a>.</p>
<h2>Tre saker</h2>
<ul><li>Fler lärare</li><li>Nya lokaler</li><li>Mindre grupper</li></ul>
<blockquote>Skolan är allas angelägenhet.</blockquote>
<p>Rad ett<br>rad två</p>
<p>&lt;script&gt;alert(1)&lt;/script&gt; och {{ 7*7 }} står kvar som text.</p>
<script>alert("kör aldrig")</script><iframe src="https://www.youtube.com/embed/x"></iframe>
<p><a href="javascript:alert(2)">farlig länk</a></p>
</div></body></html>"""
ARTICLE_TEXT = (
    "Ny budget för skolan\n\n"
    "I dag beslutade nämnden om budgeten för 2025. Läs beslutet (https://example.se/beslut).\n\n"
    "Tre saker\n\n"
    "  * Fler lärare\n  * Nya lokaler\n  * Mindre grupper\n\n"
    "Skolan är allas angelägenhet.\n\n"
    "Rad ett\nrad två\n\n"
    "<script>alert(1)</script> och {{ 7*7 }} står kvar som text.\n\n"
    "farlig länk"
)
ARTICLE_2018 = """<html><head><title>Om ledarskap</title></head><body>
<h1><a href="https://www.linkedin.com/pulse/om-ledarskap-kim-provare">Om ledarskap</a></h1>
<p class="created">Created on 2017-12-09 04:50</p><p class="published">Published on 2017-12-09 04:54</p>
<div><p>Ett kort stycke.</p></div></body></html>"""
DRAFTS = {
    "Articles/Articles/Untitled.html": """<html><head><title>Untitled</title></head><body>
<h1><a href="https://www.linkedin.com/post/edit/6400000000000000000">Untitled</a></h1>
<p class="created">Created on 2018-02-01 10:00</p><p class="published">Not published yet</p>
<div><p>Hemligt utkast</p></div></body></html>""",
    "Articles/Articles/utkast-två.html": """<html><body>
<h1><a href="https://www.linkedin.com/pulse/x">Halvfärdigt</a></h1>
<p class="created">Created on 2024-01-01 10:00</p><p class="published">Published on ---</p>
<div><p>Också ett utkast</p></div></body></html>""",
}


def linkedin_with_articles(path: Path) -> Path:
    shares = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    return make_zip(path, [
        ("Shares.csv", shares.encode()),
        ("Articles/Articles/ny-budget-för-skolan.html", ARTICLE_HTML.encode()),
        ("Articles/2017-12-09 04:54:08.html", ARTICLE_2018.encode()),
        *((name, html.encode()) for name, html in DRAFTS.items()),
    ])


def test_published_articles_are_archived_as_plain_text_and_drafts_skipped(tmp_path):
    posts, skipped = read_linkedin(linkedin_with_articles(tmp_path / "li.zip"))
    article = posts["pulse-ny-budget-för-skolan-kim-provare-x7k2q"]
    assert (article.kind, article.text) == ("article", ARTICLE_TEXT)
    assert article.published == datetime(2024, 9, 20, 6, 12, tzinfo=timezone.utc)  # Published, not Created
    assert article.url == "https://www.linkedin.com/pulse/ny-budget-f%C3%B6r-skolan-kim-provare-x7k2q"
    old = posts["pulse-om-ledarskap-kim-provare"]
    assert old.text == "Om ledarskap\n\nEtt kort stycke."
    assert old.published == datetime(2017, 12, 9, 4, 54, tzinfo=timezone.utc)
    assert len(posts) == 2
    drafts = {s.file: s.reason for s in skipped if not s.note}
    assert drafts == dict.fromkeys(DRAFTS, linkedin_articles.DRAFT)
    assert [(s.item, s.reason) for s in skipped if s.note] == [("1 artikel med bilder", linkedin_articles.NO_IMAGES)]


def test_article_summary_adds_up(tmp_path):
    code, out, _ = run(linkedin_with_articles(tmp_path / "li.zip"), "--archive", tmp_path / "arkiv")
    assert code == 0
    assert totals(out)[0] == {"read": 4, "added": 2, "updated": 0, "unchanged": 0, "skipped": 2, "repeats": 0}
    assert "Hemligt utkast" not in json.dumps(posts_in(tmp_path / "arkiv"), ensure_ascii=False)


@pytest.fixture(scope="module")
def site_2018(tmp_path_factory):
    """The golden site with the 2018 export imported into its archive, built for real."""
    root = tmp_path_factory.mktemp("site2018")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    exports = (linkedin_2018(root / "li2018.zip"), linkedin_with_articles(root / "articles.zip"))
    code, out, err = run(*exports, "--archive", content / "archive")
    assert (code, err) == (0, ""), out
    result = build(SITE / "settings.py", root / "out", content=content)
    assert result.returncode == 0, result.log
    return root / "out"


def test_2018_connections_only_post_stays_unpublished(site_2018):
    kinds = (".html", ".xml", ".json", ".csv")
    pages = [p.read_text(encoding="utf-8") for p in site_2018.rglob("*") if p.suffix in kinds]
    assert any("Första dagen som förvaltningschef." in page for page in pages)
    assert not any("Bara för mina kontakter" in page for page in pages)
    assert len(list((site_2018 / "arkiv/inlagg").iterdir())) == 4  # two posts, two articles


def test_article_page_shows_paragraphs_as_text_never_markup(site_2018):
    page = next(p for p in (site_2018 / "arkiv/inlagg").glob("*/index.html") if "Tre saker" in p.read_text("utf-8"))
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".archive-text")
    assert text.get_text() == ARTICLE_TEXT
    assert not text.find(["script", "img", "iframe", "strong", "h2", "ul"])
    assert [a["href"] for a in text.find_all("a")] == ["https://example.se/beslut"]
    assert not any("Hemligt utkast" in p.read_text("utf-8") for p in site_2018.rglob("*.html"))


# --- Threads inside the Instagram export ---------------------------------------------------


def threads_json() -> bytes:
    def entry(title: str, when: int, uri: str = "", reply: bool = False) -> dict:
        about = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": reply}
        if reply:
            about["in_reply_to_username"] = "någon"
        return {"media": [{"uri": uri, "creation_timestamp": when, "title": title, "text_app_post": about,
                           "media_metadata": {"camera_metadata": {"has_camera_metadata": False}}}]}

    mojibake = "Tack för idag!".encode().decode("latin-1")  # Meta's byte-per-escape text
    posts = [
        entry(mojibake, 1776526631),
        entry("", 1776417076, "media/18400000000000000.webp"),
        entry("Svar", 1776417100, reply=True),
        entry("Tråd tre", 1776417200),
        entry("Svar 2", 1776417300, reply=True),
    ]
    return json.dumps({"text_post_app_text_posts": posts}).encode()


def instagram_with_threads(path: Path) -> Path:
    posts = [{"media": [{"uri": "media/posts/18060000000000001.jpg", "creation_timestamp": 1767200000,
                         "title": "Instagram"}]}]
    return instagram_zip(path, posts, {
        "media/posts/18060000000000001.jpg": photo("ig", "JPEG"),
        "your_instagram_activity/threads/threads_and_replies.json": threads_json(),
        "your_instagram_activity/threads/liked_threads.json": b'{"text_post_app_media_likes": []}',
        "media/18400000000000000.webp": photo("t", "WEBP"),
    })


def test_threads_posts_are_listed_as_left_out_never_ignored(tmp_path):
    with open_export(instagram_with_threads(tmp_path / "ig.zip")) as opened:
        items = list(instagram.read(opened))
    posts = [i for i in items if isinstance(i, ArchivedPost)]
    assert [p.text for p in posts] == ["Instagram"]
    threads = [(s.item, s.reason) for s in items if isinstance(s, Skipped) and "threads_and_replies" in s.file]
    later, reply = instagram.THREADS_LATER, instagram.THREADS_REPLY
    assert threads == [
        ("tråd 1", later), ("tråd 2", later), ("tråd 3", reply), ("tråd 4", later), ("tråd 5", reply)
    ]
    notes = [s.file for s in items if isinstance(s, Skipped) and s.note]
    assert notes == ["your_instagram_activity/threads/liked_threads.json"]
    assert "Threads blir en egen plattform" in later


# --- A summary that adds up -----------------------------------------------------------------

SUMMARY_LINE = re.compile(
    r"^(?:Totalt|(?P<export>.+) \((?P<platform>\w+)\)): (?P<read>\d+) lästa? = (?P<added>\d+) (?:nytt|nya) "
    r"\+ (?P<updated>\d+) ändra(?:t|de) \+ (?P<unchanged>\d+) oförändra(?:t|de) "
    r"\+ (?P<skipped>\d+) överhoppa(?:t|de) \+ (?P<repeats>\d+) upprepning(?:ar)?\.?$"
)
PARTS = ("added", "updated", "unchanged", "skipped", "repeats")


def totals(out: str) -> list[dict[str, int]]:
    found = [m.groupdict() for line in out.splitlines() if (m := SUMMARY_LINE.match(line))]
    return [{k: int(v) for k, v in f.items() if k not in ("export", "platform")} for f in found]


def repeated_rows() -> tuple[bytes, int]:
    """One post in five rows (MediaUrl http or https), one in two, and seven empty rows."""
    rows = ["Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"]
    for n in range(5):
        scheme = "https" if n % 2 else "http"
        rows.append(f"2025-02-03 08:00:00,{LINK.format(7290000000000000001)},Ett inlägg,,"
                    f"{scheme}://media.licdn.com/a.jpg,MEMBER_NETWORK")
    for link in ("", "https://example.se/sen-lank"):
        rows.append(f"2025-02-04 08:00:00,{LINK.format(7290000000000000002)},Två rader,{link},,MEMBER_NETWORK")
    rows += [f"2025-02-05 08:00:00,{LINK.format(7290000000000000010 + n)},,,,MEMBER_NETWORK" for n in range(7)]
    return ("\n".join(rows) + "\n").encode(), len(rows) - 1


def test_repeated_rows_are_counted_and_empty_rows_grouped(tmp_path):
    data, rows = repeated_rows()
    path = make_zip(tmp_path / "li.zip", [("Shares.csv", data)])
    code, out, err = run(path, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    (file, total) = totals(out)
    assert file == total == {"read": rows, "added": 2, "updated": 0, "unchanged": 0, "skipped": 7, "repeats": 5}
    assert file["read"] == sum(file[k] for k in PARTS)
    assert (
        "  upprepning i Shares.csv – 5 fall: samma inlägg som redan lästs (efter =); räknas en gång "
        "(rad 3 = rad 2, rad 4 = rad 2, rad 5 = rad 2, rad 6 = rad 2 och rad 8 = rad 7)"
    ) in out
    assert (
        "  hoppade över Shares.csv – 7 fall: tom rad: ingen text, ingen delad länk och ingen bild "
        "(rad 9, rad 10, rad 11 och 4 till)"
    ) in out
    posts = posts_in(tmp_path / "arkiv")
    assert posts["linkedin:7290000000000000002"]["shared_url"] == "https://example.se/sen-lank"
    code, dry, _ = run(path, "--archive", tmp_path / "ny", "--dry-run")
    assert dry.splitlines()[:-1] == out.splitlines()[:-1] and not (tmp_path / "ny").exists()


def test_threads_entries_add_up_in_the_summary(tmp_path):
    code, out, _ = run(instagram_with_threads(tmp_path / "ig.zip"), "--archive", tmp_path / "arkiv")
    assert code == 0
    assert totals(out)[0] == {"read": 6, "added": 1, "updated": 0, "unchanged": 0, "skipped": 5, "repeats": 0}
    member = "your_instagram_activity/threads/threads_and_replies.json"
    assert f"  hoppade över {member} – 3 fall: {instagram.THREADS_LATER} (tråd 1, tråd 2 och tråd 4)" in out
    assert f"  hoppade över {member} – 2 fall: {instagram.THREADS_REPLY} (tråd 3 och tråd 5)" in out
    assert "Tack för idag" not in json.dumps(posts_in(tmp_path / "arkiv"), ensure_ascii=False)


@pytest.mark.parametrize(
    "case", ["linkedin-classic", "linkedin-member-id", "instagram-2022", "instagram-2024", "instagram-2025",
             "instagram-heic", "sample-linkedin", "sample-instagram"]
)
def test_every_fixture_export_adds_up_twice(case, tmp_path):
    path = export(case, tmp_path)
    for _ in range(2):  # the second run: every post unchanged, still adding up
        code, out, _ = run(path, "--archive", tmp_path / "arkiv")
        assert code == 0
        (file, total) = totals(out)
        assert file == total and file["read"] == sum(file[k] for k in PARTS) > 0
    assert file["unchanged"] == file["read"] - file["skipped"] - file["repeats"]


def test_export_with_articles_but_no_posts_is_read(tmp_path):
    path = make_zip(tmp_path / "li.zip", [("Profile.csv", b"First Name\nKim\n"),
                                          ("Articles/Articles/om-ledarskap.html", ARTICLE_2018.encode())])
    posts, skipped = read_linkedin(path)
    assert list(posts) == ["pulse-om-ledarskap-kim-provare"] and skipped == []


def test_reimport_without_the_media_part_keeps_the_archived_media(tmp_path):
    first, second = split_2026(tmp_path)
    archive = tmp_path / "arkiv"
    assert run(first, second, "--archive", archive)[0] == 0
    before = posts_in(archive)
    code, out, _ = run(first, "--archive", archive)  # the media part forgotten this time
    assert code == 0 and "saknas i exporten" in out
    assert posts_in(archive) == before


def test_many_missing_files_print_one_line_with_a_count(tmp_path):
    path = instagram_zip(tmp_path / "ig.zip", instagram_posts(50), {})
    code, out, _ = run(path, "--archive", tmp_path / "arkiv")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("  utelämnade")]
    assert lines == [
        "  utelämnade en fil ur your_instagram_activity/media/posts_1.json – 50 fall: filen saknas i exporten; "
        "importera alla delar av exporten samtidigt (inlägg 1, bild 1 (media/posts/202401/17900000000000000.jpg), "
        "inlägg 2, bild 1 (media/posts/202401/17900000000000001.jpg), "
        "inlägg 3, bild 1 (media/posts/202401/17900000000000002.jpg) och 47 till)"
    ]
    assert totals(out)[0] == {"read": 50, "added": 50, "updated": 0, "unchanged": 0, "skipped": 0, "repeats": 0}


def test_an_avif_photo_is_never_taken_for_a_video():
    from social_archive.media import kind_of

    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 32
    assert kind_of(avif) == ("image", "")


def test_media_only_part_belongs_to_instagram_even_with_a_linkedin_export_in_the_same_run(tmp_path):
    first, second = split_2026(tmp_path)
    code, out, err = run(linkedin_2018(tmp_path / "li.zip"), second, first, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    assert f"{second} (instagram)" in out
    media = [len(p["media"]) for k, p in posts_in(tmp_path / "arkiv").items() if k.startswith("instagram:")]
    assert media == [1, 2]
