"""LinkedIn articles (Articles/Articles/<slug>.html): the leader's longest texts, kept as plain text.

Facts (exports-more.md §6): each file holds the heading as `<h1><a href=".../pulse/<slug>">`,
`<p class="created">Created on 2024-09-20 06:04</p>` and `<p class="published">Published on
2024-09-20 06:12</p>` (minute precision, no zone: read as UTC like Shares.csv), then the body
as HTML. Drafts say `Not published yet` (or `Published on ---`) and link to `/post/edit/`:
they are never archived. Files are `Articles/Articles/<slug>.html` (2024–26), `Articles/
<slug>.html`, or `Articles/<YYYY-MM-DD HH:MM:SS>.html` (2018). The key is the /pulse/ slug.

The body becomes plain text, never markup: the archive shows every text escaped, so nothing
imported can run or style the page. inscriptis (a maintained HTML-to-text converter) lays
out paragraphs, headings, lists and tables as text; paragraphs are separated by a blank line,
which the archive page keeps (white-space: pre-wrap). A link keeps its address after its
words, so the page can link it; images and embeds are remote, expiring URLs and are dropped.
The stored text is the heading, a blank line, then the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from copy import copy
from datetime import datetime, timezone
from pathlib import PurePosixPath
from urllib.parse import unquote

from bs4 import BeautifulSoup
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import HtmlElement

from ..export_files import Export
from ..model import IMPLAUSIBLE, ArchivedPost, Provenance, Skipped, nfc, plausible, web_url

ARTICLE = re.compile(r"(?:^|/)Articles/(?:Articles/)?[^/]+\.html$")
PUBLISHED = re.compile(r"(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
PULSE = re.compile(r"/pulse/([^/?#]+)")
DRAFT = "utkast som aldrig publicerats (”Not published yet”); utkast arkiveras inte"
NO_DATE = 'artikeln saknar publiceringsdatum (<p class="published">); den arkiveras inte'
NO_IMAGES = "bilder och inbäddningar i artiklar är länkar som slutar fungera; de hämtas aldrig"
DROPPED = ("script", "style", "img", "iframe", "video", "audio", "object", "embed", "svg", "noscript", "head")


def _spaced(tag: str) -> HtmlElement:
    """inscriptis's own rule for the tag, with a blank line before and after."""
    element = copy(CSS_PROFILES["strict"][tag])
    element.margin_before = element.margin_after = 1
    return element


# "strict" keeps the page's own spacing; quotes and code get a blank line around them too.
LAYOUT = ParserConfig(
    css={**CSS_PROFILES["strict"], **{tag: _spaced(tag) for tag in ("blockquote", "pre")}},
    display_links=False,
)


def is_article(member: str) -> bool:
    return ARTICLE.search(member) is not None


def read_articles(export: Export, members: Sequence[str], platform: str) -> Iterator[ArchivedPost | Skipped]:
    with_images = 0
    for member in members:
        result, had_images = to_article(export.read_bytes(member), member, export.sha256, platform)
        with_images += had_images
        yield result
    if with_images:
        what = "artikel" if with_images == 1 else "artiklar"
        yield Skipped("Articles", f"{with_images} {what} med bilder", NO_IMAGES, note=True)


def to_article(data: bytes, member: str, export_sha256: str, platform: str) -> tuple[ArchivedPost | Skipped, bool]:
    soup = BeautifulSoup(data, "html.parser", from_encoding="utf-8")
    item = "artikeln"
    heading = soup.find("h1")
    link = heading.find("a", href=True) if heading else None
    href = link["href"].strip() if link else ""
    published = soup.find("p", class_="published")
    said = published.get_text(" ", strip=True) if published else ""
    when = parse_published(said)
    images = bool(soup.find(["img", "iframe"]))
    if published is None:
        return Skipped(member, item, NO_DATE), images
    if when is None and PUBLISHED.search(said):
        return Skipped(member, item, f"datumet {said!r} går inte att tolka; artikeln arkiveras inte"), images
    if when is None or "/post/edit/" in href:
        return Skipped(member, item, DRAFT), images
    if not plausible(when):
        return Skipped(member, item, f"datumet {said!r} {IMPLAUSIBLE}"), images
    title = " ".join(heading.get_text(" ").split()) if heading else ""
    for tag in soup.find_all(["h1", "p"]):
        if tag.name == "h1" or {"created", "published"} & set(tag.get("class") or ()):
            tag.decompose()
    body = to_text(soup)
    text = nfc("\n\n".join(part for part in (title, body) if part))
    if not text:
        return Skipped(member, item, "artikeln har varken rubrik eller text"), images
    slug = pulse_slug(href) or PurePosixPath(member).stem
    return ArchivedPost(
        platform=platform,
        post_id=f"pulse-{slug}",
        kind="article",
        published=when,
        text=text,
        url=web_url(href),
        provenance=(Provenance(export_sha256, member),),
        entry=item,
    ), images


def to_text(soup: BeautifulSoup) -> str:
    """The body as plain text: paragraphs apart by a blank line, links followed by their address."""
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    for anchor in soup.find_all("a", href=True):
        words = anchor.get_text(" ", strip=True)
        href = anchor["href"].strip()
        if web_url(href) and href not in words:
            anchor.append(f" ({href})" if words else href)
    text = get_text(str(soup), LAYOUT)
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def parse_published(value: str) -> datetime | None:
    """`Published on 2024-09-20 06:12` → that minute in UTC; a draft's text gives None."""
    match = PUBLISHED.search(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        return None


def pulse_slug(href: str) -> str:
    match = PULSE.search(unquote(href))
    return match.group(1) if match else ""
