"""Warn, naming the file and the field, about content that would publish a broken, unfinished or
inaccessible page, or a photo of people who have not agreed to it.

Pelican itself reports unreadable dates, missing titles and images with an empty alt text. This
plugin adds what Pelican lets through: authors nobody registered, images without alt text, links
to posts that do not exist or are not published yet, headings out of order, photos of named
people without consent, placeholders and TODO markers left in, unknown categories and People
that cannot be read. Publishing builds run with --fatal warnings, so each of these stops a
deploy; the preview keeps serving and shows them.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path

import source_facts
from build_report import every_warning_then_stop
from content_links import resolve
from pelican import signals
from user_paths import is_draft, project_path, shown_file

from . import rules

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
            articles_gen.hidden_articles,
            articles_gen.hidden_translations,
            pages_gen.pages,
            pages_gen.translations,
            pages_gen.hidden_pages,
            pages_gen.hidden_translations,
        )
    )
    published = {item.relative_source_path for item in published_items}
    # Future posts are checked too: the daily build publishes them unattended on their day.
    # Posts and pages marked Status: draft are checked where the build shows them (the preview,
    # under /utkast/), marked as drafts; a publishing build writes no draft and checks none.
    unpublished = chain(articles_gen.drafts, articles_gen.drafts_translations)
    unpublished_pages = chain(pages_gen.draft_pages, pages_gen.draft_translations)
    waiting = [
        item
        for item, drafts_shown in chain(
            ((item, bool(settings.get("DRAFT_SAVE_AS"))) for item in unpublished),
            ((item, bool(settings.get("DRAFT_PAGE_SAVE_AS"))) for item in unpublished_pages),
        )
        if drafts_shown or not is_draft(item)
    ]
    # Every problem of every file is named before publishing stops, not only the first.
    with every_warning_then_stop():
        for item in chain(published_items, waiting):
            for problem in problems(item, settings, content_dir, published):
                log.warning("%s: %s", shown_file(item, settings), problem)
        for problem in footer_page_problems(pages_gen, settings):
            log.warning("%s", problem)


def footer_page_problems(pages_gen, settings):
    """Every page the footer links to (FOOTER_PAGES) must be published: the accessibility
    statement is required by law on every page, and a new blog starts with them as drafts."""
    published = {page.slug for page in chain(pages_gen.pages, pages_gen.hidden_pages)}
    drafts = {page.slug: page for page in chain(pages_gen.draft_pages, pages_gen.draft_translations)}
    for slug in settings.get("FOOTER_PAGES", []):
        if slug in drafts:
            yield (f"{shown_file(drafts[slug], settings)}: Status: draft: sidan länkas från varje sidfot och måste "
                   "publiceras. Fyll i den (sök efter TODO) och ta bort raden Status: draft.")
        elif slug not in published:
            yield (f"pelicanconf.py: FOOTER_PAGES: sidan {slug!r} finns inte; skriv "
                   f"{project_path(Path(settings['PATH']) / 'pages' / (slug + '.md'), settings)} med raden Slug: {slug}")


def problems(item, settings, content_dir: Path, published: set[str]):
    """Yield each problem of one article or page as a sentence that starts with its field."""
    meta = item.metadata
    known_authors = settings.get("AUTHORS", {})
    for author in getattr(item, "authors", []):
        if known_authors and author.name not in known_authors:
            yield (f"Author: ”{author.name}” är okänd; lägg till skribenten i AUTHORS i pelicanconf.py "
                   "eller rätta namnet")
    category = getattr(item, "category", None)
    if category is not None:
        yield from _some(rules.category_problem(category.name, settings.get("CATEGORIES") or (),
                                                settings.get("DEFAULT_CATEGORY", "")))
    image = meta.get("image")
    if image:
        if not (content_dir / image).is_file():
            yield (f"Image: ”{image}” finns inte ({project_path(content_dir / image, settings)}); lägg bilden där "
                   "eller rätta namnet")
        if not meta.get("image_alt", "").strip():
            yield f"Image_alt saknas för bilden ”{image}”; beskriv vad bilden visar"
    yield from _some(rules.people_problem(meta), rules.consent_problem(meta, item._content))
    yield from _unfinished(item.source_path)
    if "<img" in item._content or "{" in item._content or "<h" in item._content:
        yield from _body_problems(item, content_dir, published)


def _some(*problems):
    return (problem for problem in problems if problem)


@source_facts.of_source
def _unfinished(source: str) -> tuple[str, ...]:
    return tuple(rules.unfinished_text(source))


def _body_problems(item, content_dir: Path, published: set[str]):
    headings, images_without_alt, links = _outline(item._content)
    # The title is the page's only h1, and screen reader users jump by heading level.
    level = 1
    for new_level, text in headings:
        if new_level == 1:
            yield (f"texten: rubriken ”{text}” är en huvudrubrik (#); sidans enda huvudrubrik är Title, "
                   "skriv ## i stället")
        elif new_level > level + 1:
            yield (f"texten: rubriken ”{text}” hoppar över en nivå (h{level} till h{new_level}); "
                   f"skriv {'#' * (level + 1)}")
        level = new_level
    for src in images_without_alt:
        yield f"texten: bilden {src} saknar beskrivning (alt-text); skriv ![Vad bilden visar](...)"
    for link in links:
        resolved = resolve(link, item.relative_source_path)
        if resolved:
            yield from _link_problem(link, *resolved, content_dir, published)


@source_facts.of_html
def _outline(html: str) -> tuple[tuple, tuple, tuple]:
    """Headings (level, text), the src of images without alt text, and every link and image address."""
    outline = _Outline()
    outline.feed(html)
    outline.close()
    return tuple(outline.headings), tuple(outline.images_without_alt), (*outline.hrefs, *outline.srcs)


class _Outline(HTMLParser):
    """What _outline needs, from the parser's events: building a BeautifulSoup tree of every body
    took a tenth of a cold build. Text and attributes are decoded as BeautifulSoup decodes them
    (it uses this parser), and attributes given twice keep the last value, as it does."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    NOT_TEXT = {"script", "style", "template"}  # BeautifulSoup's get_text leaves their strings out

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.images_without_alt: list = []
        self.hrefs: list = []
        self.srcs: list = []
        self._open: list[tuple[str, list[str], int]] = []  # headings not yet closed: text so far, place
        self._not_text = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.HEADINGS:
            self._open.append((tag, [], len(self.headings)))
            self.headings.append((int(tag[1]), ""))
        elif tag == "img":
            self.srcs.append(attributes.get("src"))
            if not (attributes.get("alt") or "").strip():
                self.images_without_alt.append(attributes.get("src"))
        elif tag == "a":
            self.hrefs.append(attributes.get("href"))
        elif tag in self.NOT_TEXT:
            self._not_text += 1

    def handle_data(self, data):
        if not self._not_text:
            for _, parts, _ in self._open:
                parts.append(data)

    def handle_endtag(self, tag):
        if tag in self.NOT_TEXT and self._not_text:
            self._not_text -= 1
        if tag in self.HEADINGS and any(name == tag for name, _, _ in self._open):
            while self._open:
                name, parts, index = self._open.pop()
                self.headings[index] = (self.headings[index][0], "".join(parts))
                if name == tag:
                    break

    def close(self):
        super().close()
        while self._open:
            _, parts, index = self._open.pop()
            self.headings[index] = (self.headings[index][0], "".join(parts))


def _link_problem(link: str, kind: str, target: str, content_dir: Path, published: set[str]):
    if not (content_dir / target).is_file():
        yield f"texten: länken {link} pekar på {target}, som inte finns; rätta länken eller ta bort den"
    elif kind == "filename" and target.endswith((".md", ".markdown")) and target not in published:
        yield (f"texten: länken {link} pekar på {target}, som är ett utkast eller inte publicerat än; "
               "ta bort länken tills det är publicerat")


class _EmptyAltIsChecked(logging.Filter):
    """Pelican's reader warns about an empty alt text in every file it reads, drafts too, in English
    and before this plugin can name the field; _body_problems reports it instead. A filter on the
    reader's logger is Pelican's way to drop a message: a dropped warning does not stop the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Empty alt attribute for image", "Other images have empty alt"))


def register() -> None:
    readers_log = logging.getLogger("pelican.readers")
    if not any(isinstance(f, _EmptyAltIsChecked) for f in readers_log.filters):
        readers_log.addFilter(_EmptyAltIsChecked())
    signals.all_generators_finalized.connect(check_all)
