"""A share text in parts, its layout, and the order in which it is shortened to fit a limit.

Layout, the same on every network: the lead (the hook, then the people sentence) as the first
paragraph, so that it stands before the fold; then the body; then the hashtags; then the link on
its own last line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .counting import grapheme_list, nfc, url_spans
from .sentences import cut_at_word, split_sentences


# When the visit was, seen from the day the text is shared (texts.tense decides).
TODAY, YESTERDAY, EARLIER = "today", "yesterday", "earlier"


@dataclass(frozen=True)
class Glue:
    """The few words the kit writes itself, per language."""

    met: Mapping[str, str]  # tense -> "{people}" met, the leader's usual visit sentence
    at: str  # {place} appended to it
    visited: Mapping[str, str]  # tense -> {place} visited, when nobody is named
    and_: str  # the last list separator
    others: str  # after a shortened list of names


GLUE: Mapping[str, Glue] = MappingProxyType(
    {
        "sv": Glue({TODAY: "I dag träffade jag {people}", YESTERDAY: "I går träffade jag {people}",
                    EARLIER: "Jag träffade {people}"}, " på {place}",
                   {TODAY: "I dag besökte jag {place}", YESTERDAY: "I går besökte jag {place}",
                    EARLIER: "Jag besökte {place}"}, "och", "med flera"),
        "en": Glue({TODAY: "Today I met {people}", YESTERDAY: "Yesterday I met {people}", EARLIER: "I met {people}"},
                   " at {place}",
                   {TODAY: "Today I visited {place}", YESTERDAY: "Yesterday I visited {place}",
                    EARLIER: "I visited {place}"}, "and", "and others"),
    }
)


def glue_for(lang: str) -> Glue:
    """Glue for a language code such as "sv", "en" or "en-GB"; Swedish for any other."""
    return GLUE.get(lang.split("-")[0].lower(), GLUE["sv"])


def join_list(items: Sequence[str], and_: str) -> str:
    """'A, B och C' (Swedish and English alike: no comma before the last word)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_} {items[-1]}"


def people_sentences(names: Sequence[str], place: str, glue: Glue, tense: str = EARLIER) -> tuple[str, ...]:
    """The people sentence with every name, then with fewer names and "med flera" (to fit X).

    Without names but with a place: the visit sentence. Neither: no sentence.
    """
    place = place.strip().rstrip(".")
    at = glue.at.format(place=place) if place else ""
    if not names:
        return (glue.visited[tense].format(place=place) + ".",) if place else ()
    met = glue.met[tense]
    full = met.format(people=join_list(names, glue.and_)) + at + "."
    fewer = (met.format(people=f"{', '.join(names[:n])} {glue.others}") + at + "."
             for n in range(len(names) - 1, 0, -1))
    return (full, *fewer)


_TERMINAL = re.compile(r"[.!?…][”\"»«’')\]]*$")


def as_sentence(text: str) -> str:
    """text with a full stop added if it ends without one (a hook written like a headline)."""
    text = text.strip()
    return text if not text or _TERMINAL.search(text) else text + "."


def tracked_url(url: str, tracking: Mapping[str, str], network: str) -> str:
    """url with the tracking parameters added to any query it has; "{network}" is replaced.

    A parameter the URL already has is left as it is, so no key appears twice.
    """
    if not tracking:
        return url
    parts = urlsplit(url)
    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    added = urlencode([(k, str(v).replace("{network}", network)) for k, v in tracking.items() if k not in present])
    return urlunsplit(parts._replace(query="&".join(q for q in (parts.query, added) if q)))


def before_fold(text: str, fold: int | None) -> str:
    """What a reader sees before "see more": the first fold characters of the first line."""
    if fold is None:
        return text
    return "".join(grapheme_list(text.split("\n", 1)[0])[:fold])


Body = tuple[tuple[str, ...], ...]  # paragraphs of sentences


@dataclass(frozen=True)
class Draft:
    hook: tuple[str, ...] = ()  # the hook's sentences
    people: str = ""  # the people sentence
    body: Body = ()
    tags: tuple[str, ...] = ()
    link: str = ""  # the URL, or "Länk i bio." where links are not clickable

    def lead(self) -> str:
        """The hook first, then the people (texts.py picks a people sentence that fits the fold)."""
        return " ".join(part for part in (" ".join(self.hook), self.people) if part)

    def render(self) -> str:
        blocks = [self.lead(), *(" ".join(p) for p in self.body), " ".join(self.tags), self.link]
        return nfc("\n\n".join(block for block in blocks if block))


_PARAGRAPH = re.compile(r"\n\s*\n")


def _is_tail(block: str, link_phrase: str) -> bool:
    """Whether a closing block is only URLs and hashtags, or the link-in-bio line."""
    if block.casefold() == link_phrase.casefold():
        return True
    return all(word.startswith("#") or any(url_spans(word)) for word in block.split())


def parse_text(text: str, link_phrase: str) -> Draft:
    """A text written by hand as a draft: its closing hashtags and links apart, so they are kept."""
    blocks = [block.strip() for block in _PARAGRAPH.split(text) if block.strip()]
    tags: list[str] = []
    links: list[str] = []
    while blocks and _is_tail(blocks[-1], link_phrase):
        block = blocks.pop()
        if all(word.startswith("#") for word in block.split()):
            tags[:0] = block.split()
        else:
            links.insert(0, block)
    body = tuple(tuple(split_sentences(block)) for block in blocks)
    return Draft(body=body, tags=tuple(tags), link="\n\n".join(links))


def _sentences(body: Body) -> int:
    return sum(len(paragraph) for paragraph in body)


def _drop_last(body: Body) -> Body:
    last = body[-1][:-1]
    return (*body[:-1], last) if last else body[:-1]


def _shorter(
    draft: Draft, fewer_people: Sequence[str], plain_link: str, fits: Callable[[Draft], bool]
) -> Iterator[Draft]:
    """draft, then ever shorter versions of it, in the order the kit gives things up."""
    yield draft
    # 1. Body sentences from the end (a text of body alone keeps its first sentence for now).
    keep = 0 if draft.hook or draft.people else 1
    while _sentences(draft.body) > keep:
        yield (draft := replace(draft, body=_drop_last(draft.body)))
    # 2. Hashtags beyond the first, then the first.
    while draft.tags:
        yield (draft := replace(draft, tags=draft.tags[:-1]))
    # 3. Hook sentences from the end; the whole hook only when the names stay.
    keep = 0 if draft.people else 1
    while len(draft.hook) > keep:
        yield (draft := replace(draft, hook=draft.hook[:-1]))
    # 4. Fewer names ("A (roll), B (roll) med flera"). 5. Tracking parameters.
    for people in fewer_people:
        yield (draft := replace(draft, people=people))
    if plain_link != draft.link:
        yield (draft := replace(draft, link=plain_link))
    # 6. The one sentence left, cut after a whole word; without the link only if nothing fits with it.
    content = Draft(hook=draft.hook, people=draft.people, body=draft.body).render()
    for link in dict.fromkeys((draft.link, "")):
        single = Draft(hook=(content,), link=link)
        yield single
        cut = cut_at_word(content, lambda s: fits(replace(single, hook=(s,))))
        if cut:
            yield replace(single, hook=(cut,))
    yield Draft()


def fit(
    draft: Draft,
    limit: int,
    count: Callable[[str], int],
    fewer_people: Sequence[str] = (),
    plain_link: str | None = None,
) -> Draft:
    """The first of draft and its shorter versions whose text is within limit as count counts."""

    def fits(candidate: Draft) -> bool:
        return count(candidate.render()) <= limit

    candidates = _shorter(draft, fewer_people, draft.link if plain_link is None else plain_link, fits)
    return next(candidate for candidate in candidates if fits(candidate))
