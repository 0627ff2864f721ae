"""Which feeds the site has: one settings dict decides, the content decides the rest."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from contracts import ARCHIVE_FEED

from .formats import EXTENSIONS, MIME_TYPES

FORMATS = set(EXTENSIONS)


@dataclass(frozen=True)
class Options:
    """FEEDS in the settings. Each kind lists the formats written for it; () writes none."""

    all: tuple[str, ...] = ("atom", "rss", "json")
    category: tuple[str, ...] = ("atom",)
    author: tuple[str, ...] = ("atom",)
    tag: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    archive: tuple[str, ...] = ("atom", "rss")  # the social archive, when there is one
    limit: int = 50
    # The authority in entry ids (tag:AUTHORITY,date:time). Set it once and never change it;
    # by default it is the host name of SITEURL.
    id_authority: str = ""
    folder: str = "feeds"
    # A public e-mail address (the organisation's registry, say): RSS names each post's author as
    # "address (Name)", as RSS 2.0 defines <author>. Without one, RSS names them in dc:creator.
    contact_email: str = ""
    # Feed titles; {site} is SITENAME and {name} the category, author or tag.
    titles: tuple[tuple[str, str], ...] = (
        ("all", "{site}: alla inlägg"),
        ("notes", "{site}: anteckningar"),
        ("category", "{site}: kategorin {name}"),
        ("author", "{site}: inlägg av {name}"),
        ("tag", "{site}: ämnet {name}"),
        ("archive", "{site}: arkivet från sociala medier"),
        ("language", "{site}: {name}"),  # {name}: the language in itself, "English"
    )

    def problems(self) -> list[str]:
        found = []
        for kind in ("all", "category", "author", "tag", "notes", "archive"):
            unknown = set(getattr(self, kind)) - FORMATS
            if unknown:
                found.append(f"FEEDS[{kind!r}] i pelicanconf.py har okända format: {', '.join(sorted(unknown))}; "
                             f"använd {', '.join(sorted(FORMATS))}")
        if self.limit < 1:
            found.append("FEEDS['limit'] i pelicanconf.py måste vara minst 1")
        if self.contact_email and not re.fullmatch(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+", self.contact_email):
            found.append(f"FEEDS['contact_email'] i pelicanconf.py är ingen e-postadress: {self.contact_email!r}; "
                         "skriv till exempel \"registrator@kommun.se\", eller \"\" för ingen")
        return found


@dataclass(frozen=True)
class Feed:
    key: str  # e.g. "all", "category/besok"
    title: str
    path: str  # inside the output folder
    url: str
    format: str
    select: Callable = field(compare=False)
    source: str = ""  # a feed of entries some plugin put in context[FEED_SOURCES], not of articles
    lang: str = ""  # a language feed's language; the others are in the site's

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.format]


def plan(options: Options, siteurl: str, sitename: str, categories, authors, tags, sources=(),
         translations=frozenset(), languages=()) -> list[Feed]:
    """Every feed to write, in a stable order.

    The subject feeds show each post once, in the site's language when it has that version
    (Pelican's original), so a reader never gets one post twice; `translations` holds the ids
    of the other versions. Each other language in `languages` (code, name) gets a feed of every
    post written in it, with the formats of the all-posts feed.
    """
    titles = {kind: text.replace("{site}", sitename) for kind, text in dict(options.titles).items()}
    groups = [("all", "alla", titles["all"], options.all, lambda a: True)]
    groups.append(("notes", "anteckningar", titles["notes"], options.notes,
                   lambda a: a.metadata.get("kind") == "note"))
    for category in sorted(categories, key=lambda c: c.slug):
        groups.append((f"category/{category.slug}", f"kategori/{category.slug}",
                       titles["category"].format(name=category.name), options.category,
                       lambda a, c=category: a.category == c))
    for author in sorted(authors, key=lambda a: a.slug):
        groups.append((f"author/{author.slug}", f"forfattare/{author.slug}",
                       titles["author"].format(name=author.name), options.author,
                       lambda a, who=author: who in a.authors))
    for tag in sorted(tags, key=lambda t: t.slug):
        groups.append((f"tag/{tag.slug}", f"amne/{tag.slug}", titles["tag"].format(name=tag.name),
                       options.tag, lambda a, t=tag: t in getattr(a, "tags", [])))
    groups = [(key, stem, title, formats, lambda a, chosen=select: id(a) not in translations and chosen(a))
              for key, stem, title, formats, select in groups]
    for code, name in languages:
        groups.append((f"language/{code}", f"{code}/alla", titles["language"].format(name=name), options.all,
                       lambda a, code=code: a.lang == code))
    feeds = []
    for key, stem, title, formats, select in groups:
        for fmt in formats:
            path = f"{options.folder}/{stem}.{EXTENSIONS[fmt]}"
            lang = key.removeprefix("language/") if key.startswith("language/") else ""
            feeds.append(Feed(key, title, path, f"{siteurl}/{path}", fmt, select, lang=lang))
    if ARCHIVE_FEED in sources:
        for fmt in options.archive:
            path = f"{options.folder}/arkiv.{EXTENSIONS[fmt]}"
            feeds.append(Feed(ARCHIVE_FEED, titles["archive"], path, f"{siteurl}/{path}", fmt, lambda a: False,
                              source=ARCHIVE_FEED))
    return feeds
