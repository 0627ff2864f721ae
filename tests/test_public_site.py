"""A blog as built for publishing (the sample site): complete, correct share tags, nothing leaked, nothing broken."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from tests.content_files import is_unpublished, sources
from tests.sitebuild import broken_links, local_file


def soup_of(site, relative):
    return BeautifulSoup(site.read(relative), "html.parser")


def test_publish_build_has_no_warnings(sample_site):
    assert sample_site.build.warnings == []


def test_drafts_and_future_posts_are_absent_from_every_output_file(sample_site):
    content = sample_site.content
    hidden = [meta for _, meta in sources(content, "posts") + sources(content, "notes") if is_unpublished(meta)]
    assert len(hidden) >= 2
    assert not (sample_site.output / "drafts").exists()
    assert not (sample_site.output / "utkast").exists()
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sample_site.output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ".json", ".js"}
    ]
    for meta in hidden:
        for text in texts:
            assert meta["title"] not in text
    # The search index is compressed; its metadata lists every indexed page.
    indexed = sorted((sample_site.output / "pagefind").rglob("*"))
    assert indexed, "the search index was written"


def test_every_internal_link_and_image_resolves(sample_site):
    assert broken_links(sample_site.output, sample_site.url) == []


def test_no_page_loads_anything_from_another_host(sample_site):
    loaders = {"script": "src", "img": "src", "source": "srcset", "iframe": "src", "video": "src",
               "audio": "src", "embed": "src", "object": "data"}
    foreign = []
    for page in sample_site.html_files():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in loaders.items():
            for element in soup.find_all(tag):
                for url in re.split(r"[\s,]+", element.get(attr) or ""):
                    if url.startswith(("http:", "https:", "//")) and not url.startswith(sample_site.url):
                        foreign.append(f"{page.name}: {url}")
        for link in soup.find_all("link"):
            rel = set(link.get("rel") or [])
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect"}:
                if not link["href"].startswith(sample_site.url):
                    foreign.append(f"{page.name}: {link['href']}")
        for style in soup.find_all("style"):
            assert "@import" not in style.text and "url(http" not in style.text
    css = (sample_site.output / "theme/css/site.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert foreign == []


ARTICLE_PAGE_TYPES = ["post", "note", "guest", "english"]


def test_every_page_type_exists(sample_site, page_types):
    for name, relative in page_types.items():
        assert (sample_site.output / relative).is_file(), name


def test_share_tags_on_every_page(sample_site):
    for page in sample_site.html_files():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = str(page.relative_to(sample_site.output))
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
        canonical = soup.find("link", rel="canonical")
        assert canonical and canonical["href"].startswith(sample_site.url), where
        assert meta.get("description", "").strip(), where
        for key in ("og:title", "og:description", "og:url", "og:image", "og:image:alt", "og:locale",
                    "twitter:card", "twitter:image", "twitter:image:alt"):
            assert meta.get(key, "").strip(), f"{where}: {key}"
        assert meta["og:image"].startswith(sample_site.url + "/"), where
        assert meta["og:locale"] in {"sv_SE", "en_GB"}, where
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["@context"] == "https://schema.org", where


def test_article_json_ld_is_a_blog_posting_with_offsets(sample_site, page_types):
    for name in ARTICLE_PAGE_TYPES:
        soup = soup_of(sample_site, page_types[name])
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["@type"] == "BlogPosting"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["datePublished"])
        assert data["author"]["name"] and data["author"]["url"].startswith(sample_site.url)
        assert data["headline"]


def test_english_post_is_english_and_linked_to_its_original(sample_site, page_types):
    soup = soup_of(sample_site, page_types["english"])
    assert soup.html["lang"] == "en"
    assert soup.find("meta", property="og:locale")["content"] == "en_GB"
    back = soup.find("a", hreflang="sv")
    assert back is not None
    original = local_file(sample_site.output, sample_site.url, back["href"])
    original_soup = BeautifulSoup(original.read_text(encoding="utf-8"), "html.parser")
    assert original_soup.find("a", hreflang="en")
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
                     soup.find("time").get_text())


def test_swedish_dates_reading_time_neighbours_and_related(sample_site, page_types):
    soup = soup_of(sample_site, page_types["post"])
    assert soup.html["lang"] == "sv"
    assert re.fullmatch(r"\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}",
                        soup.find("time").get_text())
    assert re.search(r"\d+ min läsning", soup.select_one(".meta").get_text())
    assert soup.select(".post-nav a[rel=prev], .post-nav a[rel=next]")
    assert soup.select(".related a")


def test_guest_author_has_a_page_with_bio(sample_site, page_types):
    soup = soup_of(sample_site, page_types["author"])
    assert soup.h1.get_text(strip=True) == "Samir Haddad"
    assert soup.select_one(".author-card").get_text(strip=True)
    assert soup.select(".entry-title a")


def test_home_is_paginated(sample_site):
    soup = soup_of(sample_site, "index.html")
    assert len(soup.select(".entries > li")) == 10
    assert soup.select_one(".pagination a[rel=next]")["href"].endswith("/sida/2/")


def test_every_image_has_alt_and_size_and_content_photos_have_webp(sample_site):
    for page in sample_site.html_files():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            where = f"{page.relative_to(sample_site.output)}: {img.get('src')}"
            assert (img.get("alt") or "").strip(), where
            # Width and height reserve the photo's box before it loads: no layout shift.
            assert (img.get("width") or "").isdigit() and (img.get("height") or "").isdigit(), where
            assert int(img["width"]) > 0 and int(img["height"]) > 0, where
            picture = img.find_parent("picture")
            assert picture is not None and picture.find("source", type="image/webp"), where
            assert img.get("srcset"), where


def test_the_first_photo_of_a_post_is_not_lazy_loaded(sample_site, page_types):
    """The first photo of a post is its largest paint on a phone: fetched at once, with priority."""
    for name in [*ARTICLE_PAGE_TYPES, "archive post"]:
        first = soup_of(sample_site, page_types[name]).select_one("main img")
        if first is not None:
            assert first.get("loading") != "lazy" and first.get("fetchpriority") == "high", f"{name}: {first}"
    assert soup_of(sample_site, page_types["archive post"]).select("main img"), "the archived post has a photo"
    assert soup_of(sample_site, page_types["post"]).select("main img"), "the post has a photo"


def test_accessibility_statement_is_linked_from_every_footer(sample_site):
    # What the statement must say is tested on the one `invoke init` writes (test_init.py).
    for page in sample_site.html_files():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        footer = soup.find("footer", class_="site-footer")
        assert footer and footer.find("a", href=f"{sample_site.url}/tillganglighet/"), page.name


def test_sitemap_and_robots(sample_site):
    tree = ET.parse(sample_site.output / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert f"{sample_site.url}/" in locs
    assert all(loc.startswith(sample_site.url) for loc in locs)
    assert len(locs) >= 30
    robots = sample_site.read("robots.txt")
    assert f"Sitemap: {sample_site.url}/sitemap.xml" in robots
