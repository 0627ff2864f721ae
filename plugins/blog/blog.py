"""Theme support: interface strings, Babel dates, reading time, neighbours and related posts."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import colours
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from share_kit.networks import NETWORKS

from . import dates, i18n, reading, related
from .people import parse_people

log = logging.getLogger(__name__)


def _page_lang(ctx) -> str:
    for name in ("article", "page"):
        obj = ctx.get(name)
        if obj is not None and getattr(obj, "lang", None):
            return obj.lang
    return ctx.get("lang") or ctx.get("DEFAULT_LANG", "sv")


def brand_style(settings) -> Markup:
    """The organisation's colour (BRAND_COLOUR) as the theme's accent, readable in light and dark."""
    colour = settings.get("BRAND_COLOUR") or ""
    if not colour:
        return Markup("")
    try:
        accents = colours.site_accents(colour)
    except (ValueError, TypeError):
        return Markup("")  # check_theme_settings has said why
    return Markup(f"<style>:root{{--accent:{accents['light']};--accent-bg:{accents['light_bg']}}}"
                  f"@media (prefers-color-scheme: dark){{:root{{--accent:{accents['dark']};"
                  f"--accent-bg:{accents['dark_bg']}}}}}</style>")


def profile_links(settings) -> list[dict[str, str]]:
    """The leader's profiles (PROFILES), labelled as each network writes its name; https only."""
    links = []
    for name, url in (settings.get("PROFILES") or {}).items():
        if _is_https(url):
            network = NETWORKS.get(name)
            links.append({"label": network.label if network else str(name).capitalize(), "url": url})
    return links


def check_theme_settings(generators) -> None:
    """BRAND_COLOUR and PROFILES, every problem named before publishing stops."""
    # Imported here: build_report's messages read blog.dates, so a module-level import is circular.
    from build_report import every_warning_then_stop

    settings = generators[0].settings
    with every_warning_then_stop():
        colour = settings.get("BRAND_COLOUR") or ""
        try:
            if colour:
                colours.rgb(colour)
        except (ValueError, TypeError):
            log.warning("Inställningar: BRAND_COLOUR i pelicanconf.py, ”%s”, är ingen färg; skriv till exempel "
                        "”#0b5c8a”, eller \"\" för bloggens blå", colour)
        for name, url in (settings.get("PROFILES") or {}).items():
            if not _is_https(url):
                log.warning("Inställningar: PROFILES[%r] i pelicanconf.py, %r, är ingen https-adress; skriv hela "
                            "adressen till profilen, till exempel \"https://www.linkedin.com/in/ditt-namn\"", name, url)


def _is_https(url) -> bool:
    return isinstance(url, str) and urlsplit(url).scheme == "https" and bool(urlsplit(url).hostname)


def add_template_helpers(generator) -> None:
    settings = generator.settings
    strings = i18n.StringTable(Path(settings["THEME"]) / "strings.toml", settings["DEFAULT_LANG"])
    authors = settings.get("AUTHORS", {})

    @pass_context
    def t(ctx, key: str) -> str:
        return strings.get(key, _page_lang(ctx))

    @pass_context
    def long_date(ctx, value) -> str:
        return i18n.long_date(value, _page_lang(ctx))

    @pass_context
    def og_locale(ctx) -> str:
        return i18n.locale_for(_page_lang(ctx))

    generator.env.globals.update(
        brand_style=lambda: brand_style(settings),
        profile_links=lambda: profile_links(settings),
        t=t,
        og_locale=og_locale,
        og_locale_of=i18n.locale_for,
        author_info=lambda author: authors.get(str(author), {}),
        page_lang=pass_context(_page_lang),
    )
    generator.env.filters.update(
        long_date=long_date,
        iso=i18n.iso_datetime,
        description=reading.description,
    )


def enrich_articles(generator) -> None:
    published = list(generator.articles) + list(generator.translations)
    related_posts = related.related_by_post(published)
    for article in published:
        _enrich(article, related_posts[id(article)])
    related.attach_neighbours(published)
    # Drafts and planned posts are shown in the preview under /utkast/ and must look as they will
    # once published; their related posts come from the published ones, and no published post
    # links to them.
    drafts = list(generator.drafts) + list(generator.drafts_translations)
    if drafts:
        index = related.RelatedIndex(published)
        for draft in drafts:
            _enrich(draft, index.related(draft))


def _enrich(article, related_posts: list) -> None:
    if article.metadata.get("kind") == "note":
        article.template = "note"
    article.reading_minutes = reading.reading_minutes(article._content)
    # The Image field is the photo for lists and sharing; show it on top of the post only
    # when the text does not already place it somewhere.
    image = article.metadata.get("image", "")
    article.show_image_on_top = bool(image) and image not in article._content
    article.people = _people(article)
    article.related_posts = related_posts


# Every list of content a generator keeps; Pelican writes each item (or a listing of it) later.
_CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                  "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


# A post's address is a folder name, and a file system takes 255 bytes per name: a slug made from
# a very long title would stop the build. Longer ones are cut at a hyphen (the readable part stays).
MAX_SLUG = 200


def short_slug(slug: str, limit: int = MAX_SLUG) -> str:
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("-", 1)[0]
    return cut if cut else slug[:limit]


def limit_slug(content) -> None:
    slug = getattr(content, "slug", None)
    if slug and len(slug) > MAX_SLUG:
        content.slug = short_slug(slug)


def freeze_urls(generators) -> None:
    """Compute each post's and page's url once, now that nothing changes it.

    Pelican formats it from the settings on every access (copying the metadata and resolving the
    source path each time), and templates ask for it tens of thousands of times. override_url is
    Pelican's own way to fix it. (save_as is left alone: Pelican reads override_save_as as "may
    overwrite another file", which would hide two posts colliding on one address.)
    """
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, ()):
                if not hasattr(content, "override_url"):
                    content.override_url = content.url


def _people(article) -> list:
    # A People field that cannot be read is reported by content_checks, which knows whether the
    # post is a draft (shown in the preview) or going to be published (stops publishing).
    try:
        return parse_people(article.metadata.get("people", ""))
    except ValueError:
        return []


def register() -> None:
    dates.register()
    signals.generator_init.connect(add_template_helpers)
    signals.content_object_init.connect(limit_slug)
    signals.article_generator_finalized.connect(enrich_articles)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(check_theme_settings)
