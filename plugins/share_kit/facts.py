"""From a Pelican article to the plain facts the text builders and cards need (thin glue)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import PurePosixPath

from blog.dates import parse_date
from blog.people import parse_people
from blog.reading import plain_text
from bs4 import BeautifulSoup
from pelican.utils import set_date_tzinfo

from .networks import NETWORKS
from .texts import PostFacts


class FieldError(ValueError):
    """A metadata field the kit cannot read; the message names the field."""


def public_site(settings) -> str:
    """The public site's address, whichever build made the kit: PUBLIC_URL in the DIN BLOGG block of
    pelicanconf.py (the preview's SITEURL is the author's own machine); a publishing build sets it
    to the address it publishes at."""
    return (settings.get("PUBLIC_URL") or settings["SITEURL"]).rstrip("/")


def public_url(article, settings) -> str:
    """The address the post has (or will have, for a planned post or a draft) on the public site."""
    key = "ARTICLE_URL" if article.lang == settings["DEFAULT_LANG"] else "ARTICLE_LANG_URL"
    return f"{public_site(settings)}/{settings[key].format(**article.url_format)}"


def post_facts(article, settings, shared: Mapping[str, datetime] | None = None, made_on: date | None = None
               ) -> PostFacts:
    """`shared`: when each network's text goes out (calendar.share_times); `made_on`: today."""
    meta = article.metadata
    soup = BeautifulSoup(article._content, "html.parser")
    paragraphs = tuple(p.get_text(" ", strip=True) for p in soup.find_all("p") if p.get_text(strip=True))
    try:
        people = tuple(parse_people(meta.get("people", "")))
    except ValueError as error:
        raise FieldError(f"People: {error}") from None
    summary = plain_text(meta["summary"]) if "summary" in meta else ""
    return PostFacts(
        title=article.title,
        url=public_url(article, settings),
        lang=article.lang,
        kind=meta.get("kind", "post"),
        summary=summary,
        paragraphs=paragraphs,
        hook=meta.get("hook", "").strip(),
        people=people,
        place=meta.get("place", "").strip(),
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        hashtags=tuple(h.strip() for h in meta.get("hashtags", "").split(",") if h.strip()),
        overrides={name: meta[field].strip() for name, network in NETWORKS.items()
                   if meta.get(field := network.text_field.lower(), "").strip()},
        has_image=bool(meta.get("image")),
        image_alt=meta.get("image_alt", "").strip(),
        date=article.date.date(),
        share_dates={network: when.date() for network, when in (shared or {}).items()},
        made_on=made_on,
    )


def asked_share_dates(article, settings, networks) -> dict[str, datetime]:
    """The share times asked for with Share_date_<network>; the others follow the post's own date
    (calendar.share_times decides)."""
    dates = {}
    for network in networks:
        field = NETWORKS[network].date_field
        value = article.metadata.get(field.lower(), "").strip()
        if not value:
            continue
        try:
            dates[network] = set_date_tzinfo(parse_date(field, value), settings["TIMEZONE"])
        except ValueError as error:
            raise FieldError(str(error)) from None
    return dates


def focus(article) -> tuple[float, float]:
    """Focus: 0.5, 0.3 — the point of the photo (fractions of width and height) to crop around."""
    value = article.metadata.get("focus", "").strip()
    if not value:
        return (0.5, 0.5)
    try:
        x, y = (float(part) for part in value.split(","))
    except ValueError:
        raise FieldError(f"Focus: ”{value}” går inte att läsa; skriv två andelar, till exempel 0.5, 0.3") from None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise FieldError(f"Focus: ”{value}”: båda talen måste vara mellan 0 och 1, till exempel 0.5, 0.3")
    return (x, y)


def slug_of(article) -> str:
    """A folder name for the post's kit: its slug, with the language for translations."""
    return article.slug if article.in_default_lang else f"{article.slug}-{article.lang}"


def source_of(article) -> str:
    return str(PurePosixPath(article.relative_source_path))
