"""Dates as a Swedish user writes them: '2026-05-01 07:00', '1 maj 2026 07:00', 'fredag 1 maj 2026'.

Pelican reads Date and Modified with dateutil, which knows only English month names, so
'1 december 2026' passed and '1 maj 2026' failed, with an error that did not name the field.
dateutil takes its words from a `parserinfo`; ours adds the Swedish ones. The reader below is
Pelican's own Markdown reader with only the date fields read this way, registered through the
readers_init signal (Pelican's way to replace a reader), and Share_date_* use the same parse.
It also keeps one Markdown instance and resets it between files, as Pelican itself does between
a file's fields, instead of making a new one per file (a fifth of the time Markdown takes).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import dateutil.parser
from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

EXAMPLE = "2026-05-01 07:00 eller 1 maj 2026 07:00"


class SwedishDates(dateutil.parser.parserinfo):
    """English and Swedish month and weekday names.

    Numeric dates keep dateutil's reading: dayfirst would also turn ISO '2026-05-01' into 5 January.
    """

    MONTHS = [
        ("Jan", "January", "januari"),
        ("Feb", "February", "februari"),
        ("Mar", "March", "mars"),
        ("Apr", "April", "april"),
        ("May", "maj"),
        ("Jun", "June", "juni"),
        ("Jul", "July", "juli"),
        ("Aug", "August", "augusti"),
        ("Sep", "Sept", "September", "september"),
        ("Oct", "October", "okt", "oktober"),
        ("Nov", "November", "november"),
        ("Dec", "December", "december"),
    ]
    WEEKDAYS = [
        ("Mon", "Monday", "mån", "måndag"),
        ("Tue", "Tuesday", "tis", "tisdag"),
        ("Wed", "Wednesday", "ons", "onsdag"),
        ("Thu", "Thursday", "tor", "tors", "torsdag"),
        ("Fri", "Friday", "fre", "fredag"),
        ("Sat", "Saturday", "lör", "lördag"),
        ("Sun", "Sunday", "sön", "söndag"),
    ]
    # Words between the parts that carry no meaning: 'den 1 maj 2026 kl. 07:00'.
    JUMP = [*dateutil.parser.parserinfo.JUMP, "den", "kl", "klockan"]


_INFO = SwedishDates()


def parse_date(field: str, value: str) -> SafeDatetime:
    """The date in `value`; a ValueError names the field and shows how to write a date."""
    parsed = _parse(" ".join(value.replace("_", " ").split()), SafeDatetime.now().date())
    if parsed is None:
        raise ValueError(f"{field}: ”{value.strip()}” är inget datum som går att läsa; skriv till exempel "
                         f"{EXAMPLE}")
    return parsed


# What most dates look like (every file name's, and Date: as the starter writes it): read
# directly, as dateutil would read them; dateutil takes a third of a millisecond a date.
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


# Pelican reads every file's dates (from its name too) on every build, the live preview's included.
@lru_cache(maxsize=65536)
def _parse(text: str, today: date) -> SafeDatetime | None:
    """dateutil's reading with the Swedish words; a part left out (the year, say) is today's."""
    if iso := ISO.fullmatch(text):
        try:
            return SafeDatetime(*(int(part) for part in iso.groups(default="0")))
        except ValueError:
            pass  # 2026-02-30: dateutil says what is wrong
    try:
        return dateutil.parser.parse(text, parserinfo=_INFO, default=SafeDatetime(today.year, today.month, today.day))
    except (TypeError, ValueError, OverflowError):
        return None


# The metadata fields Pelican itself reads as dates, by the name the user writes.
DATE_FIELDS = {"date": "Date", "modified": "Modified"}


# markdown.extensions.meta registers its preprocessor at this priority (Markdown 3.x).
META_PRIORITY = 27


class MarkdownWithSwedishDates(MarkdownReader):
    """Pelican's Markdown reader; only Date and Modified are read by parse_date, and one Markdown
    instance reads every file."""

    _markdown: Markdown | None = None

    def read(self, source_path):
        """Pelican's MarkdownReader.read (4.12), with the reused instance."""
        self._source_path = source_path
        self._md = self._reset_markdown()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _reset_markdown(self) -> Markdown:
        if self._markdown is None:
            self._markdown = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._markdown.preprocessors["meta"]
            return self._markdown
        self._markdown.reset()
        # Pelican's _parse_metadata removes the metadata preprocessor, so that a Summary is not
        # read as metadata; the next file's metadata needs it back.
        if "meta" not in self._markdown.preprocessors:
            self._markdown.preprocessors.register(self._meta, "meta", META_PRIORITY)
        return self._markdown

    def process_metadata(self, name, value):
        if name in DATE_FIELDS and isinstance(value, str):
            return parse_date(DATE_FIELDS[name], value)
        return super().process_metadata(name, value)


def use_swedish_dates(readers) -> None:
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = MarkdownWithSwedishDates


def register() -> None:
    signals.readers_init.connect(use_swedish_dates)
