"""What a reader downloads: an article's HTML, CSS, JS and fonts stay under 40 KB uncompressed.

Counted from the built files with the same code as `python -m bench.reader` (which adds
Lighthouse on top); no timing, no browser.
"""

from __future__ import annotations

from bench.reader import page_bytes

BUDGET = 40_000  # bytes, before compression
ARTICLE_PAGE_TYPES = ["post", "note", "guest", "english"]


def test_article_pages_with_their_css_js_and_fonts_stay_under_40_kb(sample_site, page_types):
    for name in ARTICLE_PAGE_TYPES:
        weight = page_bytes(sample_site.output, sample_site.url, page_types[name])
        assert weight["missing"] == [] and weight["foreign"] == [], name
        assert "theme/css/site.css" in weight["files"], f"{name}: the stylesheet is counted"
        assert weight["total"] < BUDGET, f"{name}: {weight['total']} bytes: {weight['files']}"


def test_weight_counts_every_referenced_stylesheet_script_and_font_once(tmp_path):
    url = "http://127.0.0.1:9"
    files = {
        "2025/post/index.html": '<link rel="stylesheet" href="/theme/a.css">'
                                '<link rel="stylesheet" href="../../theme/a.css">'
                                '<link rel="preload" as="font" href="/theme/f.woff2" crossorigin>'
                                '<script src="http://127.0.0.1:9/theme/x.js" defer></script>'
                                '<script type="module" src="../../theme/m.js"></script>'
                                '<link rel="icon" href="/theme/i.svg"><img src="/p.jpg" alt="">'
                                '<script src="https://example.org/t.js"></script>',
        "theme/a.css": '@import "b.css"; @font-face { src: url(f.woff2) format("woff2"); } '
                       'body { background: url("bg.png"); }',
        "theme/b.css": "@font-face { src: url('../fonts/g.woff'); }",
        "theme/f.woff2": "F" * 100,
        "fonts/g.woff": "G" * 50,
        "theme/x.js": "x" * 7,
        "theme/m.js": "m" * 3,
        "theme/i.svg": "<svg/>",
        "theme/bg.png": "P" * 1000,
        "p.jpg": "J" * 1000,
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    weight = page_bytes(tmp_path, url, "2025/post/index.html")
    size = {path: len(text) for path, text in files.items()}
    assert weight["css"] == size["theme/a.css"] + size["theme/b.css"]
    assert weight["font"] == 150
    assert weight["js"] == 10
    assert weight["html"] == size["2025/post/index.html"]
    assert weight["total"] == weight["html"] + weight["css"] + weight["js"] + weight["font"]
    assert weight["foreign"] == ["https://example.org/t.js"]
    assert weight["missing"] == []
