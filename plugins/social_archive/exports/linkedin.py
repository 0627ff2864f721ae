"""LinkedIn "Get a copy of your data" (Complete archive): the leader's posts from Shares*.csv.

Quirks handled here, each where it bites (exports.md §1):
- the file is `Shares.csv` in older exports and `Shares_<memberid>.csv` in newer ones;
- columns are looked up by name, ignoring case, spaces and underscores: 2021–24 exports say
  `SharedURL`/`MediaURL`, later ones `SharedUrl`/`MediaUrl` (§1.5); some files lack MediaUrl
  or Visibility;
- every line break in ShareCommentary is written as `"` LF `"` (undone exactly, with a guard);
- Date has no zone but is UTC; a blank Date is an error for that row, never 1970;
- the stable id is the number in the percent-encoded URN of ShareLink;
- the export holds no media, only expiring MediaUrl links, which are never fetched;
- a Basic archive has no Shares file at all;
- the 2018 Complete export (§1.5) is UTF-16 with a BOM, tab-separated, with spaced column names
  (`Share Commentary`, `Shared URL`), dates like `2017/06/08 08:15:44 UTC`, bare
  `urn:li:activity:<id>` links and visibility in title case (`Connections`), which is
  normalised to the modern spelling (`CONNECTIONS`) so the site keeps such posts unpublished.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from urllib.parse import unquote

from ..export_files import Export, ExportError, read_posts_file
from ..model import IMPLAUSIBLE, ArchivedPost, Provenance, Skipped, nfc, plausible, web_url
from .linkedin_articles import is_article, read_articles

PLATFORM = "linkedin"

SHARES = re.compile(r"^(?:[^/]+/)?Shares(?:_\d+)?\.csv$")
# Files that only a LinkedIn export has, Basic or Complete, at its root or in one wrapper folder.
MARKERS = re.compile(
    r"^(?:[^/]+/)?(?:Shares(?:_\d+)?|Profile|Connections|Registration|Email Addresses|Phone ?Numbers|"
    r"Comments(?:_\d+)?|Reactions(?:_\d+)?|messages|Invitations|Rich[_ ]Media)\.csv$"
)
REQUIRED = ("Date", "ShareLink", "ShareCommentary")
# Every column this reader uses, by the name the code uses; a header cell matches one of them
# when it is equal ignoring case, spaces and underscores (`SharedURL`, `Shared URL`, `SharedUrl`).
COLUMNS = (*REQUIRED, "SharedUrl", "MediaUrl", "Visibility")
BASIC_EXPORT = (
    "det här är en Basic-export från LinkedIn utan inlägg (ingen Shares.csv); "
    'begär det fullständiga arkivet (Complete / "larger data archive") och importera det'
)
NO_MEDIA = "bilder och video följer inte med LinkedIn-exporten; länkarna (MediaUrl) hämtas aldrig"

# Neighbouring files the leader might expect to see imported: (pattern, why not).
NOT_IMPORTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^(?:[^/]+/)?InstantReposts(?:_\d+)?\.csv$"),
        "direktdelningar utan egen text arkiveras inte",
    ),
    (re.compile(r"^(?:[^/]+/)?Comments(?:_\d+)?\.csv$"), "kommentarer på andras inlägg arkiveras inte"),
    (re.compile(r"^(?:[^/]+/)?messages\.csv$"), "privata meddelanden läses aldrig"),
)

# ShareLink forms (exports.md §1.2): urn:li:share:N, urn:li:ugcPost:N, urn:li:groupPost:G-N,
# and /posts/<slug>-activity-N-xxxx. The last number is the post's own 19-digit id.
URN = re.compile(r"urn:li:[A-Za-z]+:(?:\d+-)?(\d+)")
ACTIVITY = re.compile(r"-activity-(\d+)")
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S UTC",  # the 2018 export
    "%Y/%m/%d %H:%M:%S",
)
# Where LinkedIn shows a post, for a link given as a bare URN (the 2018 export).
URN_URL = "https://www.linkedin.com/feed/update/{}/"
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# A newline that is not wrapped in quotes means this value does not carry the quirk.
BARE_NEWLINE = re.compile(r'(?<!")\n|\n(?!")')


def looks_like(export: Export) -> bool:
    return any(MARKERS.match(member) for member in export.files())


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    """Yield every post of a Complete export, and a Skipped for each row or file left out."""
    files = export.files()
    shares = [member for member in files if SHARES.match(member)]
    articles = [member for member in files if is_article(member)]
    if not shares and not articles:  # a leader who only wrote articles has no Shares file
        raise ExportError(export.name, BASIC_EXPORT)
    for member in shares:
        yield from read_shares(export, member)
    yield from read_articles(export, articles, PLATFORM)
    for member in files:
        reason = next((why for pattern, why in NOT_IMPORTED if pattern.search(member)), None)
        if reason:
            yield Skipped(member, "hela filen", reason, note=True)


def read_shares(export: Export, member: str) -> Iterator[ArchivedPost | Skipped]:
    text = decode(read_posts_file(export, member), member)
    # The 2018 export separates fields with tabs; every later one with commas.
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    # LF or CRLF records are both handled by csv (newline="").
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header = next_record(reader, member)
    if header is None:
        raise ExportError(member, "filen är tom; den ska börja med rubrikraden " + ",".join(REQUIRED))
    names = [canonical(name) for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ExportError(
            member,
            f"rubrikraden saknar kolumnen {', '.join(missing)} (fann: {','.join(cell.strip() for cell in header)})",
        )
    with_media = 0
    while True:
        start = reader.line_num + 1
        row = next_record(reader, member)
        if row is None:
            break
        if not row:  # a blank line between records
            continue
        if len(row) != len(names):
            raise ExportError(
                member,
                f"rad {start} har {len(row)} fält men rubriken har {len(names)}; filen kan vara avklippt",
            )
        fields = dict(zip(names, row, strict=True))
        with_media += bool(fields.get("MediaUrl", "").strip())
        yield to_post(fields, member, f"rad {start}", export.sha256)
    if with_media:
        yield Skipped(member, f"{with_media} inlägg med bild eller video", NO_MEDIA, note=True)


def decode(data: bytes, member: str) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 when a BOM says so (the 2018 export)."""
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        shown = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise ExportError(member, f"filen är inte {shown} (byte {error.start})") from None


def column_key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name).casefold()


BY_KEY = {column_key(name): name for name in COLUMNS}


def canonical(name: str) -> str:
    """The code's name for a header cell (`MediaURL` → `MediaUrl`); other columns keep theirs."""
    return BY_KEY.get(column_key(name), name.strip())


def next_record(reader: Iterator[list[str]], member: str) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as error:
        # strict=True: a quote left open at the end means the file was cut short.
        raise ExportError(member, f"trasig CSV, filen kan vara avklippt ({error})") from None


def to_post(fields: Mapping[str, str], member: str, item: str, export_sha256: str) -> ArchivedPost | Skipped:
    published = parse_date(fields["Date"])
    if published is None:
        what = "tom" if not fields["Date"].strip() else f"{fields['Date']!r} går inte att tolka"
        return Skipped(member, item, f"Date är {what}; ett inlägg utan säkert datum arkiveras inte")
    if not plausible(published):
        return Skipped(member, item, f"Date {fields['Date'].strip()!r} {IMPLAUSIBLE}")
    post_id = share_id(fields["ShareLink"])
    if post_id is None:
        return Skipped(member, item, f"ShareLink {fields['ShareLink']!r} innehåller inget inläggs-id")
    text = nfc(undo_line_break_quirk(fields["ShareCommentary"]))
    shared_url = web_url(fields.get("SharedUrl", ""))
    has_media = bool(fields.get("MediaUrl", "").strip())
    # Bare reposts have no text of their own; they are kept as link entries when they link.
    if text:
        kind = "post"
    elif shared_url:
        kind = "repost"
    elif has_media:
        kind = "post"  # a photo or video post without text: still the leader's post
    else:
        return Skipped(member, item, "tom rad: ingen text, ingen delad länk och ingen bild")
    return ArchivedPost(
        platform=PLATFORM,
        post_id=post_id,
        kind=kind,
        published=published,
        text=text,
        url=post_url(fields["ShareLink"]),
        shared_url=shared_url,
        visibility=visibility(fields.get("Visibility", "")),
        provenance=(Provenance(export_sha256, member),),
        entry=item,
    )


def undo_line_break_quirk(value: str) -> str:
    """`A"⏎"B` → `A⏎B`, left to right and non-overlapping, which is exact for every text.

    CRLF inside a value comes from a tool that re-saved the file; posts are typed with LF.
    Guard: if any line break is not wrapped in quotes, this value was written without the
    quirk (an older or re-saved file) and removing quotes would damage real ones.
    """
    value = value.replace("\r\n", "\n")
    if BARE_NEWLINE.search(value):
        return value
    return value.replace('"\n"', "\n")


def parse_date(value: str) -> datetime | None:
    value = value.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def share_id(link: str) -> str | None:
    decoded = unquote(link)
    for pattern in (URN, ACTIVITY):
        if match := pattern.search(decoded):
            return match.group(1)
    return None


def visibility(value: str) -> str:
    """`Connections` (2018) → `CONNECTIONS`, as modern exports and the site spell it."""
    return re.sub(r"[\s-]+", "_", value.strip()).upper()


def post_url(link: str) -> str:
    """The post's address: the link itself, or LinkedIn's address for a bare URN (2018)."""
    link = link.strip()
    if re.fullmatch(r"urn:li:[A-Za-z]+:[\d-]+", link):
        return URN_URL.format(link)
    return web_url(link)
