"""What a feed entry is made of: absolute URLs, a stable id, plain text (the entry itself,
FeedEntry, is a contract between plugins and lives in contracts.py).

Pure core: no writing, no settings lookups.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "data")
_SRCSET_PART = re.compile(r"\s*([^\s,]+)(\s+[^,]+)?\s*(?:,|$)")


def absolute_html(html: str, base_url: str) -> str:
    """Every URL in href, src, srcset, poster (and cite, data) made absolute against base_url."""
    if not any(f"{attr}=" in html for attr in (*URL_ATTRIBUTES, "srcset")):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for attr in URL_ATTRIBUTES:
            if element.get(attr):
                element[attr] = urljoin(base_url, element[attr].strip())
        if element.get("srcset"):
            element["srcset"] = ", ".join(
                urljoin(base_url, url) + (descriptor or "")
                for url, descriptor in _SRCSET_PART.findall(element["srcset"])
            )
    return str(soup)


def plain_text(html: str) -> str:
    """The text of an HTML fragment on one line, as a reader shows a plain-text summary."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def stable_id(authority: str, published: datetime, lang: str, default_lang: str, override: str = "") -> str:
    """A tag: URI (RFC 4151) from the first publication time, so a new title or slug keeps the id.

    Translations share their original's time, so their language is part of the id. A post may
    set Feed_id to keep an id that was published before (or to part two posts of one minute).
    """
    if override:
        return override
    suffix = "" if lang == default_lang else f"/{lang}"
    return f"tag:{authority},{published:%Y-%m-%d}:{published:%H%M%S}{suffix}"


def authority_of(siteurl: str) -> str:
    host = urlsplit(siteurl).hostname or "localhost"
    return host
