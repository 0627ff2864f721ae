"""Open Graph tags as LinkedIn's Post Inspector and Facebook's Sharing Debugger read them.

Both fetch the page the officer pastes and show og:title, og:description and og:image, or
nothing useful when a tag is missing, relative or names an image that is not there. The
conformance material has no Open Graph cases, so the properties both require are checked on
every page of the public sample build, with the image file itself opened.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from PIL import Image

REQUIRED = ("og:title", "og:type", "og:url", "og:image", "og:description", "og:site_name", "og:locale",
            "og:image:width", "og:image:height", "og:image:alt")
MAX_BYTES = 5 * 1024 * 1024  # LinkedIn's limit for a shared image (Facebook's is 8 MB)
MIN_SIDE = 200  # Facebook ignores smaller images; LinkedIn then shows no picture


def open_graph(page) -> tuple[Counter, dict, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tags = soup.find_all("meta", attrs={"property": lambda p: p and p.startswith("og:")})
    canonical = soup.find("link", rel="canonical")
    return (Counter(t["property"] for t in tags), {t["property"]: t.get("content", "") for t in tags},
            canonical["href"] if canonical else "")


def test_every_page_has_what_linkedin_and_facebook_require(sample_site):
    pages = sample_site.html_files()
    assert len(pages) > 30
    for page in pages:
        name = page.relative_to(sample_site.output)
        counts, og, canonical = open_graph(page)
        for prop in REQUIRED:
            assert og.get(prop, "").strip(), f"{name}: {prop} missing or empty"
            assert counts[prop] == 1, f"{name}: {prop} given {counts[prop]} times"
        assert og["og:url"] == canonical, f"{name}: og:url {og['og:url']} is not the canonical {canonical}"
        assert og["og:type"] in ("article", "website"), name
        for prop in ("og:url", "og:image"):
            assert og[prop].startswith(sample_site.url + "/"), f"{name}: {prop} {og[prop]} is not absolute on the site"


def test_every_shared_image_exists_with_the_size_the_tags_say(sample_site):
    seen = {}
    for page in sample_site.html_files():
        _, og, _ = open_graph(page)
        url = og["og:image"]
        if url not in seen:
            file = sample_site.output / urlsplit(url).path.removeprefix(urlsplit(sample_site.url).path).lstrip("/")
            assert file.is_file(), f"{page.name}: og:image {url} is not in the build"
            assert file.stat().st_size <= MAX_BYTES, f"{file.name}: larger than LinkedIn takes"
            with Image.open(file) as image:
                seen[url] = (image.format, image.size)
        image_format, (width, height) = seen[url]
        where = page.relative_to(sample_site.output)
        assert image_format in ("JPEG", "PNG"), f"{where}: {url} is {image_format}; LinkedIn and Facebook want JPEG or PNG"
        assert (int(og["og:image:width"]), int(og["og:image:height"])) == (width, height), f"{where}: {url}"
        assert min(width, height) >= MIN_SIDE, f"{where}: {url} is {width}×{height}"
    assert len(seen) > 3, "posts with photos share their own picture, not only the site card"
