"""The archive model: immutable values shared by the export readers, the store and the site.

Pure: no files, no Pelican. Text is plain text, stored verbatim (NFC) and never parsed as
Markdown or HTML; every instant is an aware datetime in UTC.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal, get_args
from urllib.parse import urlsplit

Kind = Literal["post", "repost", "reel", "article"]
MediaKind = Literal["image", "video"]

KINDS: frozenset[str] = frozenset(get_args(Kind))
MEDIA_KINDS: frozenset[str] = frozenset(get_args(MediaKind))
# The one visibility the site keeps off the public pages (site.py); once a post is known to have
# it, no later export may lift it: only a person editing the post's file can.
NOT_PUBLIC = "CONNECTIONS"
# No post on LinkedIn (2003) or Instagram can be older; none can be from tomorrow.
EARLIEST_POST = datetime(2003, 1, 1, tzinfo=timezone.utc)


class ArchiveError(Exception):
    """A user problem: `file` is the file it concerns, `problem` says what is wrong (Swedish)."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


@dataclass(frozen=True)
class Media:
    """One photo or video of a post.

    Readers fill `source` (the file inside the export) and `source_export` (that export's
    sha256, since a large export comes in several parts) and leave `kind` empty: the importer
    decides image or video from the file's content, never its name, and fills `kind`, `path`
    (relative to the archive folder, named by `sha256`), `width` and `height`. `alt` is
    written by hand in the archive and survives every re-import.
    """

    kind: MediaKind | Literal[""]
    path: str = ""
    alt: str = ""
    width: int | None = None
    height: int | None = None
    sha256: str = ""
    source: str = ""
    source_export: str = ""

    def __post_init__(self) -> None:
        if self.kind not in MEDIA_KINDS and (self.kind or self.path):
            raise ValueError(f"unknown media kind {self.kind!r}")


@dataclass(frozen=True)
class Provenance:
    """Where a post was read: the export's sha256, the file inside it, and `first_seen`.

    `first_seen` is the export's own newest post time (ISO 8601, `Z`), never the clock, so
    importing the same export twice gives the same bytes. The importer fills it in.
    """

    export_sha256: str
    file: str
    first_seen: str = ""


@dataclass(frozen=True)
class ArchivedPost:
    platform: str
    post_id: str
    kind: Kind
    published: datetime
    text: str
    url: str = ""
    shared_url: str = ""
    visibility: str = ""
    media: tuple[Media, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    # Where the reader found it ("rad 5", "inlägg 3"), for the summary; never stored.
    entry: str = field(default="", compare=False)
    # The reader left out media it could not find (listed as partial skips); never stored.
    incomplete: bool = field(default=False, compare=False)
    # The export cannot say who saw it (a Facebook profile records no audience per post): it is
    # stored with "approved": false and published only once a person approves it (invoke approve).
    needs_approval: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        # Checked where values enter, as feedgen does: a reader bug must not reach the archive.
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.published.utcoffset() != timedelta(0):
            raise ValueError(f"published must be an aware UTC datetime, got {self.published!r}")
        if self.published.microsecond:
            raise ValueError("published is stored to the second; drop the microseconds")
        if not unicodedata.is_normalized("NFC", self.text):
            raise ValueError("text must be NFC-normalised")
        if not self.platform or not self.post_id:
            raise ValueError("platform and post_id are required")

    @property
    def key(self) -> str:
        """The archive-wide id, `"<platform>:<post_id>"`."""
        return f"{self.platform}:{self.post_id}"


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier text of an edited post; `replaced` is when a newer export first showed a new text."""

    text: str
    replaced: str


@dataclass(frozen=True)
class StoredPost:
    """A post as kept in the archive: the imported post plus what only the archive knows."""

    post: ArchivedPost
    history: tuple[HistoryEntry, ...] = ()
    hidden: bool = False
    note: str = ""
    file: str = field(default="", compare=False)  # its JSON file, relative to the archive folder
    # sha256 of the text the last import wrote ("" if unknown: a file from before it was kept).
    # A `text` that differs from it was edited by hand (a redaction) and no import overwrites it.
    imported_text_sha256: str = ""
    # None: its export said it was public. False: it waits for a person's approval (the export
    # could not say who saw it; ArchivedPost.needs_approval), True: a person approved it.
    approved: bool | None = None

    @property
    def text_edited_by_hand(self) -> bool:
        return bool(self.imported_text_sha256) and self.imported_text_sha256 != text_sha256(self.post.text)


@dataclass(frozen=True)
class Skipped:
    """Something in an export that was not archived, and why (shown to the leader in Swedish).

    `note` marks information rather than a post left out: a whole file that is never archived
    (stories, messages), or that LinkedIn's export holds no media. `partial` marks one photo or
    video left out of a post that is archived with its text and its other media. `repeat`
    marks an entry that repeats a post already read from the same export (LinkedIn writes one
    post in up to 81 rows). Only entries without any of the three count as skipped.
    """

    file: str
    item: str
    reason: str
    note: bool = False
    partial: bool = False
    repeat: bool = False
    key: str = field(default="", compare=False)  # the post's id, when a whole post is left out for it

    @property
    def counts_as_skipped(self) -> bool:
        """An entry of the export left out (not a note, a single media file or a repeat)."""
        return not (self.note or self.partial or self.repeat)


def utc_iso(moment: datetime) -> str:
    """`2024-01-05T08:15:00Z`: the one spelling of an instant in the archive (always four-digit years:
    strftime writes year 999 as `999`)."""
    if moment.utcoffset() != timedelta(0):
        raise ValueError(f"not a UTC datetime: {moment!r}")
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"


def latest_post() -> datetime:
    """A day ahead of the clock: room for time zones and a slow clock, none for year 9999."""
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)


def plausible(moment: datetime) -> bool:
    """Whether a post can have been published then (2003 to tomorrow)."""
    return EARLIEST_POST <= moment <= latest_post()


IMPLAUSIBLE = "ligger utanför 2003 till i dag; inlägget arkiveras inte"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def web_url(value: str) -> str:
    """The URL if it is http(s); anything else (javascript:, data:, junk) is dropped: imported
    links are untrusted."""
    value = value.strip()
    parts = urlsplit(value)
    return (
        value
        if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in value)
        else ""
    )
