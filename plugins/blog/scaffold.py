"""`invoke new`: write a new post or note with today's date, a slug from its title and every field."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

# Pelican's own slug rules, so the file name and the URL agree: å ä → a, ö → o, spaces → -.
SLUG_SUBSTITUTIONS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]

# The texts a new post starts with, for the writer to replace. content_checks stops publishing
# while one is left, so they live here once and it imports them.
SUMMARY_PLACEHOLDER = "En eller två meningar om vad inlägget handlar om."
BODY_PLACEHOLDER = "Skriv inlägget här. Börja med det viktigaste och håll det kort."
PLACEHOLDERS = (SUMMARY_PLACEHOLDER, BODY_PLACEHOLDER)

POST_FIELDS = """Title: {title}
Date: {date}
Category: {category}
Tags: {tags}
Lang: {lang}
Summary: {summary}
Image:
Image_alt:
Consent: no
People:
Place:
Hook:
Status: draft

{body}
"""


class ScaffoldError(Exception):
    """A new post could not be written; the message says why."""


def slug_for(title: str) -> str:
    slug = slugify(title, regex_subs=SLUG_SUBSTITUTIONS)
    if not slug:
        raise ScaffoldError(f"rubriken ”{title}” ger ingen adress; använd bokstäver eller siffror")
    return slug


NOTE_CATEGORY = "Anteckningar"


def new_post(content_dir: Path, title: str, now: datetime, note: bool = False, lang: str = "sv",
             categories: tuple[str, ...] = ("Besök", NOTE_CATEGORY)) -> Path:
    """Write content/posts/ (or notes/) YYYY-MM-DD-slug.md and return its path; never overwrite.
    The category is the first of the site's CATEGORIES (a note's is Anteckningar, if listed)."""
    if not title.strip():
        raise ScaffoldError('rubriken är tom; skriv den inom citattecken: invoke new "Besök hos …"')
    if title.startswith("-"):
        # An option mistyped, or one invoke does not know, arrives here as the title.
        raise ScaffoldError(f"”{title}” ser ut som ett val, inte en rubrik; se invoke --help new")
    folder = content_dir / ("notes" if note else "posts")
    if lang != "sv":
        folder = folder / lang
    path = folder / f"{now:%Y-%m-%d}-{slug_for(title)}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(content_dir.parent).as_posix()} finns redan; välj en annan rubrik eller "
                            "redigera den filen")
    text = POST_FIELDS.format(
        title=title.strip(),
        date=f"{now:%Y-%m-%d %H:%M}",
        category=NOTE_CATEGORY if note and NOTE_CATEGORY in categories else categories[0],
        tags="medarbetare",
        lang=lang,
        summary=SUMMARY_PLACEHOLDER,
        body=BODY_PLACEHOLDER,
    )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
