"""The sample site in real headless Chromium: axe-core, keyboard, search, small screens, no foreign requests."""

from __future__ import annotations

import json

import pytest

from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser
AXE = (ROOT / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8") if (
    ROOT / "node_modules/axe-core/axe.min.js").exists() else None
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    assert AXE, "axe-core is missing: run npm ci (invoke test does)"
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_axe_harness_reports_a_real_violation(tab):
    """Guards the guard: a page with an unlabeled image must fail, or the axe tests prove nothing."""
    tab.open("/")
    tab.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in axe_violations(tab.page))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_passes_axe(tab, page_types, scheme):
    tab.page.emulate_media(color_scheme=scheme)
    failures = {}
    for name, relative in page_types.items():
        tab.open("/" + relative.removesuffix("index.html"))
        violations = axe_violations(tab.page)
        if violations:
            failures[name] = violations
    assert failures == {}
    assert tab.outside == []


def test_search_page_with_query_also_passes_axe(tab):
    tab.open("/sok/?q=hemtjänsten")
    tab.page.wait_for_selector("#search-results li")
    assert axe_violations(tab.page) == []


def test_search_finds_a_post_by_a_swedish_word(tab):
    tab.open("/sok/")
    tab.page.fill("#search-input", "räddningstjänsten")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector("#search-results li a")
    titles = tab.page.locator("#search-results li a").all_inner_texts()
    assert any("äddningstjänst" in title for title in titles), titles
    status = tab.page.locator("#search-status").inner_text()
    assert "träff" in status
    assert tab.outside == []


def test_search_never_finds_a_hidden_post(tab, sample_site):
    """Status: hidden is reachable by its address only: not in lists, feeds or the search."""
    assert "DOLTINLAGG" in sample_site.read("2025/dolt-inlagg/index.html"), "the hidden post is published"
    tab.open("/sok/?q=DOLTINLAGG")
    tab.page.wait_for_function("document.getElementById('search-status').textContent.includes('DOLTINLAGG')")
    assert tab.page.locator("#search-results li").count() == 0
    assert "Inga träffar" in tab.page.locator("#search-status").inner_text()


def test_search_is_usable_by_keyboard_alone(tab):
    tab.open("/sok/")
    tab.page.locator("#search-input").focus()
    tab.page.keyboard.type("kundtjänst")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector("#search-results li a")
    stops = []
    for _ in range(4):  # the platform filter, the button, then the first result
        tab.page.keyboard.press("Tab")
        stops.append(tab.page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if tab.page.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    else:
        raise AssertionError(f"Tab never reached the results: {stops}")
    assert stops[:2] == ["search-where", "BUTTON"]


def test_keyboard_focus_is_visible(tab):
    tab.open("/")
    tab.page.keyboard.press("Tab")
    skip = tab.page.evaluate(
        """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                  return {text: e.textContent, top: r.top, bottom: r.bottom,
                          outline: getComputedStyle(e).outlineStyle} }"""
    )
    assert skip["text"] == "Hoppa till innehållet"
    assert skip["top"] >= 0 and skip["bottom"] <= 900, "the skip link is shown when focused"
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press("Tab")
    style = tab.page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth] }"
    )
    assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2


def test_skip_link_moves_focus_to_main(tab):
    tab.open("/")
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [320, 768])
def test_pages_fit_small_screens_without_sideways_scrolling(browser, sample_site, page_types, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for name, relative in page_types.items():
            page.goto(f"{sample_site.url}/{relative.removesuffix('index.html')}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is {overflow}px too wide at {width}px"
    finally:
        context.close()


def test_print_hides_navigation(tab, page_types):
    tab.open("/" + page_types["post"].removesuffix("index.html"))
    tab.page.emulate_media(media="print")
    hidden = tab.page.evaluate("getComputedStyle(document.querySelector('.site-header nav')).display")
    assert hidden == "none"


def test_images_reserve_their_space(tab, page_types):
    tab.open("/" + page_types["post"].removesuffix("index.html"))
    ratios = tab.page.evaluate(
        """() => [...document.images].map(i => [i.getAttribute('width'), i.getAttribute('height'),
                                                  i.naturalWidth, i.naturalHeight])"""
    )
    assert ratios
    for width, height, natural_w, natural_h in ratios:
        assert abs(int(width) / int(height) - natural_w / natural_h) < 0.02, json.dumps(ratios)


def test_search_covers_the_archive_with_a_platform_filter(tab):
    tab.open("/sok/?q=vattenverket")
    tab.page.wait_for_selector("#search-results li a")
    links = [a.get_attribute("href") for a in tab.page.locator("#search-results li a").all()]
    assert any("/arkiv/inlagg/instagram-" in link for link in links), links
    tab.page.select_option("#search-where", "Blogg")
    tab.page.click(".search-form button")
    tab.page.wait_for_function("document.getElementById('search-status').textContent.includes('vattenverket')")
    blog_links = [a.get_attribute("href") for a in tab.page.locator("#search-results li a").all()]
    assert not any("/arkiv/" in link for link in blog_links), blog_links
    tab.page.select_option("#search-where", "Instagram")
    tab.page.click(".search-form button")
    tab.page.wait_for_selector("#search-results li a[href*='/arkiv/inlagg/instagram-']")
    assert "i=Instagram" in tab.page.url
