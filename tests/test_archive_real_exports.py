"""What real LinkedIn exports ship (exports.md §1.5; exports-more.md §6), and a summary that adds
up: every variation a fixture made here at test time, never a copy of a real export."""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from social_archive.export_files import open_export
from social_archive.exports import detect, linkedin, linkedin_articles
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import PARTS, export, make_zip, posts_in, run, totals
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
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = soup.select_one(".archive-text")
    headline, body = ARTICLE_TEXT.split("\n\n", 1)
    assert soup.h1.get_text() == headline and text.get_text() == body, "the headline once, as the heading"
    assert not text.find(["script", "img", "iframe", "strong", "h2", "ul"])
    assert [a["href"] for a in text.find_all("a")] == ["https://example.se/beslut"]
    assert not any("Hemligt utkast" in p.read_text("utf-8") for p in site_2018.rglob("*.html"))


# --- A summary that adds up -----------------------------------------------------------------


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
