"""Warn, naming the file and the field, about content that would publish a broken or inaccessible page.

Pelican itself reports unreadable dates and missing titles. This plugin adds what Pelican lets
through: authors nobody registered, images without alt text, and links to posts that do not
exist or are not published yet. Publishing builds run with --fatal warnings, so each of these
stops a deploy; the preview keeps serving and shows them.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from itertools import chain
from pathlib import Path

from bs4 import BeautifulSoup
from content_links import resolve
from pelican import signals

log = logging.getLogger(__name__)


def check_all(generators) -> None:
    articles_gen = next(g for g in generators if hasattr(g, "articles"))
    pages_gen = next(g for g in generators if hasattr(g, "pages"))
    settings = articles_gen.settings
    content_dir = Path(settings["PATH"])
    published_items = list(
        chain(
            articles_gen.articles,
            articles_gen.translations,
            pages_gen.pages,
            pages_gen.translations,
            pages_gen.hidden_pages,
        )
    )
    published = {item.relative_source_path for item in published_items}
    # Future posts are checked too: the daily build publishes them unattended on their day.
    # Posts marked Status: draft are work in progress and are checked once that line goes.
    scheduled = [
        item
        for item in chain(articles_gen.drafts, articles_gen.drafts_translations)
        if item.metadata.get("status") != "draft"
    ]
    for item in chain(published_items, scheduled):
        source = item.relative_source_path
        for problem in problems(item, settings, content_dir, published):
            log.warning("content_checks: %s: %s", source, problem)
    for problem in footer_page_problems(pages_gen, settings):
        log.warning("content_checks: %s", problem)


def footer_page_problems(pages_gen, settings):
    """Every page the footer links to (FOOTER_PAGES) must be published: the accessibility
    statement is required by law on every page, and a new blog starts with them as drafts."""
    published = {page.slug for page in chain(pages_gen.pages, pages_gen.hidden_pages)}
    drafts = {page.slug: page for page in chain(pages_gen.draft_pages, pages_gen.draft_translations)}
    for slug in settings.get("FOOTER_PAGES", []):
        if slug in drafts:
            yield (f"{drafts[slug].relative_source_path}: Status: draft: sidan länkas från varje sidfot och måste "
                   "publiceras. Fyll i den (sök efter TODO) och ta bort raden Status: draft.")
        elif slug not in published:
            yield (f"FOOTER_PAGES i pelicanconf.py: sidan {slug!r} finns inte; skriv content/pages/{slug}.md "
                   f"med raden Slug: {slug}")


def problems(item, settings, content_dir: Path, published: set[str]):
    """Yield each problem of one article or page as a sentence."""
    known_authors = settings.get("AUTHORS", {})
    for author in getattr(item, "authors", []):
        if known_authors and author.name not in known_authors:
            yield f"Author: {author.name!r} is unknown; add the author to AUTHORS in pelicanconf.py"
    image = item.metadata.get("image")
    if image:
        if not (content_dir / image).is_file():
            yield f"Image: {image!r} does not exist in {content_dir}/"
        if not item.metadata.get("image_alt", "").strip():
            yield f"Image: {image!r} has no Image_alt; describe what the photo shows"
    if "<img" in item._content or "{" in item._content or "<h" in item._content:
        yield from _body_problems(item, content_dir, published)


def _body_problems(item, content_dir: Path, published: set[str]):
    headings, images_without_alt, links = _outline(item._content)
    # The title is the page's only h1, and screen reader users jump by heading level.
    level = 1
    for new_level, text in headings:
        if new_level == 1:
            yield f"heading {text!r} is a top heading (#); the title is the top heading, use ##"
        elif new_level > level + 1:
            yield f"heading {text!r} skips a level (h{level} to h{new_level}); use {'#' * (level + 1)}"
        level = new_level
    for src in images_without_alt:
        yield f"image {src!r} has no alt text; write ![what it shows](...)"
    for link in links:
        resolved = resolve(link, item.relative_source_path)
        if resolved:
            yield from _link_problem(link, *resolved, content_dir, published)


# Keyed by the body itself: the live preview checks every post on every save, and only the saved
# one has a new body.
@lru_cache(maxsize=16384)
def _outline(html: str) -> tuple[tuple, tuple, tuple]:
    """Headings (level, text), the src of images without alt text, and every link and image address."""
    soup = BeautifulSoup(html, "html.parser")
    headings = tuple((int(h.name[1]), h.get_text()) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]))
    images_without_alt = tuple(img.get("src") for img in soup.find_all("img") if not (img.get("alt") or "").strip())
    links = tuple(element.get(attr) for tag, attr in (("a", "href"), ("img", "src")) for element in soup.find_all(tag))
    return headings, images_without_alt, links


def _link_problem(link: str, kind: str, target: str, content_dir: Path, published: set[str]):
    if not (content_dir / target).is_file():
        yield f"link {link} points at {target!r}, which does not exist"
    elif kind == "filename" and target.endswith((".md", ".markdown")) and target not in published:
        yield f"link {link} points at {target!r}, which is a draft or not published yet"


def register() -> None:
    signals.all_generators_finalized.connect(check_all)
