"""How each network counts a text, so that a share text never goes over its limit.

Where a network's exact rule is unknown or depends on its own parser, these functions count
*at least* as much as the network does: a text that fits here fits there. The price is a few
characters of margin in rare cases (a URL followed by punctuation, a bare domain name).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator

import regex

Counter = Callable[[str], int]

URL_LENGTH = 23  # X's t.co length and Mastodon's characters_reserved_per_url

# Only http(s) URLs with a real-looking host count as links. The path is limited to the ASCII
# characters RFC 3986 allows (parentheses left out): whatever a network's parser would add
# beyond that is then counted character by character here, which only ever counts more.
_HTTP_URL = regex.compile(
    r"https?://(?:[\w-]+\.)+[^\W\d_]{2,}(?::\d+)?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*)?",
    regex.IGNORECASE,
)
# Trailing punctuation ends a sentence, not the URL (as in twitter-text and Mastodon).
_TRAILING = ".,;:!?'"

# X also links bare domains ("ekbacka.se/jobb"). Whether it does depends on its TLD list, so a
# bare domain counts as the larger of its own length and 23: right either way.
_BARE_DOMAIN = regex.compile(
    r"(?<![\w@./-])(?:[\w-]+\.)+[A-Za-z]{2,}(?![\w-])(?:/[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*)?"
)
# Swedish abbreviations that look like domains but whose "TLD" is no TLD.
_NOT_DOMAINS = frozenset({"t.ex", "m.fl", "f.kr", "e.kr", "o.dyl", "bl.a"})

# X's weights (twitter-text config v3): these code point ranges weigh 1, all others 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))

# A grapheme cluster is an emoji (one sequence, weight 2 on X) when it holds a pictograph, a
# regional indicator (flags) or a combining keycap ("1️⃣").
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")
_CLUSTER = regex.compile(r"\X")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def grapheme_list(text: str) -> list[str]:
    """The user-perceived characters of text (extended grapheme clusters, after NFC)."""
    return _CLUSTER.findall(nfc(text))


def graphemes(text: str) -> int:
    return len(grapheme_list(text))


def utf16_length(text: str) -> int:
    """Length as a JavaScript composer counts it (UTF-16 code units): an emoji may count 2.

    Used for LinkedIn and Instagram, whose exact rule is not published; this is never less
    than the code point or grapheme count, so it is the safe one.
    """
    return len(nfc(text).encode("utf-16-le")) // 2


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every http(s) URL in text, trailing punctuation left out."""
    for match in _HTTP_URL.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        yield start, end


def _split(text: str, spans: Iterator[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """The text between the spans, and the spans' own text."""
    rest, found, position = [], [], 0
    for start, end in spans:
        rest.append(text[position:start])
        found.append(text[start:end])
        position = end
    rest.append(text[position:])
    return rest, found


def _x_plain(text: str) -> int:
    """X weight of text without URLs: emoji sequences 2, other code points 1 or 2."""
    total = 0
    for cluster in _CLUSTER.findall(text):
        if _EMOJI.search(cluster):
            total += 2
            continue
        for char in cluster:
            code = ord(char)
            total += 1 if any(low <= code <= high for low, high in _X_LIGHT) else 2
    return total


def _bare_domains(text: str) -> Iterator[tuple[int, int]]:
    for match in _BARE_DOMAIN.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if text[start:end].lower() not in _NOT_DOMAINS:
            yield start, end


def x_weighted_length(text: str) -> int:
    """Length as X counts it: NFC; URLs 23; emoji sequences 2; Latin-1, Swedish etc. 1; CJK 2."""
    text = nfc(text)
    pieces, urls = _split(text, url_spans(text))
    total = URL_LENGTH * len(urls)
    for piece in pieces:
        rest, domains = _split(piece, _bare_domains(piece))
        total += sum(max(_x_plain(domain), URL_LENGTH) for domain in domains)
        total += sum(_x_plain(part) for part in rest)
    return total


def mastodon_length(text: str) -> int:
    """Length as Mastodon counts it: graphemes, with every http(s) URL as 23."""
    text = nfc(text)
    pieces, urls = _split(text, url_spans(text))
    return URL_LENGTH * len(urls) + sum(graphemes(piece) for piece in pieces)


def bluesky_length(text: str) -> int:
    """Length on Bluesky's 300 scale: graphemes, URLs in full.

    A post's text is also limited to 3,000 UTF-8 bytes; a tenth of the byte count is set
    against the 300 graphemes so that emoji-heavy texts respect both limits.
    """
    text = nfc(text)
    return max(graphemes(text), math.ceil(len(text.encode("utf-8")) / 10))
