"""The archive as people browse it: titles that read as titles, the same everywhere; no export
internals on the pages; Instagram as a photo grid; a statistics chart with a readable scale."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import datetime, timezone

import feedparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from social_archive import chart
from social_archive.model import ArchivedPost, Provenance, StoredPost
from social_archive.presentation import shorten, title_of
from social_archive.store import load_archive, post_path, to_json
from tests.sample_site import HAND_WRITTEN_ALT, PUBLISH_SETTINGS
from tests.sitebuild import build

WHEN = "12 mars 2025"
PROVENANCE = (Provenance("b" * 64, "your_instagram_activity/media/posts_1.json", "2025-04-01T12:00:00Z"),)


def soup_at(folder, relative):
    return BeautifulSoup((folder / relative).read_text(encoding="utf-8"), "html.parser")


# --- the title, as a pure function -------------------------------------------------------------

@pytest.mark.parametrize("text, shared_url, expected", [
    ("Hemtjänsten i norra Provstad: stolthet och tempo. Tack Maria och Ali! #hemtjänst", "",
     "Hemtjänsten i norra Provstad: stolthet och tempo"),
    ("https://provstad.example/blogg/2025/x/", "", "Delad länk från provstad.example"),
    ("", "https://www.dn.se/ledare/a/", "Delad länk från dn.se"),
    ("https://provstad.example/a\nBra läsning om tillit, t.ex. i skolan. Mer sen.", "",
     "Bra läsning om tillit, t.ex. i skolan"),
    ("Vi träffade bl.a. Maria. Sen gick vi hem.", "", "Vi träffade bl.a. Maria"),
    ("Läs mer på https://www.provstad.se/jobb/sommar/. Sök nu!", "", "Läs mer på provstad.se"),
    ("Bra dag på jobbet #hemtjänst #skola", "", "Bra dag på jobbet"),
    ("Vad tycker du? Svara gärna", "", "Vad tycker du?"),
    ("Kommer snart....", "", "Kommer snart…"),
    ("#tbt #skola", "", "#tbt #skola"),
    ("", "", f"Instagram-inlägg {WHEN}"),
    ("  \n\n  ", "", f"Instagram-inlägg {WHEN}"),
    ("Klockan kl. 10 i dag. Välkomna", "", "Klockan kl. 10 i dag"),
])
def test_titles_read_as_titles(text, shared_url, expected):
    assert title_of(text, shared_url, "instagram", WHEN) == expected


def test_a_long_first_sentence_is_cut_at_a_word_with_one_ellipsis():
    text = ("Budgeten för nästa år är klar och vi satsar på hemtjänsten, skolan och äldreomsorgen i hela "
            "kommunen på.... sätt")
    title = title_of(text, "", "linkedin", WHEN)
    assert title == "Budgeten för nästa år är klar och vi satsar på hemtjänsten, skolan och…"
    assert len(title) <= 80
    assert shorten("Vi ses på...." + " ord" * 30, 15) == "Vi ses på…"
    assert shorten("Vi ses på....", 80) == "Vi ses på…"


def test_a_post_sharing_a_blog_post_is_titled_by_it():
    title = title_of("", "https://provstad.example/2025/x/", "linkedin", WHEN, linked_title="Första besöket")
    assert title == "Delad länk: Första besöket"
    # Its own words win over the blog post's title.
    assert title_of("Läs det här.", "https://x.se/", "linkedin", WHEN, linked_title="Första") == "Läs det här"


WORDS = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs", "So")), max_size=200)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(WORDS | st.sampled_from(["https://a.example/x?y=1", "#tagg", "@namn", "...", "….", "\n"]),
                max_size=12).map(" ".join))
def test_any_text_gives_a_title_that_reads_as_one(text):
    title = title_of(text, "", "instagram", WHEN)
    assert title and title == title.strip() and len(title) <= 80
    assert "http" not in title and "\n" not in title
    assert not re.search(r"(\.…|…\.|\.\.|……)$", title), title
    if title.endswith("…") and len(" ".join(text.split())) > 80:
        # Cut at a word: the last word kept is a whole word of the text (a link shown as its host).
        prose = re.sub(r"https?://(?:www\.)?([^/\s]+)\S*", r"\1", " ".join(text.split()))
        last = title[:-1].rstrip(" ,;:–—-.…").split(" ")[-1]
        assert re.search(rf"(^| ){re.escape(last)}", prose), (last, prose)


# --- the same title everywhere, on a built site ------------------------------------------------

@pytest.fixture(scope="module")
def titled_site(tmp_path_factory, sample_content):
    """The sample site plus archived posts that once had bad titles: a bare link, a repost of a
    blog post, a long text that trailed off in "på....", a text with no words of its own."""
    root = tmp_path_factory.mktemp("titled")
    content = root / "content"
    shutil.copytree(sample_content, content)
    blog_url = "https://provstad.example/blogg/2025/forsta-besoket-pa-aldreboendet/"
    posts = [
        ArchivedPost("linkedin", "7400000000000000001", "post", datetime(2025, 5, 2, 8, tzinfo=timezone.utc),
                     "https://provstad.example/nyheter/2025/ny-forskola/", url="https://www.linkedin.com/feed/update/1"),
        ArchivedPost("linkedin", "7400000000000000002", "repost", datetime(2025, 5, 3, 8, tzinfo=timezone.utc),
                     "", shared_url=blog_url, url="https://www.linkedin.com/feed/update/2"),
        ArchivedPost("linkedin", "7400000000000000003", "post", datetime(2025, 5, 4, 8, tzinfo=timezone.utc),
                     "I dag träffade jag alla chefer och vi pratade om hur vi ska arbeta på.... Resten kommer",
                     url="https://www.linkedin.com/feed/update/3"),
        ArchivedPost("instagram", "1746000000-1", "post", datetime(2025, 5, 5, 8, tzinfo=timezone.utc),
                     "#hemtjänst #provstad"),
    ]
    for post in posts:
        post = replace(post, provenance=PROVENANCE)
        path = content / "archive" / post_path(post)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_json(StoredPost(post)))
    result = build(PUBLISH_SETTINGS, root / "out", content=content,
                   extra={"SOCIAL_ARCHIVE": '{"per_page": 100}', "SEARCH": '{"enabled": false}'})
    assert result.returncode == 0, result.log
    return root / "out"


def test_the_bad_titles_of_before_are_gone(titled_site):
    titles = [a.get_text() for a in soup_at(titled_site, "arkiv/index.html").select(".entries .entry-title a")]
    assert "Delad länk från provstad.example" in titles
    assert "Delad länk: Första besöket på äldreboendet" in titles
    assert "I dag träffade jag alla chefer och vi pratade om hur vi ska arbeta på…" in titles
    assert "#hemtjänst #provstad" in titles
    for title in titles:
        assert "http" not in title and not title.endswith(("….", ".…", "..."))


def test_the_same_title_in_list_grid_heading_title_and_feed(titled_site):
    listed = {a["href"].split("/arkiv/inlagg/")[1]: a.get_text()
              for a in soup_at(titled_site, "arkiv/index.html").select(".entries .entry-title a")}
    gridded = {a["href"].split("/arkiv/inlagg/")[1]: a.get_text()
               for a in soup_at(titled_site, "arkiv/instagram/bilder/index.html").select(".grid-title a")}
    feed = {e.link.split("/arkiv/inlagg/")[1]: e.title
            for e in feedparser.parse((titled_site / "feeds/arkiv.atom.xml").read_bytes()).entries}
    pages = sorted((titled_site / "arkiv/inlagg").glob("*/index.html"))
    assert len(pages) == len(listed) >= 10
    for page in pages:
        key = f"{page.parent.name}/"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        heading = soup.h1
        assert heading.get("data-pagefind-meta") == "title"  # the search result's title is the heading
        assert soup.title.get_text() == f"{heading.get_text()} – Kim Provare"
        assert listed[key] == heading.get_text()
        assert feed[key] == heading.get_text()
        if key.startswith("instagram-"):
            assert gridded[key] == heading.get_text()


# --- where a post comes from, told to readers --------------------------------------------------

def test_no_export_internals_on_any_archive_page(sample_site):
    archive = load_archive(sample_site.content / "archive")
    internals = {p.file for s in archive for p in s.post.provenance} | {
        p.export_sha256 for s in archive for p in s.post.provenance}
    assert "your_instagram_activity/media/posts_1.json" in internals
    for page in (sample_site.output / "arkiv").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not [i for i in internals if i in text], page
        assert "export (" not in text and "Hämtat från" not in text


def test_instagram_posts_say_their_export_has_no_link_and_linkedin_posts_link_the_original(sample_site):
    for page in (sample_site.output / "arkiv/inlagg").glob("*/index.html"):
        footer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".post-footer")
        said = footer.get_text(" ", strip=True)
        links = [a["href"] for a in footer.find_all("a")]
        if page.parent.name.startswith("instagram-"):
            assert "Instagrams export har ingen länk till originalinlägget." in said
            assert links == []
        else:
            assert "LinkedIns export" in said and "ingen länk" not in said
            assert len(links) == 1 and links[0].startswith("https://www.linkedin.com/feed/update/")


# --- Instagram as a photo grid -----------------------------------------------------------------

def test_instagram_grid_has_every_post_with_its_first_photo_from_this_site(sample_site):
    archive = [s for s in load_archive(sample_site.content / "archive")
               if s.post.platform == "instagram" and not s.hidden]
    soup = soup_at(sample_site.output, "arkiv/instagram/bilder/index.html")
    assert soup.h1.get_text() == "Arkiv: Instagram i bilder"
    tiles = soup.select(".archive-grid > li")
    assert len(tiles) == len(archive)
    alts = []
    for tile in tiles:
        link = tile.select_one("h2 a")
        assert link.get_text() and (sample_site.output / link["href"].removeprefix(sample_site.url + "/")
                                    / "index.html").exists()
        img = tile.select_one("picture img")
        assert img["alt"] and img["width"] and img["height"]
        for source in [img["src"], *(s["srcset"] for s in tile.select("source")), img["srcset"]]:
            assert all(u.startswith(f"{sample_site.url}/images/v/") for u in re.findall(r"\S+://\S+", source))
        alts.append(img["alt"])
    assert HAND_WRITTEN_ALT in alts
    assert any("ingen bildbeskrivning ännu" in alt for alt in alts)  # a generated one where none was written


def test_list_and_grid_link_to_each_other_and_say_which_is_shown(sample_site):
    for page, current in [("arkiv/instagram/index.html", "Lista"), ("arkiv/instagram/bilder/index.html", "Bilder")]:
        views = soup_at(sample_site.output, page).select_one("nav.archive-views")
        assert views["aria-label"]
        assert [a.get_text() for a in views.find_all("a")] == ["Lista", "Bilder"]
        assert [a.get_text() for a in views.select("a[aria-current=page]")] == [current]
    # LinkedIn's export has no photos: no grid to offer.
    assert not (sample_site.output / "arkiv/linkedin/bilder").exists()
    assert soup_at(sample_site.output, "arkiv/linkedin/index.html").select_one("nav.archive-views") is None


@pytest.mark.browser
def test_grid_is_usable_by_keyboard(tab, sample_site):
    tab.open("/arkiv/instagram/bilder/")
    hrefs = [a.get_attribute("href") for a in tab.page.locator(".grid-title a").all()]
    reached = []
    for _ in range(60):
        tab.page.keyboard.press("Tab")
        focused = tab.page.evaluate("document.activeElement.closest('.grid-item') ? document.activeElement.href : null")
        if focused:
            outline = tab.page.evaluate(
                "getComputedStyle(document.activeElement.closest('.grid-item')).outlineStyle")
            assert outline == "solid"  # the whole tile shows it has focus
            reached.append(focused)
        if len(reached) == len(hrefs):
            break
    assert reached == hrefs
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(hrefs[-1])
    assert tab.outside == []


# --- the statistics chart ----------------------------------------------------------------------

@pytest.mark.parametrize("largest, expected", [
    (1, [0, 1]), (2, [0, 1, 2]), (5, [0, 1, 2, 3, 4, 5]), (7, [0, 2, 4, 6, 8]), (13, [0, 5, 10, 15]),
    (40, [0, 10, 20, 30, 40]), (1234, [0, 500, 1000, 1500]),
])
def test_chart_scale_has_round_steps(largest, expected):
    assert chart.scale(largest) == expected


def _months(first: str, count: int):
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(chart.MonthCount(f"{year:04d}-{month:02d}", {"instagram": 1}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@pytest.mark.parametrize("first, count, years, expected", [
    ("2025-03", 4, False, ["2025-03", "2025-04", "2025-05", "2025-06"]),
    ("2024-11", 8, False, ["2024-11", "2025-01", "2025-03", "2025-05"]),
    ("2022-02", 41, True, ["2022-02", "2023-01", "2024-01", "2025-01"]),
    ("2010-10", 180, True, ["2015-01", "2020-01", "2025-01"]),
    ("2023-01", 30, False, ["2023-01", "2023-07", "2024-01", "2024-07", "2025-01"]),
    ("2023-01", 40, True, ["2023-01", "2024-01", "2025-01", "2026-01"]),
])
def test_chart_labels_few_calendar_aligned_months(first, count, years, expected):
    months = _months(first, count)
    shown, years_only = chart.labelled(months)
    assert years_only is years
    assert [months[i].month for i in shown] == expected
    assert len(shown) <= chart.MAX_X_LABELS + 1


def test_statistics_chart_has_a_scale_gridlines_and_swedish_months(sample_site):
    soup = soup_at(sample_site.output, "arkiv/statistik/index.html")
    svg = soup.select_one("svg.chart")
    y_labels = [t.get_text() for t in svg.select(".chart-y")]
    assert len(y_labels) >= 3 and y_labels[0] == "0"
    assert len(svg.select("line.chart-grid, line.chart-axis")) == len(y_labels)
    x_labels = " ".join(t.get_text(" ") for t in svg.select(".chart-x"))
    assert "mars" in x_labels and not re.search(r"\d{4}-\d{2}", svg.get_text())
    rows = [r.th.get_text() for r in soup.select("table tbody tr")]
    assert "mars 2025" in rows and not [r for r in rows if re.fullmatch(r"\d{4}-\d{2}", r)]
    assert soup.select_one("table tbody tr th time")["datetime"] == "2024-11"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_is_legible_at_320_px(browser, sample_site, scheme):
    context = browser.new_context(viewport={"width": 320, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{sample_site.url}/arkiv/statistik/")
        texts = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => {
            const box = t.getBoundingClientRect(), style = getComputedStyle(t);
            return {size: parseFloat(style.fontSize), fill: style.fill, left: box.left, right: box.right,
                    height: box.height};
        })""")
        body = page.evaluate("getComputedStyle(document.body).color")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        bars = page.evaluate("[...document.querySelectorAll('svg.chart rect')].map(r => getComputedStyle(r).fill)")
    finally:
        context.close()
    assert len(texts) >= 6
    for text in texts:
        assert text["size"] >= 12 and text["height"] >= 12, text  # drawn at its size, not scaled down
        assert 0 <= text["left"] and text["right"] <= 320, text
        assert text["fill"] == body  # the page's own text colour, light or dark
    assert bars and all(contrast(bar, background) >= 3 for bar in bars), (bars, background)


def contrast(a: str, b: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
        r, g, bl = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.browser
def test_search_shows_an_archived_post_under_its_title(tab, sample_site):
    tab.open("/sok/?q=vattenverket&i=Instagram")
    tab.page.wait_for_selector("#search-results li a[href*='/arkiv/inlagg/instagram-']")
    found = {a.get_attribute("href").split("/arkiv/inlagg/")[1]: a.inner_text()
             for a in tab.page.locator("#search-results li a[href*='/arkiv/inlagg/']").all()}
    assert found
    for key, title in found.items():
        heading = soup_at(sample_site.output, f"arkiv/inlagg/{key}index.html").h1.get_text()
        assert title == heading
