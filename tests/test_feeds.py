"""Feeds: valid in a real parser and by the specs' rules, absolute URLs, stable and byte-identical."""

from __future__ import annotations

import email.utils
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from feeds.entries import absolute_html, stable_id
from tests.golden import SITE, build_golden
from tests.sitebuild import build

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$")
TRICKY_TITLE = 'Kaffe <3 & "kanelbullar" 😀 i kundtjänst'


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    output = tmp_path_factory.mktemp("golden") / "out"
    build_golden(output)
    return output


def feed_files(output: Path) -> list[Path]:
    files = sorted((output / "feeds").rglob("*.*"))
    assert files
    return files


def test_every_demo_feed_parses_without_bozo(sample_site):
    for path in feed_files(sample_site.output):
        if path.suffix == ".json":
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path.name}: {parsed.get('bozo_exception')}"
        assert parsed.entries, path.name
        # RSS has no updated date per item; its pubDate is the one date it has.
        dated = "updated" if path.name.endswith(".atom.xml") else "published"
        for entry in parsed.entries:
            for key in ("id", "link", "title", dated, "content"):
                assert key in entry and entry[key], f"{path.name}: {entry.get('title')}: {key}"


def test_atom_has_every_element_rfc_4287_requires(sample_site):
    for path in (sample_site.output / "feeds").rglob("*.atom.xml"):
        root = ET.parse(path).getroot()
        for tag in ("id", "title", "updated", "author"):
            assert root.find(ATOM + tag) is not None, f"{path.name}: feed {tag}"
        assert RFC3339.match(root.findtext(ATOM + "updated"))
        assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith(path.name)
        for entry in root.findall(ATOM + "entry"):
            for tag in ("id", "title", "updated", "published", "content", "summary"):
                assert entry.find(ATOM + tag) is not None, f"{path.name}: entry {tag}"
            assert RFC3339.match(entry.findtext(ATOM + "updated"))
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
            assert entry.findtext(ATOM + "id").startswith("tag:")


def test_rss_has_required_elements_guids_and_rfc_822_dates(sample_site):
    for path in (sample_site.output / "feeds").rglob("*.rss.xml"):
        channel = ET.parse(path).getroot().find("channel")
        for tag in ("title", "link", "description", "lastBuildDate"):
            assert channel.findtext(tag), f"{path.name}: channel {tag}"
        assert channel.findtext("link") == f"{sample_site.url}/", "the channel links the site, not itself"
        for item in channel.findall("item"):
            assert item.findtext("title") and item.findtext("link")
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and not guid.text.startswith("http")
            assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
            email.utils.parsedate_to_datetime(item.findtext("pubDate"))


def test_json_feed_follows_version_1_1(sample_site):
    path = sample_site.output / "feeds/alla.json"
    feed = json.loads(path.read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"] == f"{sample_site.url}/feeds/alla.json"
    assert feed["home_page_url"] == f"{sample_site.url}/"
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids))
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["content_html"]
        assert item["url"].startswith(sample_site.url)
        assert RFC3339.match(item["date_published"]) and RFC3339.match(item["date_modified"])
        if "image" in item:
            assert item["_ledarblogg"]["image_alt"]


def test_no_relative_url_in_any_feed_content(sample_site):
    for path in feed_files(sample_site.output):
        if path.suffix == ".json":
            bodies = [i["content_html"] + i["summary"] for i in json.loads(path.read_text())["items"]]
        else:
            parsed = feedparser.parse(path.read_bytes())
            bodies = [c.value for e in parsed.entries for c in e.content] + [e.summary for e in parsed.entries]
        for body in bodies:
            soup = BeautifulSoup(body, "html.parser")
            for element in soup.find_all(True):
                for attr in ("href", "src", "poster"):
                    if element.get(attr):
                        assert element[attr].startswith(("http://", "https://")), f"{path.name}: {element[attr]}"
                for part in (element.get("srcset") or "").split(","):
                    if part.strip():
                        assert part.strip().startswith(("http://", "https://")), f"{path.name}: {part}"


def test_entries_carry_photo_with_alt_language_and_categories(golden):
    atom = feedparser.parse((golden / "feeds/alla.atom.xml").read_bytes())
    visit = next(e for e in atom.entries if "äldreboendet" in e.title)
    enclosure = next(link for link in visit.links if link.rel == "enclosure")
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert enclosure.title == "Illustration: två personer vid ett köksbord."
    assert visit.media_content[0]["url"] == enclosure.href
    assert {t.term for t in visit.tags} == {"Besök", "äldreomsorg", "arbetsmiljö"}
    rss = feedparser.parse((golden / "feeds/alla.rss.xml").read_bytes())
    assert next(e for e in rss.entries if "äldreboendet" in e.title).enclosures[0].href == enclosure.href


def test_each_post_is_in_a_feed_once_and_translations_have_their_language_feed(golden):
    swedish = feedparser.parse((golden / "feeds/alla.atom.xml").read_bytes())
    titles = [e.title for e in swedish.entries]
    assert "On planning & trust" not in titles, "the Swedish feeds carry the Swedish version only"
    assert sum("planering" in e.link for e in swedish.entries) == 1
    english = feedparser.parse((golden / "feeds/en/alla.atom.xml").read_bytes())
    assert [e.title for e in english.entries] == ["On planning & trust"]
    assert english.feed.language == "en" and english.feed.title == "Kim Provare: English"
    assert english.entries[0].id.endswith("/en"), "a translation keeps the id it was published with"
    json_items = json.loads((golden / "feeds/en/alla.json").read_text(encoding="utf-8"))
    assert json_items["language"] == "en" and len(json_items["items"]) == 1
    # The translation's page announces its own language's feed; the Swedish page does not.
    for page, expected in (("en/2025/om-planering/index.html", True), ("2025/om-planering/index.html", False)):
        soup = BeautifulSoup((golden / page).read_text(encoding="utf-8"), "html.parser")
        hrefs = {link["href"] for link in soup.find_all("link", rel="alternate")}
        assert ("https://golden.example/feeds/en/alla.atom.xml" in hrefs) is expected, page


def test_json_feed_summary_is_plain_text(sample_site):
    items = json.loads((sample_site.output / "feeds/alla.json").read_text(encoding="utf-8"))["items"]
    for item in items:
        assert item["summary"] and "<" not in item["summary"] and "&amp;" not in item["summary"], item["id"]
        assert item["summary"] == " ".join(item["summary"].split())
    html_summary = BeautifulSoup(feedparser.parse((sample_site.output / "feeds/alla.atom.xml").read_bytes())
                                 .entries[0].summary, "html.parser").get_text(" ")
    assert " ".join(html_summary.split()) == items[0]["summary"]


def test_rss_names_every_author_guests_included(sample_site):
    channel = ET.parse(sample_site.output / "feeds/alla.rss.xml").getroot().find("channel")
    authors = [item.findtext("author") for item in channel.findall("item")]
    assert all(authors) and "registrator@provstad.example (Samir Haddad)" in authors
    assert "registrator@provstad.example (Kim Provare)" in authors
    assert not channel.findall("item/{http://purl.org/dc/elements/1.1/}creator"), "never both"


def test_rss_without_a_contact_address_names_the_author_in_dc_creator():
    from datetime import datetime, timezone

    from contracts import FeedEntry as Entry
    from feeds.formats import FeedInfo, rss

    when = datetime(2025, 3, 12, 9, 0, tzinfo=timezone.utc)
    entry = Entry("tag:x,2025-03-12:090000", "https://x.example/a/", "A", "<p>a</p>", "<p>a</p>", when, when,
                  "Samir Haddad", "https://x.example/samir/", "Besök", (), "sv", None, "post")
    info = FeedInfo("X", "", "https://x.example/feeds/alla.rss.xml", "https://x.example/", "sv", "Kim", "https://x.example/")
    parsed = feedparser.parse(rss(info, [entry]))
    assert not parsed.bozo and parsed.entries[0].author == "Samir Haddad"
    item = ET.fromstring(rss(info, [entry])).find("channel/item")
    assert item.find("author") is None and item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Samir Haddad"


def test_a_contact_address_that_is_no_address_is_a_clear_error(tmp_path):
    result = build(SITE / "settings.py", tmp_path / "out", extra={"FEEDS": '{"contact_email": "Kim Provare"}'})
    assert result.returncode != 0 and "Traceback" not in result.log
    assert "FEEDS['contact_email'] i pelicanconf.py är ingen e-postadress: 'Kim Provare'" in result.log


def test_markup_characters_and_emoji_survive_every_format(golden):
    for name in ("alla.atom.xml", "alla.rss.xml"):
        titles = [e.title for e in feedparser.parse((golden / "feeds" / name).read_bytes()).entries]
        assert TRICKY_TITLE in titles, name
    items = json.loads((golden / "feeds/alla.json").read_text(encoding="utf-8"))["items"]
    assert TRICKY_TITLE in [i["title"] for i in items]
    page = (golden / "2025/kaffe-3-kanelbullar-i-kundtjanst/index.html").read_text(encoding="utf-8")
    assert "<h1>Kaffe &lt;3 &amp; &#34;kanelbullar&#34; 😀 i kundtjänst</h1>" in page


def test_drafts_future_and_hidden_posts_are_in_no_feed(golden):
    for path in feed_files(golden):
        text = path.read_text(encoding="utf-8")
        for secret in ("Hemligt utkast", "Planerat framtidsinlägg", "Dolt inlägg"):
            assert secret not in text, f"{secret} in {path.name}"


def test_newest_first_and_feed_updated_is_the_newest_entry(golden):
    atom = feedparser.parse((golden / "feeds/alla.atom.xml").read_bytes())
    published = [e.published_parsed for e in atom.entries]
    assert published == sorted(published, reverse=True)
    assert atom.feed.updated_parsed == max(e.updated_parsed for e in atom.entries)
    rss = feedparser.parse((golden / "feeds/alla.rss.xml").read_bytes())
    assert rss.feed.updated_parsed == max(e.published_parsed for e in rss.entries)


def test_limit_setting_caps_entries(tmp_path):
    result = build(SITE / "settings.py", tmp_path / "out", extra={"FEEDS": '{"all": ["atom"], "limit": 2}'})
    assert result.returncode == 0, result.log
    assert len(feedparser.parse((tmp_path / "out/feeds/alla.atom.xml").read_bytes()).entries) == 2
    assert not (tmp_path / "out/feeds/alla.rss.xml").exists()
    assert (tmp_path / "out/feeds/kategori/besok.atom.xml").exists(), "kinds left out keep their defaults"


def test_unknown_feed_format_is_a_clear_error(tmp_path):
    result = build(SITE / "settings.py", tmp_path / "out", extra={"FEEDS": '{"all": ["atom", "rdf"]}'})
    assert result.returncode != 0
    assert "Inställningar: FEEDS['all'] i pelicanconf.py har okända format: rdf; använd atom, json, rss" in result.log


def test_unchanged_site_gives_byte_identical_feeds(golden, tmp_path):
    build_golden(tmp_path / "again")
    for path in feed_files(golden):
        assert path.read_bytes() == (tmp_path / "again" / path.relative_to(golden)).read_bytes(), path.name


def test_ids_survive_a_new_title_and_slug(golden, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    post = content / "posts/2025-01-10-forsta-besoket.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Title: Första besöket på äldreboendet",
                                                              "Title: Nytt namn\nSlug: nytt-namn"), encoding="utf-8")
    result = build(SITE / "settings.py", tmp_path / "out", content=content)
    assert result.returncode == 0, result.log
    before = {e.link: e.id for e in feedparser.parse((golden / "feeds/alla.atom.xml").read_bytes()).entries}
    after = {e.title: e.id for e in feedparser.parse((tmp_path / "out/feeds/alla.atom.xml").read_bytes()).entries}
    assert after["Nytt namn"] == before["https://golden.example/2025/forsta-besoket-pa-aldreboendet/"]


def test_two_posts_with_one_feed_id_stop_publishing_and_name_both(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    (content / "posts/2025-01-10-samma-tid.md").write_text(
        "Title: Samma tid\nDate: 2025-01-10 09:00\nCategory: Besök\nSummary: Samma minut som ett annat.\n\nText.\n",
        encoding="utf-8")
    result = build(SITE / "settings.py", tmp_path / "out", content=content)
    assert result.returncode != 0
    line = next(line for line in result.log.splitlines() if "Feed_id: samma id i flödena" in line)
    assert "content/posts/2025-01-10-samma-tid.md" in line and "content/posts/2025-01-10-forsta-besoket.md" in line
    assert "tag:provstad.example,2025-01-10:090000" in line and "Traceback" not in result.log


def test_stable_id_uses_first_publication_and_language():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    when = datetime(2025, 3, 12, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert stable_id("ekbacka.se", when, "sv", "sv") == "tag:ekbacka.se,2025-03-12:090000"
    assert stable_id("ekbacka.se", when, "en", "sv") == "tag:ekbacka.se,2025-03-12:090000/en"
    assert stable_id("ekbacka.se", when, "sv", "sv", override="tag:old,2020:1") == "tag:old,2020:1"


def test_absolute_html_rewrites_every_url_attribute():
    html = ('<a href="/om/">a</a><img src="../b.jpg" srcset="c.jpg 480w, /d.jpg 960w">'
            '<video poster="e.jpg"></video><a href="https://x.example/">x</a><a href="#top">t</a>')
    soup = BeautifulSoup(absolute_html(html, "https://s.example/2025/post/"), "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://s.example/om/", "https://x.example/", "https://s.example/2025/post/#top"]
    assert soup.img["src"] == "https://s.example/2025/b.jpg"
    assert soup.img["srcset"] == "https://s.example/2025/post/c.jpg 480w, https://s.example/d.jpg 960w"
    assert soup.video["poster"] == "https://s.example/2025/post/e.jpg"


def test_pages_announce_their_feeds(golden):
    def alternates(relative):
        soup = BeautifulSoup((golden / relative).read_text(encoding="utf-8"), "html.parser")
        return {link["href"].removeprefix("https://golden.example/") for link in soup.find_all("link", rel="alternate")
                if link.get("type", "").startswith("application/")}

    blog = {"feeds/alla.atom.xml", "feeds/alla.rss.xml", "feeds/alla.json"}
    assert alternates("index.html") == blog
    assert alternates("kategori/besok/index.html") == blog | {"feeds/kategori/besok.atom.xml"}
    assert alternates("forfattare/samir-haddad/index.html") == blog | {"feeds/forfattare/samir-haddad.atom.xml"}
    assert {"feeds/kategori/besok.atom.xml", "feeds/forfattare/kim-provare.atom.xml"} <= alternates(
        "2025/forsta-besoket-pa-aldreboendet/index.html")


def test_feed_page_lists_every_feed_and_explains_in_two_languages(golden):
    soup = BeautifulSoup((golden / "flode/index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {a["href"] for a in soup.select(".feed-table a")}
    written = {f"https://golden.example/{p.relative_to(golden)}" for p in feed_files(golden)}
    assert listed == written
    assert soup.find(lang="en").find("h2")
    assert "flödesläsare" in soup.get_text()


@pytest.mark.parametrize("name", ["alla.atom.xml", "alla.rss.xml"])
def test_feeds_carry_no_xslt_view(golden, name):
    """Chrome is removing XSLT and shows a red warning on any page that uses it; /flode/ explains
    the feeds instead."""
    document = etree.parse(str(golden / "feeds" / name))
    assert document.getroot().getprevious() is None, "no processing instruction before the root"
    assert b"xml-stylesheet" not in (golden / "feeds" / name).read_bytes()
    assert not (golden / "theme" / "feed.xsl").exists()
