"""Serialise one feed as Atom 1.0 or RSS 2.0 (feedgen) or JSON Feed 1.1 (json).

Output depends only on the entries, never on the clock, so an unchanged site gives
byte-identical feeds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from display_text import displayable, title_text
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from contracts import FeedEntry as Entry

from .entries import plain_text

MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FeedInfo:
    title: str
    subtitle: str
    feed_url: str
    home_url: str
    lang: str
    author_name: str
    author_url: str
    contact_email: str = ""  # FEEDS["contact_email"]: the public address RSS's <author> needs


class _Namespaces(BaseExtension):
    def extend_ns(self):
        return {"media": MEDIA_NS, "dc": DC_NS}


class _EntryExtras(BaseEntryExtension):
    """What feedgen 1.0 cannot write on an entry: media:content with media:description (the
    alt text), the entry's own xml:lang, and the rel/type of Atom entry links (feedgen 1.0
    drops every attribute but href on them, so the photo would read as a second page link).
    """

    def __init__(self):
        self.entry: Entry | None = None
        self.default_lang = ""
        self.contact_email = ""

    def extend_atom(self, element):
        if self.entry.lang != self.default_lang:
            element.set(XML_LANG, self.entry.lang)
        image = self.entry.image
        for link in element.iterchildren(f"{{{ATOM_NS}}}link", "link"):
            if link.get("href") == self.entry.url:
                link.set("rel", "alternate")
                link.set("type", "text/html")
            elif image and link.get("href") == image.url:
                link.set("rel", "enclosure")
                link.set("type", image.mime)
                link.set("length", str(image.length))
                link.set("title", image.alt)
        return self._add_photo(element)

    def extend_rss(self, element):
        # RSS 2.0's <author> is an e-mail address ("address (Name)"); without a public address
        # to give, the name goes in dc:creator, where RSS readers look for it. Never both: the
        # W3C validator warns, and readers would show the author twice.
        if self.contact_email:
            xml_elem("author", element).text = f"{self.contact_email} ({self.entry.author_name})"
        else:
            xml_elem(f"{{{DC_NS}}}creator", element).text = self.entry.author_name
        return self._add_photo(element)

    def _add_photo(self, element):
        image = self.entry.image
        if image:
            content = xml_elem(f"{{{MEDIA_NS}}}content", element)
            for key, value in (("url", image.url), ("type", image.mime), ("medium", "image"),
                               ("width", image.width), ("height", image.height), ("fileSize", image.length)):
                content.set(key, str(value))
            description = xml_elem(f"{{{MEDIA_NS}}}description", content)
            description.set("type", "plain")
            description.text = image.alt
        return element


def _generator(info: FeedInfo, entries: list[Entry]) -> FeedGenerator:
    feed = FeedGenerator()
    feed.register_extension("extras", _Namespaces, _EntryExtras)
    feed.id(info.feed_url)
    feed.title(info.title)
    feed.subtitle(info.subtitle or info.title)  # RSS requires a description
    # feedgen takes RSS's <link> from the last link set, so the home page goes last.
    feed.link(href=info.feed_url, rel="self")
    feed.link(href=info.home_url, rel="alternate", type="text/html")
    feed.language(info.lang)
    feed.author(name=info.author_name, uri=info.author_url)
    feed.generator("Ledarblogg")
    newest = newest_update(entries)
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for entry in map(_xml_safe, entries):
        item = feed.add_entry(order="append")
        item.extras.entry = entry
        item.extras.default_lang = info.lang
        item.extras.contact_email = info.contact_email
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate", type="text/html")
        item.published(entry.published)
        item.updated(entry.updated)
        item.author(name=entry.author_name, uri=entry.author_url)
        item.summary(entry.summary_html, type="html")
        item.description(entry.summary_html)
        item.content(entry.content_html, type="html")
        for term in (entry.category, *entry.tags):
            item.category(term=term, label=term)
        if entry.image:
            item.enclosure(entry.image.url, str(entry.image.length), entry.image.mime)
    return feed


def _xml_safe(entry: Entry) -> Entry:
    """The entry without characters XML cannot hold (an imported text may have U+0000 or U+FFFF;
    lxml refuses them). JSON Feed and the archive keep the text exact."""
    image = entry.image and replace(entry.image, alt=displayable(entry.image.alt))
    return replace(entry, title=title_text(entry.title), content_html=displayable(entry.content_html),
                   summary_html=displayable(entry.summary_html), author_name=displayable(entry.author_name),
                   category=displayable(entry.category), tags=tuple(map(displayable, entry.tags)), image=image)


def newest_update(entries: list[Entry]) -> datetime:
    return max(entry.updated for entry in entries)


def atom(info: FeedInfo, entries: list[Entry]) -> bytes:
    return _generator(info, entries).atom_str(pretty=True)


def rss(info: FeedInfo, entries: list[Entry]) -> bytes:
    return _generator(info, entries).rss_str(pretty=True)


def json_feed(info: FeedInfo, entries: list[Entry]) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    items = []
    for entry in entries:
        item = {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "content_html": entry.content_html,
            "summary": plain_text(entry.summary_html),  # JSON Feed's summary allows no HTML
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
            "authors": [{"name": entry.author_name, "url": entry.author_url}],
            "tags": [entry.category, *entry.tags],
            "language": entry.lang,
        }
        if entry.image:
            item["image"] = entry.image.url
            # JSON Feed has no field for alt text; extensions start with an underscore.
            item["_ledarblogg"] = {"image_alt": entry.image.alt}
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "description": info.subtitle,
        "home_page_url": info.home_url,
        "feed_url": info.feed_url,
        "language": info.lang,
        "authors": [{"name": info.author_name, "url": info.author_url}],
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


WRITERS = {"atom": atom, "rss": rss, "json": json_feed}
MIME_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
EXTENSIONS = {"atom": "atom.xml", "rss": "rss.xml", "json": "json"}
