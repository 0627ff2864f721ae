"""The search page (/sok/) in real headless Chromium: results while typing, each with its type, date and
a clean excerpt; announced, axe-clean in light and dark, and a plain form without JavaScript."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import Site, Tab, free_port, serve
from tests.sample_site import PUBLISH_SETTINGS
from tests.sitebuild import build
from tests.test_browser import axe_violations

pytestmark = pytest.mark.browser

# A post longer than Pagefind's excerpt (30 words), with one rare word near its start, one in the
# middle and one at its end, so each kind of cut shows. The sample's own posts are all short.
LONG_POST = """\
Title: Vinterväghållningen i kommunen
Date: 2025-01-20 09:00
Category: Verksamhet
Tags: medarbetare
Summary: Hur vinterväghållningen fungerar, från den första snön till våren.

Snöplogsförarna börjar sitt pass klockan fyra på morgonen när det har snöat mer än fem centimeter under
natten. De kör först huvudgatorna, busslinjerna och vägarna till skolorna, sedan gång- och cykelbanorna
och sist bostadsgatorna. Under en vanlig vinter sprider kommunen ungefär åttahundra ton sand på gator
och trottoarer, och grusbilarnas förare känner varje backe och varje korsning i tätorten. När snön har
smält i april sopar vi upp sanden igen, och den som vill veta när den egna gatan står på tur kan läsa
planen på webbplatsen eller ringa kundtjänst. Tack till alla som gör vinterarbetet, och välkommen till
vårstädningen.
"""
LONG_URL = "/2025/vintervaghallningen-i-kommunen/"


@pytest.fixture(scope="module")
def long_site(tmp_path_factory, sample_content):
    """The sample site with LONG_POST added, built for publishing and served."""
    root = tmp_path_factory.mktemp("search")
    content = root / "content"
    shutil.copytree(sample_content, content)
    (content / "posts" / "2025-01-20-vintervaghallningen.md").write_text(LONG_POST, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    result = build(PUBLISH_SETTINGS, root / "output", content=content, siteurl=url)
    assert result.returncode == 0, f"the site did not build:\n{result.log}"
    server = serve(root / "output", port)
    yield Site(result, url)
    server.shutdown()


@pytest.fixture
def long_tab(browser, long_site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    yield Tab(context.new_page(), long_site.url)
    context.close()


def type_query(tab: Tab, query: str) -> None:
    """Type as a person does, letter by letter, and never press Enter."""
    tab.open("/sok/")
    tab.page.locator("#search-input").press_sequentially(query, delay=60)
    tab.page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query, timeout=10_000)


def results(tab: Tab) -> list[dict]:
    return tab.page.evaluate("""() => [...document.querySelectorAll('#search-results > li')].map(li => ({
        title: li.querySelector('h2 a').textContent, href: li.querySelector('h2 a').getAttribute('href'),
        meta: li.querySelector('.search-meta').textContent,
        date: li.querySelector('.search-meta time')?.getAttribute('datetime') ?? null,
        excerpt: li.querySelector('.search-excerpt')?.textContent ?? null }))""")


def page_text(tab: Tab, href: str) -> str:
    """The visible text of a page's body copy, whitespace folded, as a reader sees it."""
    tab.open(href)
    return " ".join(tab.page.locator(".post-body").inner_text().split())


def test_results_appear_while_typing_without_pressing_enter(tab):
    tab.open("/sok/")
    field = tab.page.locator("#search-input")
    field.press_sequentially("kundtj", delay=60)
    tab.page.wait_for_selector("#search-results li")  # a word not yet finished is already found
    field.press_sequentially("änst", delay=60)
    tab.page.wait_for_function("document.getElementById('search-status').textContent.includes('kundtjänst')")
    found = results(tab)
    assert any("kundtjänst" in r["title"] for r in found), found
    assert tab.page.evaluate("new URLSearchParams(location.search).get('q')") == "kundtjänst"  # shareable
    assert tab.outside == []


def test_the_status_line_announces_the_number_of_results(tab):
    type_query(tab, "kundtjänst")
    status = tab.page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    n = len(results(tab))
    assert 1 < n < 20
    assert status.inner_text() == f"{n} träffar på ”kundtjänst”."


def test_each_result_shows_its_type_and_the_date_its_page_shows(tab):
    type_query(tab, "kundtjänst")
    found = results(tab)
    kinds = {r["meta"].split(" · ")[0] for r in found}
    assert {"Inlägg", "Anteckning", "Arkiverat inlägg"} <= kinds, found
    archived = next(r for r in found if r["meta"].startswith("Arkiverat inlägg"))
    assert archived["meta"].split(" · ")[1] in {"Instagram", "LinkedIn"}
    for result in found:
        shown_day = result["meta"].split(" · ")[-1]
        tab.open(result["href"])
        page_day = tab.page.locator("main time").first
        assert page_day.get_attribute("datetime")[:10] == result["date"]
        assert page_day.inner_text().startswith(shown_day), (result, page_day.inner_text())


def test_a_page_is_a_page_and_has_no_date(tab):
    type_query(tab, "tillgänglighet")
    pages = [r for r in results(tab) if r["href"].endswith("/tillganglighet/")]
    assert pages and pages[0]["meta"] == "Sida" and pages[0]["date"] is None, results(tab)


@pytest.mark.parametrize("word, cut_before, cut_after", [
    ("snöplogsförarna", False, True), ("grusbilarnas", True, True), ("vårstädningen", True, False)])
def test_an_excerpt_is_whole_words_of_the_page_with_an_ellipsis_where_it_is_cut(long_tab, word, cut_before,
                                                                                 cut_after):
    type_query(long_tab, word)
    hit = next(r for r in results(long_tab) if r["href"].endswith(LONG_URL))
    excerpt = hit["excerpt"]
    assert excerpt.startswith("… ") == cut_before, excerpt
    assert excerpt.endswith("…") == cut_after, excerpt
    assert excerpt.count("…") == cut_before + cut_after
    inner = excerpt.removeprefix("… ").removesuffix("…")
    if cut_after:
        assert re.search(r"\w$", inner), f"the ellipsis must follow a word, not punctuation: {excerpt}"
    text = page_text(long_tab, LONG_URL)
    at = text.find(inner)
    assert at >= 0, f"the excerpt is not the page's own text: {excerpt}"
    before, after = text[at - 1:at], text[at + len(inner):at + len(inner) + 1]
    assert not re.match(r"\w", before) and not re.match(r"\w", after), f"cut mid-word: {excerpt}"
    assert word in excerpt.lower()


def test_a_short_note_shows_its_text_without_repeating_its_title_or_adding_an_ellipsis(tab):
    type_query(tab, "glögg")
    note = next(r for r in results(tab) if r["meta"].startswith("Anteckning"))
    assert "…" not in note["excerpt"]
    assert not note["excerpt"].startswith(note["title"]), note
    assert "Anteckning" not in note["excerpt"]  # the badge is not body text


def test_only_the_last_query_typed_is_shown(tab):
    """A slow search for an early prefix must not overwrite the results of the finished word."""
    tab.open("/sok/")
    tab.page.locator("#search-input").press_sequentially("vattenverket", delay=15)
    tab.page.wait_for_function("document.getElementById('search-status').textContent.includes('vattenverket')")
    tab.page.wait_for_timeout(800)
    assert "”vattenverket”" in tab.page.locator("#search-status").inner_text()
    assert all("vattenverket" in (r["title"] + (r["excerpt"] or "")).lower() for r in results(tab))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_results_pass_axe(tab, scheme, width):
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.page.emulate_media(color_scheme=scheme)
    type_query(tab, "kundtjänst")
    assert axe_violations(tab.page) == []
    assert tab.outside == []


def test_without_javascript_the_form_still_searches_on_enter(browser, sample_site):
    context = browser.new_context(java_script_enabled=False)
    tab = Tab(context.new_page(), sample_site.url)
    try:
        tab.open("/sok/")
        assert tab.page.locator("noscript").count() == 1
        tab.page.fill("#search-input", "kundtjänst")
        with tab.page.expect_navigation():
            tab.page.keyboard.press("Enter")
        assert tab.page.url.startswith(sample_site.url + "/sok/?q=kundtj")
        assert tab.outside == []
    finally:
        context.close()


def test_search_css_is_small_and_uses_the_sites_tokens_with_fallbacks(sample_site):
    css = (sample_site.output / "theme/css/search.css").read_text(encoding="utf-8")
    assert len(css.encode()) < 1500
    assert re.findall(r"var\(--[\w-]+\)", css) == [], "every token needs a fallback"
    assert 'href="' + sample_site.url + '/theme/css/search.css"' in sample_site.read("sok/index.html")
    assert "search.css" not in sample_site.read("index.html")
