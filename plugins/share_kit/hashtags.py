"""Tags to hashtags that work on every network: letters (å ä ö too) and digits only.

Multi-word tags become CamelCase, which screen readers read as separate words
("#PsykiskHälsa"), and which every network links as one tag.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

# What networks accept inside a hashtag, minus the underscore (not everywhere linked).
_NOT_TAG_CHAR = regex.compile(r"[^\p{L}\p{M}\p{Nd}]+")
_LETTER = regex.compile(r"\p{L}")


def hashtag(tag: str) -> str | None:
    """'psykisk hälsa' -> '#PsykiskHälsa', 'äldreomsorg' -> '#äldreomsorg'; None when no letter is left.

    A single word keeps its case as written; in a multi-word tag each word gets a capital first
    letter and keeps the rest as written ("AI i skolan" -> "#AIISkolan"). Punctuation inside a
    word is removed ("e-tjänster" -> "#etjänster").
    """
    words = [_NOT_TAG_CHAR.sub("", word) for word in unicodedata.normalize("NFC", tag).split()]
    words = [word for word in words if word]
    if len(words) > 1:
        words = [word[0].upper() + word[1:] for word in words]
    text = "".join(words)
    # A digits-only hashtag ("#2026") is not linked by X or Instagram, so it is no hashtag.
    return f"#{text}" if _LETTER.search(text) else None


def hashtags_for(tags: Iterable[str], explicit: Iterable[str] = (), max_count: int | None = None) -> tuple[str, ...]:
    """Hashtags from the explicit Hashtags field first, then from the tags.

    Duplicates are removed without regard to case (the first spelling wins), and at most
    max_count are returned (None: no cap).
    """
    result: list[str] = []
    seen: set[str] = set()
    for tag in (*explicit, *tags):
        made = hashtag(tag)
        if made is None or made.casefold() in seen:
            continue
        seen.add(made.casefold())
        result.append(made)
    return tuple(result if max_count is None else result[: max(max_count, 0)])
