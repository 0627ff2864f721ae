"""How an archived post is shown: escaped text with links, titles, alt fallbacks, statistics, open data.

Pure core. Imported text is plain text from the platforms: it is escaped piece by piece and
never parsed as Markdown, HTML or a template, so `<script>`, `**x**` and `{{ x }}` show as typed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import quote

from blog.reading import shorten
from markupsafe import Markup

PLATFORMS = {"linkedin": "LinkedIn", "instagram": "Instagram", "facebook": "Facebook", "x": "X",
             "mastodon": "Mastodon"}
# Where a #hashtag or @name leads on each platform; None leaves it as text (LinkedIn mentions
# are names, not handles).
HASHTAG_URLS = {"linkedin": "https://www.linkedin.com/feed/hashtag/{}/",
                "instagram": "https://www.instagram.com/explore/tags/{}/"}
MENTION_URLS = {"instagram": "https://www.instagram.com/{}/"}

TOKENS = re.compile(
    r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
    r"|(?<![\w#])#(?P<tag>\w+)"
    r"|(?<![\w@])@(?P<mention>[\w](?:[\w.]*\w)?)"
)


def label(platform: str) -> str:
    return PLATFORMS.get(platform, platform.capitalize())


def hashtags(text: str) -> list[str]:
    return [m["tag"] for m in TOKENS.finditer(text) if m["tag"]]


def mentions(text: str) -> list[str]:
    return [m["mention"] for m in TOKENS.finditer(text) if m["mention"]]


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href, quote=True)}" rel="nofollow noopener">{escape(text)}</a>'


def linkify_line(line: str, platform: str) -> str:
    """One line of plain text as HTML: everything escaped, URLs, hashtags and mentions linked."""
    out, last = [], 0
    for match in TOKENS.finditer(line):
        out.append(escape(line[last:match.start()]))
        token = match.group(0)
        if match["url"]:
            out.append(_link(match["url"], token))
        elif match["tag"] and platform in HASHTAG_URLS:
            out.append(_link(HASHTAG_URLS[platform].format(quote(match["tag"].lower())), token))
        elif match["mention"] and platform in MENTION_URLS:
            out.append(_link(MENTION_URLS[platform].format(quote(match["mention"])), token))
        else:
            out.append(escape(token))
        last = match.end()
    out.append(escape(line[last:]))
    return "".join(out)


def text_html(text: str, platform: str) -> Markup:
    """The whole text, escaped, with links; line breaks and spaces are kept as typed (the page
    shows them with white-space: pre-wrap), so the text read back from the page is the text."""
    return Markup("\n".join(linkify_line(line, platform) for line in text.split("\n")))


def title_of(text: str, platform: str, when_text: str, limit: int = 80) -> str:
    """The first line, cut at a word; or the platform and date when the post has no text."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return shorten(first, limit) if first else f"{label(platform)}-inlägg {when_text}"


def fallback_alt(platform: str, when_text: str, index: int, count: int, kind: str) -> str:
    what = "Video" if kind == "video" else "Bild"
    part = f" {index} av {count}" if count > 1 else ""
    return f"{what}{part} från {label(platform)}-inlägget {when_text} (ingen bildbeskrivning ännu)"


@dataclass(frozen=True)
class MonthCount:
    month: str  # 2025-03
    counts: dict[str, int]  # platform -> posts


def per_month(entries: list[tuple[datetime, str]], platforms: list[str]) -> list[MonthCount]:
    """Posts per month per platform, every month from the first to the last (gaps shown as 0)."""
    if not entries:
        return []
    counted = Counter((f"{when:%Y-%m}", platform) for when, platform in entries)
    first, last = min(w for w, _ in entries), max(w for w, _ in entries)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        months.append(MonthCount(key, {p: counted[(key, p)] for p in platforms}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def bar_chart_svg(months: list[MonthCount], platforms: list[str], colours: dict[str, str],
                  title_id: str, desc_id: str) -> Markup:
    """Stacked bars per month as inline SVG; the same figures are in the table beside it."""
    width, height, pad = 720, 260, 32
    top = max((sum(m.counts.values()) for m in months), default=1) or 1
    bar = (width - 2 * pad) / max(len(months), 1)
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id} {desc_id}" '
             f'class="chart" xmlns="http://www.w3.org/2000/svg">']
    for i, month in enumerate(months):
        y = height - pad
        for platform in platforms:
            n = month.counts.get(platform, 0)
            if not n:
                continue
            h = (height - 2 * pad) * n / top
            y -= h
            parts.append(f'<rect x="{pad + i * bar + 1:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" '
                         f'height="{h:.1f}" fill="{colours[platform]}"/>')
        if i % 3 == 0:
            parts.append(f'<text x="{pad + i * bar:.1f}" y="{height - 10}" font-size="11" fill="currentColor">'
                         f'{month.month}</text>')
    parts.append(f'<text x="4" y="{pad - 8}" font-size="11" fill="currentColor">{top}</text>')
    parts.append(f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="currentColor"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
