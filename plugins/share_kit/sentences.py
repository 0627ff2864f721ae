"""Swedish-aware sentence splitting and an extractive summary that never cuts a word.

A wrong split is worse than a missed one: a missed split only makes a sentence longer, a wrong
one leaves "bl.a." or "kl. 9" dangling at the end of a share text. So the splitter only splits
where it is sure: after . ! or ? (and any closing quotes or brackets), before whitespace and a
new sentence that starts with a capital letter, perhaps behind an opening quote or a dash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import regex

from .counting import Counter

# Abbreviations that end in a period but do not end a sentence (compared in lower case).
# Those with an inner period ("o.s.v.", "e.Kr.") are recognised by their shape as well.
ABBREVIATIONS = frozenset(
    {
        "bl.a.", "t.ex.", "m.m.", "d.v.s.", "dvs.", "osv.", "o.s.v.", "ca.", "kl.", "s.k.", "p.g.a.",
        "pga.", "fr.o.m.", "t.o.m.", "nr.", "jfr.", "resp.", "dr.", "st.", "m.fl.", "f.d.", "bl.", "ev.",
        "inkl.", "exkl.", "tel.", "ang.", "enl.", "kap.", "sid.", "s.", "f.", "mr.", "mrs.", "ms.", "prof.",
        "etc.", "e.g.", "i.e.", "vs.", "no.", "approx.", "jr.", "sr.",
    }
)

_CLOSERS = "”\"»«’')]"
_OPENERS = "„”\"»«‘’'([–—-"
# A candidate end: terminators, closing quotes/brackets, whitespace, then the next sentence's
# first letter (behind any opening quotes, brackets or a dialogue dash).
_END = regex.compile(
    rf"(?P<stop>[.!?]+)(?P<close>[{regex.escape(_CLOSERS)}]*)(?P<space>\s+)"
    rf"(?=[{regex.escape(_OPENERS)}\s]*\p{{Lu}})"
)
_PARAGRAPH_BREAK = regex.compile(r"\n\s*\n")
_INITIAL = regex.compile(r"\p{Lu}\.")  # "A." in "A. Svensson"
_DOTTED = regex.compile(r"(?:\p{L}{1,4}\.){2,}")  # "o.s.v.", "e.Kr.", "fr.o.m."


def _is_abbreviation(text: str, stop_start: int) -> bool:
    """Whether the word ending at text[stop_start] (a period) is an abbreviation or initial."""
    word_start = max(text.rfind(" ", 0, stop_start), text.rfind("\n", 0, stop_start)) + 1
    word = text[word_start : stop_start + 1].lstrip(_OPENERS)
    return word.lower() in ABBREVIATIONS or bool(_INITIAL.fullmatch(word) or _DOTTED.fullmatch(word))


def _split_paragraph(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _END.finditer(text):
        stop = match["stop"]
        if stop.startswith(".."):
            continue  # an ellipsis "..." trails off; it does not end the sentence
        if stop == "." and _is_abbreviation(text, match.start("stop")):
            continue
        sentences.append(text[start : match.start("space")])
        start = match.end("space")
    sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


def split_sentences(text: str) -> list[str]:
    """The sentences of text in order; a blank line always ends a sentence."""
    return [s for part in _PARAGRAPH_BREAK.split(text) for s in _split_paragraph(" ".join(part.split()))]


def cut_at_word(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of text, cut after a whole word and ended with "…", that fits; or ""."""
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:count]).rstrip(",;:–—-") + "…"
        if fits(candidate):
            return candidate
    return ""


def _paragraph_list(paragraphs: Sequence[str] | str) -> Iterable[str]:
    return (paragraphs,) if isinstance(paragraphs, str) else paragraphs


def leading_sentences(paragraphs: Sequence[str] | str, limit: int, count: Counter) -> tuple[str, ...]:
    """As many whole sentences from the start as fit in limit when joined with spaces.

    If not even the first sentence fits, that sentence cut at the last whole word that fits,
    ended with "…" (or nothing, if not even one word fits).
    """
    sentences = [s for p in _paragraph_list(paragraphs) for s in split_sentences(p)]
    taken: list[str] = []
    for sentence in sentences:
        if count(" ".join([*taken, sentence])) > limit:
            break
        taken.append(sentence)
    if taken or not sentences:
        return tuple(taken)
    cut = cut_at_word(sentences[0], lambda candidate: count(candidate) <= limit)
    return (cut,) if cut else ()


def summarise(paragraphs: Sequence[str] | str, limit: int, count: Counter) -> str:
    """Whole sentences from the start of paragraphs that fit in limit, as one paragraph."""
    return " ".join(leading_sentences(paragraphs, limit, count))
