"""How each network counts a text, so that a share text never goes over its limit.

X and Mastodon find links with twitter-text's own rules (the twitter-text-parser port, which passes
twitter-text's conformance suite): its list of top-level domains, its 4,096-character cap, its
63-character labels after punycode, what may stand before a link. Both networks are counted in two
readings and the larger kept, because a post must pass both:
- the code point reading of the servers (twitter-text's Java and Ruby versions, Mastodon's server);
- the UTF-16 reading of twitter-text's JavaScript, which the web composers run: there a character
  outside the Basic Multilingual Plane (most emoji) is two halves, which can start or end a link
  where the servers see none.
Where a network's rule is unknown, these functions count *at least* as much as the network does:
a text that fits here fits there.

This module is also read on its own (the conformance checks import the file): no relative imports.
"""

from __future__ import annotations

import math
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from types import SimpleNamespace

import regex

Counter = Callable[[str], int]

URL_LENGTH = 23  # X's t.co length and Mastodon's characters_reserved_per_url
MAX_URL_LENGTH = 4096  # twitter-text: a longer link is no link
MAX_LABEL_LENGTH = 63  # twitter-text: a domain label longer than this after punycode is no link
MAX_TCO_SLUG = 40

# X's weights (twitter-text config v3): these code point ranges weigh 1, all others 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))

# twitter-text 3.1 counts an emoji sequence as one character of weight 2 when its emoji list
# (twemoji 11, that is Emoji 11.0) knows the sequence; a newer one is counted part by part, which
# is more. So the sequences that count as one are Emoji 11.0's fully-qualified ones (from the emoji
# package), with twemoji 11's own differences: it lacks two, and knows the keycaps without U+FE0F
# and the eye in a speech bubble without it. A newer sequence is never counted lower than on X.
_NOT_IN_TWEMOJI_11 = frozenset({"\U0001f441\ufe0f\u200d\U0001f5e8\ufe0f", "\u267e\ufe0f"})
_ONLY_IN_TWEMOJI_11 = frozenset({*(f"{key}\u20e3" for key in "#*0123456789"), "\U0001f441\u200d\U0001f5e8"})


@lru_cache(maxsize=1)
def _rules() -> SimpleNamespace:
    """twitter-text's patterns and the emoji sequences, made on first use: loading them takes about
    0.3 s, which a build that writes no share texts (every publishing build) need not pay."""
    import emoji

    # twitter-text-parser loads its emoji list with pkg_resources, which warns (in English) that it
    # is deprecated; the user can do nothing about it, so it is not shown.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from twitter_text import extract_urls_with_indices
        from twitter_text.regexp.extract_url import extract_url
        from twitter_text.regexp.invalid_url_without_protocol_preceding_chars import (
            invalid_url_without_protocol_preceding_chars,
        )
        from twitter_text.regexp.valid_ascii_domain import valid_ascii_domain
        from twitter_text.regexp.valid_tco_url import valid_tco_url

    sequences = frozenset(
        sequence for sequence, data in emoji.EMOJI_DATA.items()
        if len(sequence) > 1 and data["E"] <= 11 and data["status"] == emoji.STATUS["fully_qualified"]
    ) - _NOT_IN_TWEMOJI_11 | _ONLY_IN_TWEMOJI_11
    sequences_utf16 = frozenset(_utf16(sequence) for sequence in sequences)
    return SimpleNamespace(
        extract_urls_with_indices=extract_urls_with_indices, extract_url=extract_url,
        invalid_url_without_protocol_preceding_chars=invalid_url_without_protocol_preceding_chars,
        valid_ascii_domain=valid_ascii_domain, valid_tco_url=valid_tco_url,
        shapes={False: (sequences, *_lengths(sequences)), True: (sequences_utf16, *_lengths(sequences_utf16))})

_CLUSTER = regex.compile(r"\X")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def grapheme_list(text: str) -> list[str]:
    """The user-perceived characters of text (extended grapheme clusters, after NFC)."""
    return _CLUSTER.findall(nfc(text))


def graphemes(text: str) -> int:
    return len(grapheme_list(text))


def _clusters(text: str) -> int:
    """Grapheme clusters of text as it is (Mastodon and Bluesky count what they are sent)."""
    return len(_CLUSTER.findall(text))


def utf16_length(text: str) -> int:
    """Length as a JavaScript composer counts it (UTF-16 code units): an emoji may count 2.

    Used for LinkedIn and Instagram, whose exact rule is not published; this is never less
    than the code point or grapheme count, so it is the safe one.
    """
    return len(nfc(text).encode("utf-16-le")) // 2


# Threads counts "emojis as the number of UTF-8 bytes" (Meta's Threads API, "Threads Posts",
# Limitations). A grapheme cluster is taken for an emoji when any of its code points is a
# pictograph or a part of an emoji sequence: wider than Meta's (unpublished) list, never narrower,
# so a symbol such as (c) that Threads may count as 1 costs 2 here.
_EMOJI_PART = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0f\u20e3\U000e0020-\U000e007f]")


def threads_length(text: str) -> int:
    """Length as Threads counts it, or more: an emoji (a whole sequence such as a flag, a skin tone
    or a family) as its UTF-8 bytes; any other character as its UTF-16 units, the largest of the
    three counts Threads may mean by "characters" (graphemes <= code points <= UTF-16 units).
    Links count in full: Threads documents no shortening."""
    return sum(len(cluster.encode("utf-8", "surrogatepass")) if _EMOJI_PART.search(cluster)
               else len(cluster.encode("utf-16-le", "surrogatepass")) // 2
               for cluster in _CLUSTER.findall(nfc(text)))


# --- The two readings: code points, and UTF-16 units as JavaScript has them ----------------------


def _utf16(text: str) -> str:
    """text as JavaScript sees it: one str item per UTF-16 unit (astral characters as two halves)."""
    return "".join(char if ord(char) < 0x10000 else chr(0xD7C0 + (ord(char) >> 10)) + chr(0xDC00 + (ord(char) & 0x3FF))
                   for char in text)


def _code_points(units: str) -> str:
    """The reverse of _utf16: halves that form a pair are one character again, lone ones stay."""
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


_PAIR = regex.compile(r"[\ud800-\udbff][\udc00-\udfff]")


def _lengths(sequences: frozenset[str]) -> tuple[tuple[int, ...], frozenset[str]]:
    return tuple(sorted({len(s) for s in sequences}, reverse=True)), frozenset(s[0] for s in sequences)


def _emoji_at(units: str, js: bool) -> dict[int, int]:
    """Start -> length of every known emoji sequence, found left to right, the longest first."""
    sequences, lengths, firsts = _rules().shapes[js]
    found, i = {}, 0
    while i < len(units):
        if units[i] in firsts:
            n = next((n for n in lengths if units[i:i + n] in sequences), 0)
            if n:
                found[i] = n
                i += n
                continue
        i += 1
    return found


def _js_domain_ok(domain: str) -> bool:
    """twitter-text JavaScript's idna.toAscii: no label may be empty or longer than 63 after punycode
    (punycode.js 1.4.1: a label with anything outside printable ASCII becomes "xn--" + punycode)."""
    if domain.startswith("xn--") and not _rules().valid_ascii_domain.search(domain):
        return False
    for label in domain.split("."):
        for part in regex.split(r"[\u3002\uff0e\uff61]", label):  # punycode.js splits there too
            if regex.search(r"[^\x20-\x7e]", part):
                try:
                    size = 4 + len(_code_points(part).encode("punycode"))
                except UnicodeError:
                    return False
            else:
                size = len(part)
            if size < 1 or size > MAX_LABEL_LENGTH:
                return False
    return True


def _js_links(units: str, without_protocol: bool) -> dict[int, int]:
    """twitter-text JavaScript's extractUrlsWithIndices on UTF-16 units: start -> length of the
    link as parseTweet skips it (the link's text, which for a link without protocol whose domain
    was cut to its ASCII part is shorter than the span it was found in, as in twitter-text)."""
    if ("." if without_protocol else ":") not in units:
        return {}
    found: dict[int, int] = {}
    rules = _rules()
    for match in rules.extract_url.finditer(units):
        _, before, url, protocol, domain, _, path, _ = match.groups()
        end = match.end()
        start = end - len(url)
        if not _js_domain_ok(domain) or len(protocol or "https://") + len(url) > MAX_URL_LENGTH:
            continue
        if protocol:
            tco = rules.valid_tco_url.search(url)
            if tco:
                if tco.group(1) and len(tco.group(1)) > MAX_TCO_SLUG:
                    continue
                url = tco.group(0)
            found[start] = len(url)
            continue
        if not without_protocol or rules.invalid_url_without_protocol_preceding_chars.search(before or ""):
            continue
        last, ascii_end = None, 0
        for ascii_match in rules.valid_ascii_domain.finditer(domain):
            ascii_domain = ascii_match.group(0)
            ascii_start = domain.find(ascii_domain, ascii_end)
            ascii_end = ascii_start + len(ascii_domain)
            last = start + ascii_start
            found[last] = len(ascii_domain)
        if last is not None and path:
            found[last] = len(url.replace(domain, units[last:last + found[last]], 1))
    return found


def _server_links(text: str, without_protocol: bool) -> dict[int, int]:
    """twitter-text's code point reading (twitter-text-parser): start -> length as it is skipped."""
    return {link["indices"][0]: len(link["url"])
            for link in _rules().extract_urls_with_indices(text, without_protocol)}


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every http(s) link in text as twitter-text finds it (trailing punctuation
    is no part of a link)."""
    for link in _rules().extract_urls_with_indices(text, False):
        yield tuple(link["indices"])


# --- X -----------------------------------------------------------------------------------------


def _x_weight(units: str, links: dict[int, int], js: bool) -> int:
    """twitter-text's parseTweet: a link 23, a known emoji sequence 2, other characters 1 or 2."""
    emojis = _emoji_at(units, js)
    total, i = 0, 0
    while i < len(units):
        if i in links:
            total, i = total + URL_LENGTH, i + links[i]
        elif i in emojis:
            total, i = total + 2, i + emojis[i]
        else:
            code = ord(units[i])
            total += 1 if any(low <= code <= high for low, high in _X_LIGHT) else 2
            i += 2 if js and _PAIR.match(units, i) else 1  # a surrogate pair is one character
    return total


def x_weighted_length(text: str) -> int:
    """Length as X counts it (twitter-text v3): NFC; links 23; emoji sequences 2; Latin, Swedish
    and general punctuation 1; CJK and most symbols 2. The larger of the two readings."""
    text = nfc(text)
    units = _utf16(text)
    return max(_x_weight(text, _server_links(text, True), js=False),
               _x_weight(units, _js_links(units, True), js=True))


# --- Mastodon ----------------------------------------------------------------------------------

# A remote mention @user@domain counts as @user. Mastodon's server (Account::MENTION_RE, a domain
# of at most 253 characters, not followed by @, a Latin letter or "://") and its composer
# (@user@[a-z0-9.-]+[a-z0-9], after the links are replaced) each have their rule; each reading
# uses a pattern no looser than its own, so a mention it shortens is shortened there too.
_SERVER_MENTION = regex.compile(r"(?<![=/\w])@((?a:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*))@(\w+(?:[.-]+\w+)*)", regex.I)
_NOT_AFTER_MENTION = regex.compile(r"[@＠\p{Latin}]|://")  # twitter-text's end_mention_match, widened
_COMPOSER_MENTION = regex.compile(r"(^|[^/\w@=])@([a-z0-9_]+)@[a-z0-9.-]+[a-z0-9]+", regex.I | regex.A)
MAX_DOMAIN_LENGTH = 253


def _server_mastodon(text: str) -> str:
    """The text as Mastodon's server counts it: links as 23 x's, remote mentions as @user."""
    entities = [(start, start + n, "x" * URL_LENGTH) for start, n in _server_links(text, False).items()]
    entities += [(m.start(), m.end(), f"@{m[1]}") for m in _SERVER_MENTION.finditer(text)
                 if len(m[2]) <= MAX_DOMAIN_LENGTH and not _NOT_AFTER_MENTION.match(text, m.end())]
    kept, end = [], 0
    for start, stop, replacement in sorted(entities):  # remove_overlapping_entities: the first wins
        if start >= end:
            kept.append((start, stop, replacement))
            end = stop
    pieces, position = [], 0
    for start, stop, replacement in kept:
        pieces += [text[position:start], replacement]
        position = stop
    return "".join([*pieces, text[position:]])


def _composer_mastodon(text: str) -> str:
    """The text as Mastodon's web composer counts it: links first, then remote mentions."""
    units = _utf16(text)
    pieces, position = [], 0
    for start, n in sorted(_js_links(units, False).items()):
        if start >= position:
            pieces += [units[position:start], "x" * URL_LENGTH]
            position = start + n
    rewritten = _code_points("".join([*pieces, units[position:]]))
    return _COMPOSER_MENTION.sub(lambda m: f"{m[1]}@{m[2]}", rewritten)


def mastodon_length(text: str) -> int:
    """Length as Mastodon counts it: grapheme clusters, links 23, @user@domain as @user. The text
    as given: Mastodon does not normalise it (NFC can make a link of what was none)."""
    return max(_clusters(_server_mastodon(text)), _clusters(_composer_mastodon(text)))


# --- Bluesky -----------------------------------------------------------------------------------


def bluesky_length(text: str) -> int:
    """Length on Bluesky's 300 scale: graphemes (UAX #29), URLs in full, of the text as given.

    A post's text is also limited to 3,000 UTF-8 bytes; a tenth of the byte count is set
    against the 300 graphemes so that emoji-heavy texts respect both limits.
    """
    return max(_clusters(text), math.ceil(len(text.encode("utf-8", "surrogatepass")) / 10))
