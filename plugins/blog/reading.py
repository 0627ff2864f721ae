"""Reading time and plain-text excerpts of rendered content."""

import re
from html import unescape

import source_facts

# Swedish adult readers manage about 200 words a minute of non-fiction on screen.
WORDS_PER_MINUTE = 200
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def plain_text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


@source_facts.of_html
def reading_minutes(html: str) -> int:
    words = len(_WORD.findall(plain_text(html)))
    return max(1, round(words / WORDS_PER_MINUTE))


def shorten(text: str, limit: int) -> str:
    """Whole words, at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"


def description(html: str, limit: int = 160) -> str:
    """A meta description from rendered HTML."""
    return shorten(plain_text(html), limit)
