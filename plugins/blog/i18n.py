"""Interface strings and dates in the page's language: one string table, dates from Babel.

Dates never come from the machine's locale, so a build on a CI runner in en_US prints the
same Swedish dates as a build on the leader's laptop.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date

# Babel locales and Open Graph locales for the languages the site is written in.
LOCALES = {"sv": "sv_SE", "en": "en_GB"}


class StringTable:
    """The theme's interface strings, one table per language, Swedish as fallback."""

    def __init__(self, path: Path, default_lang: str):
        with path.open("rb") as f:
            self.tables: dict[str, dict[str, str]] = tomllib.load(f)
        self.default_lang = default_lang
        if default_lang not in self.tables:
            raise ValueError(f"{path}: no [{default_lang}] table for the default language")

    def get(self, key: str, lang: str) -> str:
        table = self.tables.get(lang, self.tables[self.default_lang])
        if key in table:
            return table[key]
        if key in self.tables[self.default_lang]:
            return self.tables[self.default_lang][key]
        raise KeyError(f"interface string {key!r} is missing from theme/strings.toml")


def locale_for(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["sv"])


def long_date(value: date | datetime, lang: str) -> str:
    """'12 mars 2025' in Swedish, '12 March 2025' in English."""
    day = value.date() if isinstance(value, datetime) else value
    return _long_date(day, lang)


# A site shows the same few thousand days over and over (lists, feeds, archive); Babel takes
# about 40 µs per call, which was a tenth of a second per thousand posts.
@lru_cache(maxsize=65536)
def _long_date(day: date, lang: str) -> str:
    return format_date(day, format="long", locale=locale_for(lang))


def iso_datetime(value: datetime) -> str:
    """ISO 8601 with the offset, as JSON-LD, <time> and feeds want it."""
    if value.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return value.isoformat(timespec="seconds")
