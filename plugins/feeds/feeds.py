"""Every feed of the site, from one plan: Atom and RSS with feedgen, JSON Feed by hand.

Pelican's own feeds are off (FEED_* = None in pelicanconf.py), so this is the only feed code path.
The plan is made once all content is read, so every page can link its feeds; the files are
written after the articles, when their content (photos included) is final.
"""

from __future__ import annotations

import logging
from pathlib import Path

from babel import Locale, UnknownLocaleError
from contracts import (FEED_SOURCES, PAGE_FEED, PLANNED_FEEDS, RESPONSIVE_IMAGES, FeedEntry, FeedImage,
                       FeedSources, ImageRegistry, PlannedFeeds)
from jinja2 import pass_context
from output_files import write_whole
from pelican import signals
from plugin_settings import read_plugin_settings
from user_paths import shown_file

from . import entries as entries_mod
from .formats import WRITERS, FeedInfo
from .plan import Feed, Options, plan

log = logging.getLogger(__name__)


def _articles_generator(generators):
    return next(g for g in generators if hasattr(g, "articles") and hasattr(g, "translations"))


def make_plan(generators) -> None:
    generator = _articles_generator(generators)
    settings = generator.settings
    options = read_plugin_settings(settings, "FEEDS", Options)
    for problem in options.problems():
        log.error("Inställningar: %s", problem)
    sources: FeedSources = generator.context.get(FEED_SOURCES, {})
    articles = list(generator.articles) + list(generator.translations)
    default_lang = settings["DEFAULT_LANG"]
    planned = plan(
        options,
        settings["SITEURL"],
        settings["SITENAME"],
        [category for category, _ in generator.categories],
        [author for author, _ in generator.authors],
        list(generator.tags),
        sources=tuple(sources),
        translations=frozenset(map(id, generator.translations)),
        languages=[(code, language_name(code)) for code in sorted({a.lang for a in articles} - {default_lang})],
    )
    # Only feeds with something in them: a new, empty blog announces no feed it does not write.
    generator.context[PLANNED_FEEDS] = [
        feed for feed in planned if (sources[feed.source] if feed.source else any(map(feed.select, articles)))]


def write_feeds(generator, writer=None) -> None:
    settings = generator.settings
    options = read_plugin_settings(settings, "FEEDS", Options)
    siteurl = settings["SITEURL"]
    authority = options.id_authority or entries_mod.authority_of(siteurl)
    articles = sorted(list(generator.articles) + list(generator.translations),
                      key=lambda a: (a.date, a.url), reverse=True)
    images: ImageRegistry | None = generator.context.get(RESPONSIVE_IMAGES)
    ids = {id(a): _entry_id(a, settings, authority) for a in articles}
    _warn_on_shared_ids(articles, ids, settings)
    made = {}  # entries are made only for articles some feed shows (rendering content is the cost)

    def entry_of(article):
        if id(article) not in made:
            made[id(article)] = _entry(article, settings, ids[id(article)], images)
        return made[id(article)]

    output = Path(generator.output_path)
    for feed in generator.context.get(PLANNED_FEEDS, []):
        if feed.source:
            chosen = generator.context[FEED_SOURCES][feed.source][: options.limit]
        else:
            chosen = [entry_of(a) for a in [a for a in articles if feed.select(a)][: options.limit]]
        if not chosen:
            continue
        info = FeedInfo(
            title=feed.title,
            subtitle=settings.get("SITESUBTITLE", ""),
            feed_url=feed.url,
            home_url=f"{siteurl}/",
            lang=feed.lang or settings["DEFAULT_LANG"],
            author_name=settings["AUTHOR"],
            author_url=f"{siteurl}/",
            contact_email=options.contact_email,
        )
        target = output / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, WRITERS[feed.format](info, chosen))


def language_name(code: str) -> str:
    """The language as its readers name it: "English", "Deutsch"."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def _entry_id(article, settings, authority: str) -> str:
    return entries_mod.stable_id(authority, article.date, article.lang, settings["DEFAULT_LANG"],
                                 article.metadata.get("feed_id", ""))


def _entry(article, settings, entry_id: str, images: ImageRegistry | None) -> FeedEntry:
    siteurl = settings["SITEURL"]
    url = f"{siteurl}/{article.url}"
    image = None
    path = article.metadata.get("image")
    if path and images is not None:
        photo = images.og_image(path)
        if photo:
            image = FeedImage(photo["url"], article.metadata.get("image_alt", ""), photo["mime"],
                                      photo["length"], photo["width"], photo["height"])
    return FeedEntry(
        id=entry_id,
        url=url,
        title=article.title,
        content_html=entries_mod.absolute_html(article.get_content(siteurl), url),
        summary_html=entries_mod.absolute_html(article.get_summary(siteurl), url),
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        author_name=article.author.name,
        author_url=f"{siteurl}/{article.author.url}",
        category=article.category.name,
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        lang=article.lang,
        image=image,
        kind=article.metadata.get("kind", "post"),
    )


def _warn_on_shared_ids(articles, ids, settings) -> None:
    seen = {}
    for article in articles:
        entry_id = ids[id(article)]
        if entry_id in seen:
            log.warning("%s: Feed_id: samma id i flödena (%s) som %s; skriv ett eget Feed_id i det ena, annars ser "
                        "flödesläsare bara ett av inläggen", shown_file(article, settings), entry_id, seen[entry_id])
        seen[entry_id] = shown_file(article, settings)


@pass_context
def feed_links(ctx) -> list[Feed]:
    """The feeds a page should announce: the whole blog's, then the page's own subject."""
    feeds: PlannedFeeds = ctx.get(PLANNED_FEEDS) or []
    keys = {"all"}
    for name, prefix in (("category", "category"), ("author", "author"), ("tag", "tag")):
        subject = ctx.get(name)
        if subject is not None and hasattr(subject, "slug"):
            keys.add(f"{prefix}/{subject.slug}")
    if ctx.get(PAGE_FEED):  # a page of a feed source's own (the archive's pages: ARCHIVE_FEED)
        keys.add(ctx[PAGE_FEED])
    article = ctx.get("article")
    if article is not None:
        keys.add(f"category/{article.category.slug}")
        keys.add(f"author/{article.author.slug}")
    shown = article or ctx.get("page")
    if shown is not None:
        keys.add(f"language/{shown.lang}")
    return [feed for feed in feeds if feed.key in keys]


def add_template_helpers(generator) -> None:
    generator.env.globals["feed_links"] = feed_links


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.all_generators_finalized.connect(make_plan)
    signals.article_writer_finalized.connect(write_feeds)
