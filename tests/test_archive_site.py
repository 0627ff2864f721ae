"""The social archive on the site: pages, escaping, search, feed, statistics, open data, links."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime, timezone

import feedparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from social_archive.model import ArchivedPost, Provenance, StoredPost
from social_archive.presentation import text_html
from social_archive.store import load_archive, post_path, to_json
from tests.golden import SITE
from tests.sample_site import HAND_WRITTEN_ALT, PUBLISH_SETTINGS
from tests.sitebuild import build

HOSTILE = ('Hej <img src=x onerror=alert(1)> och <script>alert(2)</script>\n'
           '**inte fetstil** {{ 7*7 }} {% if x %}\n# inte en rubrik\n  indrag  kvar  \n'
           'Läs https://ekbacka.example/a?b=1&c=2. #Budget2026 @ekbacka.kommun')

PROVENANCE = (Provenance("a" * 64, "your_instagram_activity/media/posts_1.json", "2024-05-01T08:00:00Z"),)


def soup_of(site, relative):
    return BeautifulSoup(site.read(relative), "html.parser")


@pytest.fixture(scope="module")
def archive(sample_site):
    return load_archive(sample_site.content / "archive")


def published(archive):
    return [s for s in archive if not s.hidden and s.post.visibility != "CONNECTIONS"]


def test_every_published_archived_post_has_a_page(sample_site, archive):
    shown = published(archive)
    pages = list((sample_site.output / "arkiv/inlagg").iterdir())
    assert len(pages) == len(shown)
    listed = soup_of(sample_site, "arkiv/index.html").select(".entries .entry-title a")
    assert len(listed) == len(shown)
    # The sample's export has a post shown only to connections: it is neither stored nor published
    # (tests/test_archive_git_privacy.py covers where it goes).
    assert not any(s.post.visibility == "CONNECTIONS" for s in archive)
    for path in [*sample_site.output.rglob("*.html"), *sample_site.content.rglob("*.json")]:
        assert "BARAFORKONTAKTER" not in path.read_text(encoding="utf-8"), path


def test_browsing_by_year_month_and_platform(sample_site, archive):
    shown = published(archive)
    for platform in {s.post.platform for s in shown}:
        page = soup_of(sample_site, f"arkiv/{platform}/index.html")
        assert len(page.select(".entries li")) == sum(s.post.platform == platform for s in shown)
    year = soup_of(sample_site, "arkiv/2025/index.html")
    months = [a["href"] for a in year.select(".archive-months a")]
    assert f"{sample_site.url}/arkiv/2025/03/" in months
    march = soup_of(sample_site, "arkiv/2025/03/index.html")
    assert march.select(".entries li")


def test_pagination(tmp_path, sample_content, archive):
    result = build(PUBLISH_SETTINGS, tmp_path / "out", content=sample_content,
                   extra={"SOCIAL_ARCHIVE": '{"per_page": 2}', "SEARCH": '{"enabled": false}'})
    assert result.returncode == 0, result.log
    first = BeautifulSoup((tmp_path / "out/arkiv/index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(first.select(".entries li")) == 2
    assert first.select_one(".pagination a[rel=next]")["href"].endswith("/arkiv/sida/2/")
    pages = -(-len(published(archive)) // 2)
    assert pages >= 3 and (tmp_path / f"out/arkiv/sida/{pages}/index.html").exists()
    assert not (tmp_path / f"out/arkiv/sida/{pages + 1}/index.html").exists()


def test_post_page_has_date_text_media_original_and_provenance(sample_site, page_types):
    soup = soup_of(sample_site, page_types["archive post"])
    assert soup.find("time")["datetime"].endswith(("+01:00", "+02:00"))
    assert soup.select_one(".archive-text").get_text().strip()
    img = soup.select_one(".archive-media img")
    # The first photo is the page's largest paint: loaded at once, not lazily.
    assert img["alt"] and img["fetchpriority"] == "high" and img["width"] and img.find_parent("picture")
    # Where it came from, said for readers: no export file names (those stay in the JSON).
    footer = soup.select_one(".post-footer").get_text(" ", strip=True)
    assert "arkiverad kopia ur Instagrams export" in footer and ".json" not in footer


def test_linkedin_page_says_the_export_has_no_media_and_links_the_original(sample_site):
    page = next((sample_site.output / "arkiv/inlagg").glob("linkedin-*/index.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "LinkedIns export innehåller inga bilder" in soup.get_text()
    assert soup.find("a", href=lambda h: h and h.startswith("https://www.linkedin.com/feed/update/"))


def test_missing_alt_text_gets_a_fallback_and_the_build_reports_it(sample_site, archive):
    missing = sum(1 for s in published(archive) for m in s.post.media if not m.alt.strip())
    assert missing
    assert f"arkiv: {missing} av" in sample_site.build.log
    fallbacks = [img["alt"] for p in (sample_site.output / "arkiv/inlagg").glob("*/index.html")
                 for img in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select(".archive-media img")
                 if "ingen bildbeskrivning ännu" in img["alt"]]
    assert len(fallbacks) == missing
    # The alt text the staff wrote by hand after the import is the one shown.
    shown = [img["alt"] for p in (sample_site.output / "arkiv/inlagg").glob("*/index.html")
             for img in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select(".archive-media img")]
    assert shown.count(HAND_WRITTEN_ALT) == 1


def test_blog_post_and_archived_posts_point_to_each_other(sample_site, page_types):
    # The sample LinkedIn export shares the post at its public address (PUBLIC_URL), not the test server's.
    blog = soup_of(sample_site, page_types["post"])
    discussion = blog.select(".discussions a")
    assert any("Diskussion på LinkedIn" in a.get_text() for a in discussion)
    archived = next(a["href"] for a in discussion if "/arkiv/inlagg/" in a["href"])
    back = BeautifulSoup((sample_site.output / archived.removeprefix(sample_site.url + "/") / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    assert back.find("a", href=f"{sample_site.url}/{page_types['post'].removesuffix('index.html')}")


def test_archive_feed(sample_site, archive):
    feed = feedparser.parse((sample_site.output / "feeds/arkiv.atom.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == min(50, len(published(archive)))
    assert all(e.id.startswith("tag:") and "/arkiv/inlagg/" in e.link for e in feed.entries)
    archive_page = soup_of(sample_site, "arkiv/index.html")
    assert archive_page.find("link", rel="alternate", href=f"{sample_site.url}/feeds/arkiv.atom.xml")


def test_statistics_chart_and_table_agree(sample_site, archive):
    soup = soup_of(sample_site, "arkiv/statistik/index.html")
    svg = soup.find("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"]
    rows = soup.select("table tbody tr")
    assert sum(int(r.find_all("td")[-1].get_text()) for r in rows) == len(published(archive))
    assert "#hemtjänst" in soup.get_text()


def test_open_data_matches_the_documented_schema(sample_site, archive):
    data = json.loads((sample_site.output / "arkiv/posts.json").read_text(encoding="utf-8"))["posts"]
    assert len(data) == len(published(archive))
    fields = {"id", "platform", "kind", "published", "text", "url", "shared_url", "hashtags", "mentions", "media"}
    for row in data:
        assert set(row) == fields
        assert datetime.fromisoformat(row["published"]).utcoffset() is not None
        for media in row["media"]:
            assert set(media) == {"path", "kind", "alt", "width", "height"}
            assert (sample_site.output / media["path"].removeprefix(sample_site.url + "/")).exists()
    rows = list(csv.DictReader(io.StringIO((sample_site.output / "arkiv/posts.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [row["id"] for row in data]
    assert rows[0]["text"] == data[0]["text"]
    documented = soup_of(sample_site, "arkiv/oppna-data/index.html").select("dt code")
    assert {c.get_text() for c in documented} == fields
    links = {a["href"] for a in soup_of(sample_site, "arkiv/index.html").select(".archive-nav a")}
    assert f"{sample_site.url}/arkiv/oppna-data/" in links


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The golden site with an archive of one post whose caption is markup."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    post = ArchivedPost("instagram", "1700000000-1", "post", datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc),
                        HOSTILE, provenance=PROVENANCE)
    path = content / "archive" / post_path(post)
    path.parent.mkdir(parents=True)
    path.write_bytes(to_json(StoredPost(post)))
    result = build(SITE / "settings.py", root / "out", content=content)
    assert result.returncode == 0, result.log
    page = next((root / "out/arkiv/inlagg").glob("*/index.html"))
    return root / "out", page


def test_markup_in_captions_is_shown_as_text_never_run(hostile_site):
    _, page = hostile_site
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    text = soup.select_one(".archive-text")
    assert text.get_text() == HOSTILE
    assert not text.find(["img", "script", "strong", "h1"])
    assert "{{ 7*7 }}" in text.get_text() and "49" not in text.get_text()
    assert [a["href"] for a in text.find_all("a")] == [
        "https://ekbacka.example/a?b=1&c=2",
        "https://www.instagram.com/explore/tags/budget2026/",
        "https://www.instagram.com/ekbacka.kommun/",
    ]


@pytest.mark.browser
def test_hostile_caption_triggers_no_dialog_in_chromium(browser, hostile_site):
    output, page = hostile_site
    context = browser.new_context()
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file://") else route.continue_())
    try:
        tab.goto(page.as_uri())
        tab.wait_for_timeout(300)
        shown = tab.locator(".archive-text").inner_text()
    finally:
        context.close()
    assert dialogs == []
    assert "<script>alert(2)</script>" in shown and "<img src=x onerror=alert(1)>" in shown


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=300),
       st.sampled_from(["linkedin", "instagram"]))
@example(" \t", "linkedin")  # whitespace only: once lost to the test's own parser, never to the page
def test_any_text_survives_store_and_render(text, platform):
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    post = ArchivedPost(platform, "1", "post", datetime(2024, 1, 1, tzinfo=timezone.utc), text,
                        provenance=PROVENANCE)
    from social_archive.store import from_json

    stored = from_json(to_json(StoredPost(post)), "x.json")
    # <pre>: BeautifulSoup collapses a whitespace-only string to one space anywhere else, which the
    # page does not do (its text is shown with white-space: pre-wrap).
    rendered = BeautifulSoup(f"<pre>{text_html(stored.post.text, platform)}</pre>", "html.parser")
    assert rendered.pre.get_text() == text
