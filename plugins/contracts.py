"""What our plugins hand each other through Pelican's context, and the order PLUGINS must have.

Pelican gives all generators one shared dict, the context: the settings, then what each
generator gathers. Our plugins leave values there for each other and for the theme. Each such
value is a contract, named here once: its key is a constant (writers and readers import it and
never spell the key), its type is below, and its docstring says who writes it, when, and who
reads it. The theme reads the same keys as template variables, so renaming one means the theme too.

Keys one module keeps for itself are not contracts and stay with it: written_content.WRITTEN (which
items a build writes, cached) and public_files.ARTICLE_LINKS (from its article step to its page
step). Pelican's own keys (articles, static_links, staticfiles …) are Pelican's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypedDict, runtime_checkable

if TYPE_CHECKING:  # only for the annotations: feeds imports this module
    from feeds.plan import Feed
    from markupsafe import Markup


# ─── The photo registry ───────────────────────────────────────────────────────────────────

RESPONSIVE_IMAGES = "responsive_images"


class ImageCopy(TypedDict):
    """A photo's largest JPEG copy: what og:image, a feed's enclosure and the archive link."""

    url: str  # absolute
    width: int
    height: int
    mime: str
    length: int  # bytes


@runtime_checkable
class ImageRegistry(Protocol):
    """context[RESPONSIVE_IMAGES]: the build's photos, published only as processed copies without
    metadata. Written by responsive_images when the first generator starts (one per build), so it
    is there for every generator's generate_context. Read by social_archive (its posts' photos:
    process, og_image; a photo without a copy is not published), by feeds (each entry's image) and
    by the theme through the picture() and og_image() globals."""

    def process(self, paths: Iterable[str]) -> None:
        """Make (or take from the cache) the copies of these photos, relative to the content folder."""

    def picture(self, rel: str, alt: str, sizes: str | None = None, eager: bool = False) -> Markup:
        """<picture> markup for a photo."""

    def og_image(self, rel: str) -> ImageCopy | None:
        """The photo's largest copy, or None when it has none (its problem was logged)."""

    def largest_copy(self, rel: str) -> str | None:
        """The largest copy's address relative to the site, where links to the original lead."""


# ─── Feeds ────────────────────────────────────────────────────────────────────────────────

FEED_SOURCES = "feed_sources"
ARCHIVE_FEED = "archive"  # the social archive's source in FEED_SOURCES, and its feed's key


@dataclass(frozen=True)
class FeedImage:
    url: str
    alt: str
    mime: str
    length: int
    width: int
    height: int


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: made by feeds for each article, and by a plugin for each item of its
    own feed source. `id` never changes once published (feed readers know entries by it)."""

    id: str
    url: str
    title: str  # plain text
    content_html: str
    summary_html: str
    published: datetime
    updated: datetime
    author_name: str
    author_url: str
    category: str
    tags: tuple[str, ...]
    lang: str
    image: FeedImage | None
    kind: str  # post, note or archive


FeedSources = dict[str, list[FeedEntry]]
"""context[FEED_SOURCES]: feeds of other things than articles, by source name, newest first.
Written by social_archive in its generate_context (ARCHIVE_FEED; setdefault, so other sources can
add theirs). Read by feeds once all generators have gathered (make_plan: a source with entries
gets its feeds, FEEDS["archive"] gives the formats) and when the articles are written (write_feeds)."""

PLANNED_FEEDS = "feeds"
PlannedFeeds = list["Feed"]
"""context[PLANNED_FEEDS]: every feed the site has (feeds.plan.Feed), those with something in
them. Written by feeds (make_plan) once all generators have gathered, before any page is written.
Read by feeds (write_feeds, and feed_links(), which gives each page the feeds it announces) and by
the theme's feeds.html (the feeds page)."""

PAGE_FEED = "page_feed"
"""Not in the shared context: in the template context of one written page, the FEED_SOURCES
key whose feed the page announces (<link rel="alternate">). Written by social_archive on each of
its pages (ARCHIVE_FEED), read by feeds' feed_links()."""


# ─── The social archive ───────────────────────────────────────────────────────────────────

SOCIAL_ARCHIVE = "social_archive"


@dataclass(frozen=True)
class ArchiveLinks:
    """The archive's addresses every archive page links to, after SITEURL/ (social_archive/urls.py)."""

    home: str
    statistics: str
    open_data: str
    json: str
    csv: str
    platforms: dict[str, str]  # platform -> its list
    years: dict[int, str]  # year -> its list


class ArchivedEntry(Protocol):
    """What the theme reads of one archived post (social_archive.site.Entry has more)."""

    url: str
    label: str  # the platform's name: "LinkedIn"
    title: str
    date_text: str
    original_url: str


@runtime_checkable
class SocialArchive(Protocol):
    """context[SOCIAL_ARCHIVE]: the published archived posts. Written by social_archive in its
    generate_context (empty when there is no archive; links None then). Read by the theme: the
    menu's link (base.html), the search form's platform filter, the archive's own pages."""

    entries: Sequence[ArchivedEntry]  # newest first
    links: ArchiveLinks | None


# ─── The share kit ────────────────────────────────────────────────────────────────────────

SITE_CARD = "site_card"


class SiteCard(TypedDict):
    """context[SITE_CARD]: the og:image of every page without one of its own (the owner's name and
    role, drawn). Written by share_kit once all generators have gathered (build_kits), read by the
    theme (partials/share_meta.html)."""

    url: str
    width: int
    height: int


# ─── The order of PLUGINS ─────────────────────────────────────────────────────────────────
#
# Pelican calls the plugins' handlers of one signal in PLUGINS order. Where two plugins handle the
# same signal and one needs the other's result, the order is a contract too. Everything else is
# free, because Pelican's own sequence already orders it: every generator is made (and the photo
# registry with the first) before any gathers context; every generator gathers (social_archive's
# posts, feed sources and photos) before all_generators_finalized; pages are written after that.
# So social_archive may stand before or after responsive_images and feeds (tests/test_contracts.py
# builds it so and gets the same site).


@dataclass(frozen=True)
class Before:
    first: str
    then: str
    why: str  # for developers
    otherwise: str  # for the user (Swedish): what goes wrong the other way round


@dataclass(frozen=True)
class Needs:
    plugin: str
    needed: str
    why: str
    otherwise: str  # Swedish


ORDER = (
    *(Before("parallel_build", later,
             "parallel_build renders the recorded pages in its own finalized handler; the later plugin's "
             "finalized handler reads the written pages",
             f"annars läser {what} sidorna innan de är skrivna")
      for later, what in (("search", "sökningen"), ("sitemap", "webbplatskartan"), ("build_report", "byggrapporten"))),
    Before("content_checks", "responsive_images",
           "both run at all_generators_finalized: content_checks reads each body as written, responsive_images "
           "then rewrites its <img> into <picture> with the copies' addresses",
           "annars namnger kontrollen en bild utan alt-text med kopians adress i stället för filen som står i texten"),
    Before("search", "build_report",
           "build_report's finalized step writes the preview's list of the build's warnings; search's own "
           "finalized step (Pagefind) can warn",
           "annars syns inte sökningens varningar i förhandsvisningen"),
    Before("share_kit", "build_report",
           "build_report's finalized step writes the preview's list of warnings; share_kit's finalized step "
           "(the cards and the kit) can warn",
           "annars syns inte delningskitets varningar i förhandsvisningen"),
)
NEEDS = (
    Needs("social_archive", "responsive_images",
          "archive photos are published only as the registry's copies (no metadata); without it every one is "
          "left out, silently",
          "utan den publiceras inga bilder i arkivet"),
    Needs("social_archive", "feeds", "the archive's feed (FEED_SOURCES) is written only by feeds",
          "utan den får arkivet inget flöde"),
)
# The theme calls these plugins' template globals on every page: t() and the dates (blog),
# feed_links() (feeds), picture() and og_image() (responsive_images).
THEME_NEEDS = ("blog", "feeds", "responsive_images")


class ContractError(Exception):
    """PLUGINS breaks a contract above. The message (Swedish, one line) says which and how to fix;
    build_report shows it as it is, without a traceback, and the build stops."""


def plugin_problems(plugins: Sequence[str]) -> list[str]:
    """Every broken contract of this PLUGINS list, in Swedish."""
    plugins = list(plugins)
    problems = [f"{rule.first} måste stå före {rule.then} ({rule.otherwise}); flytta \"{rule.first}\" före "
                f"\"{rule.then}\"" for rule in ORDER
                if rule.first in plugins and rule.then in plugins and plugins.index(rule.first) > plugins.index(rule.then)]
    missing: dict[str, list[str]] = {}  # each missing plugin named once, with every reason
    for need in NEEDS:
        if need.plugin in plugins and need.needed not in plugins:
            missing.setdefault(need.needed, []).append(f"{need.plugin} behöver den: {need.otherwise}")
    for name in THEME_NEEDS:
        if name not in plugins:
            missing.setdefault(name, []).append("temat använder den på varje sida")
    problems += [f"{name} saknas ({'; '.join(reasons)}); lägg till \"{name}\"" for name, reasons in missing.items()]
    return problems


def check_plugins(plugins: Sequence[str]) -> None:
    """Raise ContractError naming every broken contract of PLUGINS, or return."""
    problems = plugin_problems(plugins)
    if problems:
        raise ContractError("Inställningar: PLUGINS i pelicanconf.py: " + "; ".join(problems))
