"""sitemap.xml (plugins/sitemap): every public page once, language versions as search engines read them.

The schema and Google's hreflang rules are checked against the official material in
tests/test_conformance.py; these tests pin what the material cannot know about our site.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.golden import EXPECTED

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "https://golden.example/"


@pytest.fixture(scope="module")
def urls():
    # The golden site's expected output is what test_golden builds, byte for byte.
    root = ET.parse(EXPECTED / "sitemap.xml").getroot()
    return {url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)}


def test_every_written_page_is_listed_once_and_nothing_else(urls):
    pages = {SITE + str(p.relative_to(EXPECTED)).removesuffix("index.html") for p in EXPECTED.rglob("*.html")}
    assert set(urls) == pages - {SITE + "404.html", SITE + "2025/dolt-inlagg/"}, "hidden posts and 404 are left out"
    assert not any("utkast" in url for url in urls)


def test_language_versions_list_every_version_the_page_itself_included(urls):
    for loc in (SITE + "2025/om-planering/", SITE + "en/2025/om-planering/"):
        links = {(link.get("hreflang"), link.get("href")) for link in urls[loc].findall("x:link", NS)}
        assert links == {("sv", SITE + "2025/om-planering/"), ("en", SITE + "en/2025/om-planering/")}, loc
        assert all(link.get("rel") == "alternate" for link in urls[loc].findall("x:link", NS))
    assert not urls[SITE + "2025/forsta-besoket-pa-aldreboendet/"].findall("x:link", NS)


def test_lastmod_is_the_posts_own_date_and_list_pages_have_none(urls):
    assert urls[SITE + "2025/om-planering/"].findtext("s:lastmod", namespaces=NS) == "2025-02-01T10:00:00+01:00"
    assert urls[SITE].find("s:lastmod", NS) is None, "a list page's date would be the build time: left out"
