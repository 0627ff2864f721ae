"""The rules that stop a post from publishing because it is not finished or not allowed yet.

Each takes plain values (metadata, rendered HTML, the source text) and returns sentences in
Swedish that start with the field they concern. content_checks logs them; the share kit shows
the consent rule on the post's kit page, from here, so the two never disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

from blog.people import parse_people
from blog.scaffold import PLACEHOLDERS

# A word that marks text still to be written, in a post or a page. Publishing stops while one is
# left; the preview shows where. Templates for a new blog write it to show what to fill in.
TODO_MARKER = "TODO"
_TODO = re.compile(rf"\b{TODO_MARKER}\b")
CONSENT_GIVEN = ("yes", "ja")
_META_LINE = re.compile(r"^(?P<field>[A-Za-z][\w-]*)\s*:")


def consent_problem(metadata: dict, html: str) -> str | None:
    """A photo (Image, or one in the text) of people named in People needs Consent: yes."""
    has_photo = bool(metadata.get("image", "").strip()) or "<img" in html
    if not has_photo or metadata.get("consent", "").strip().lower() in CONSENT_GIVEN:
        return None
    try:
        named = parse_people(metadata.get("people", ""))
    except ValueError:
        named = metadata.get("people", "").strip()  # still names someone; People's own error says more
    if not named:
        return None
    return ("Consent: bilden visar namngivna personer (People) men Consent är inte yes; fråga dem och skriv "
            "Consent: yes, eller ta bort bilden")


def people_problem(metadata: dict) -> str | None:
    try:
        parse_people(metadata.get("people", ""))
    except ValueError as error:
        return f"People: {error}"
    return None


def category_problem(category: str, allowed: Sequence[str], default: str) -> str | None:
    """A Category not in the settings' list would quietly make a new category page."""
    if not allowed or category in allowed or category == default:
        return None
    listed = ", ".join(allowed)
    closest = difflib.get_close_matches(category, allowed, n=1, cutoff=0.5)
    guess = f" Menade du {closest[0]}?" if closest else ""
    return (f"Category: ”{category}” finns inte; skriv en av {listed}.{guess} "
            "(En ny kategori läggs till i CATEGORIES i pelicanconf.py.)")


def unfinished_text(source: str) -> Iterator[str]:
    """Placeholders from `invoke new` and TODO markers left in the file, each with its field."""
    for where, line in _lines(source):
        for placeholder in PLACEHOLDERS:
            if placeholder in line:
                yield f"{where}: mallens text ”{placeholder}” står kvar; skriv en egen text i stället"
        if _TODO.search(line):
            yield f"{where}: {TODO_MARKER} står kvar (”{_excerpt(line)}”); skriv klart och ta bort {TODO_MARKER}"


def _lines(source: str) -> Iterator[tuple[str, str]]:
    """(where, line) for each line: the field's name in the header, 'texten, rad N' after it."""
    field = None  # the header's field on this line; None once the text has begun
    for number, line in enumerate(source.splitlines(), start=1):
        match = _META_LINE.match(line)
        if field is not None or number == 1:
            if match:
                field = match["field"][:1].upper() + match["field"][1:]
                yield field, line[match.end():]
                continue
            if field and line[:1].isspace() and line.strip():
                yield field, line  # an indented line continues the field above
                continue
            field = None
        yield f"texten, rad {number}", line


def _excerpt(line: str, limit: int = 60) -> str:
    text = " ".join(line.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
