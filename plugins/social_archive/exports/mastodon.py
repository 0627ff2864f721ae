"""Mastodon "Import and export → Request your archive": the leader's public and unlisted statuses.

Quirks handled here (exports-more.md §3 and §7, exports.md §5):
- the archive is a zip (since 2023) holding `outbox.json` (an ActivityStreams OrderedCollection),
  `actor.json`, `likes.json`, `bookmarks.json` and `media_attachments/…`; the folder holding
  outbox.json is found by search, because an unpacked archive is often wrapped in a folder;
  old servers deliver a .tar.gz, which export_files refuses with a line asking to unpack it;
- a real 2023+ outbox.json starts `"orderedItems":[],"orderedItems":[…]`: Python's json keeps
  the last value of a repeated key, which is the real list;
- outbox.json holds EVERY status, followers-only and direct messages too: the audience is read
  from to/cc, and only public (Public in `to`) and unlisted (Public in `cc`) statuses are
  archived; the others are listed as left out with a reason that names nothing of them, and
  their text and media are never stored;
- `Create` of a `Note` (or a `Question`, a poll: its options become lines of the text) is a post;
  `Announce` (a boost) is a repost whose `object` is only the boosted status's address, kept as
  shared_url and never fetched; replies to others are left out, replies to the account's own
  statuses (threads) are posts of their own;
- `content` is HTML sanitised by the server: it becomes plain text with a real HTML parser
  (paragraphs, line breaks, the full URL of shortened links, #tags and @names as text,
  entities unescaped once); the HTML itself is never kept; `summary` is the content warning;
- the id is the status's own number, the last part of `object.id` (`…/statuses/<id>`, and
  `…/ap/users/<n>/statuses/<id>` on 2026 servers), which never changes;
- attachment `url` is a server path (`/media_attachments/…`, on object-storage servers with a
  bucket prefix `/bucket/media_attachments/…`), resolved from `media_attachments/` inside the
  archive and confined to it; `name` is the alt text the leader wrote on Mastodon.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import datetime, timezone
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from ..export_files import Export, ExportError, name_problem, read_posts_file
from ..model import IMPLAUSIBLE, ArchivedPost, Media, Provenance, Skipped, nfc, plausible, web_url

PLATFORM = "mastodon"

# outbox.json at the root or in up to two wrapper folders; the shortest prefix is the root.
OUTBOX = re.compile(r"^(?P<root>(?:[^/]+/){0,2}?)outbox\.json$")
COLLECTION = re.compile(rb'"type"\s*:\s*"OrderedCollection"')
OUTBOX_ID = re.compile(rb'"id"\s*:\s*"outbox\.json"')
# A third-party tool's dump of the API (mastodon-archive and the like): statuses, not activities.
API_DUMP = re.compile(rb'"spoiler_text"\s*:')
API_VISIBILITY = re.compile(rb'"visibility"\s*:')
TOP_JSON = re.compile(r"^(?:[^/]+/)?[^/]+\.json$")
HEAD_BYTES = 64 * 1024

PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
MEDIA_FOLDER = "media_attachments/"
STATUS_ID = re.compile(r"/statuses/(?P<id>\d{1,30})(?:/activity)?$")

API_DUMP_PROBLEM = (
    "det här är en lista med inlägg från Mastodons API (fälten visibility och spoiler_text), gjord med "
    "ett annat verktyg, inte Mastodons eget arkiv; begär arkivet under Inställningar → Import och export "
    "→ Begär arkiv och importera det"
)
NO_OUTBOX = (
    "hittar ingen outbox.json i Mastodon-arkivet; begär arkivet under Inställningar → Import och export "
    "→ Begär arkiv och importera zip-filen eller den uppackade mappen"
)
NOT_COLLECTION = 'outbox.json är ingen OrderedCollection ("orderedItems" saknas); det är inget Mastodon-arkiv'
TOO_DEEP = "JSON-filen är nästlad för djupt ([[[[…); det är ingen riktig export"
FOLLOWERS_ONLY = "bara för följare; sådana inlägg sparas aldrig i arkivet"
DIRECT = "direktmeddelande (bara till de nämnda); sådana läses aldrig in i arkivet"
REPLY = "svar på någon annans inlägg arkiveras inte"
NO_MEDIA_URL = "bilagan saknar sökväg (url)"
WEB_ADDRESS = "bilagan är en webbadress, inte en fil i arkivet; den hämtas aldrig"
NOT_IN_FOLDER = f"bilagan ligger inte under {MEDIA_FOLDER} i arkivet"
MISSING = "filen saknas i arkivet"

# Files beside outbox.json that are never archived, and why (relative to the root).
NOT_IMPORTED: tuple[tuple[str, str], ...] = (
    ("likes.json", "gillade inlägg är andras och arkiveras inte"),
    ("bookmarks.json", "bokmärken är andras inlägg och arkiveras inte"),
)


def looks_like(export: Export) -> bool:
    files = export.files()
    for member in files:
        if match := OUTBOX.match(member):
            head = _head(export, member)
            beside = f"{match['root']}actor.json" in files
            if COLLECTION.search(head) and (beside or OUTBOX_ID.search(head)):
                return True
    return any(_is_api_dump(export, member) for member in files if TOP_JSON.match(member))


def _head(export: Export, member: str) -> bytes:
    """The first bytes of a file, enough to tell what JSON it holds ("" if it cannot be read)."""
    try:
        with closing(export.stream(member, export.size(member))) as chunks:
            return next(chunks, b"")[:HEAD_BYTES]
    except ExportError:
        return b""


def _is_api_dump(export: Export, member: str) -> bool:
    head = _head(export, member)
    return bool(API_DUMP.search(head) and API_VISIBILITY.search(head) and not COLLECTION.search(head))


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    files = export.files()
    roots = sorted({m["root"] for m in map(OUTBOX.match, files) if m})
    if not roots:
        dump = next((m for m in files if TOP_JSON.match(m) and _is_api_dump(export, m)), None)
        raise ExportError(dump or export.name, API_DUMP_PROBLEM if dump else NO_OUTBOX)
    if len(roots) > 1:
        accounts = ", ".join(r.rstrip("/") or "(roten)" for r in roots)
        raise ExportError(export.name, f"exporten innehåller flera Mastodon-arkiv ({accounts}); importera ett i taget")
    root = roots[0]
    member = f"{root}outbox.json"
    items = load_outbox(export, member)
    names = frozenset(files)
    for number, item in enumerate(items, start=1):
        yield from to_post(item, member, f"inlägg {number}", export.sha256, root, names)
    for name, reason in NOT_IMPORTED:
        if root + name in names:
            yield Skipped(root + name, "hela filen", reason, note=True)


def load_outbox(export: Export, member: str) -> list[Any]:
    data = read_posts_file(export, member)
    try:
        outbox = json.loads(data.decode("utf-8-sig"))  # a repeated key keeps its last value: the real list
    except UnicodeDecodeError:
        raise ExportError(member, "filen är inte UTF-8-kodad JSON") from None
    except json.JSONDecodeError as error:
        raise ExportError(
            member, f"trasig JSON på rad {error.lineno}, kolumn {error.colno}; filen kan vara avklippt"
        ) from None
    except RecursionError:  # [[[[… thousands deep: no archive is, and Python's parser would crash
        raise ExportError(member, TOO_DEEP) from None
    except ValueError:  # an integer of thousands of digits (Python's int limit): no archive has one
        raise ExportError(member, "filen innehåller ett orimligt stort tal; det är ingen riktig export") from None
    if isinstance(outbox, list) and any(isinstance(s, dict) and "spoiler_text" in s for s in outbox):
        raise ExportError(member, API_DUMP_PROBLEM)
    if not isinstance(outbox, dict) or not isinstance(outbox.get("orderedItems"), list):
        raise ExportError(member, NOT_COLLECTION)
    return outbox["orderedItems"]


def audience(activity: dict[str, Any], status: dict[str, Any]) -> str | None:
    """PUBLIC, UNLISTED, or None (followers-only, direct, or no addressing at all).

    The server gives a Create the addressing of its status; should the two ever disagree (an
    edited file), the narrower audience wins, so nothing private is taken for public."""
    def of(addressed: dict[str, Any]) -> str | None:
        if addressed_to(addressed, "to") & PUBLIC:
            return "PUBLIC"
        return "UNLISTED" if addressed_to(addressed, "cc") & PUBLIC else None

    said = [of(d) for d in (activity, status) if "to" in d or "cc" in d]
    if not said or None in said:
        return None
    return "UNLISTED" if "UNLISTED" in said else "PUBLIC"


def addressed_to(addressed: dict[str, Any], field: str) -> set[str]:
    return {v for v in _list(addressed.get(field)) if isinstance(v, str)}


def private_reason(activity: dict[str, Any], status: dict[str, Any]) -> str:
    followers = [v for f in ("to", "cc") for v in _list(activity.get(f)) + _list(status.get(f))]
    return FOLLOWERS_ONLY if any(isinstance(v, str) and v.endswith("/followers") for v in followers) else DIRECT


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def to_post(
    item: Any, member: str, where: str, export_sha256: str, root: str, names: frozenset[str]
) -> Iterator[ArchivedPost | Skipped]:
    """The post (or why it is left out), then each of its media files that is missing."""
    if not isinstance(item, dict) or item.get("type") not in ("Create", "Announce"):
        kind = item.get("type") if isinstance(item, dict) and isinstance(item.get("type"), str) else None
        what = f"aktiviteten {kind[:40]!r}" if kind else "posten"
        yield Skipped(member, where, f"{what} är varken ett inlägg (Create) eller en knuff (Announce)")
        return
    boost = item["type"] == "Announce"
    status = {} if boost else item.get("object")
    if not isinstance(status, dict):
        yield Skipped(member, where, "inlägget (object) saknas")
        return
    own_id = item.get("id") if boost else status.get("id")
    match = STATUS_ID.search(own_id) if isinstance(own_id, str) else None
    if match is None:
        yield Skipped(member, where, "inlägget saknar ett id (…/statuses/<nummer>); det kan inte identifieras")
        return
    visibility = audience(item, status)
    if visibility is None:  # nothing of the status is read further: not its text, not its media
        yield Skipped(member, where, private_reason(item, status))
        return
    published = parse_time(status.get("published") or item.get("published"))
    if published is None:
        yield Skipped(member, where, "inlägget saknar en giltig tidpunkt (published)")
        return
    if not plausible(published):
        yield Skipped(member, where, f"tidpunkten (published) {IMPLAUSIBLE}")
        return
    if boost:
        shared = item.get("object")  # the boosted status's address; its content is never read
        shared = shared.get("id") if isinstance(shared, dict) else shared
        yield ArchivedPost(
            platform=PLATFORM, post_id=match["id"], kind="repost", published=published, text="",
            shared_url=web_url(shared) if isinstance(shared, str) else "", visibility=visibility,
            provenance=(Provenance(export_sha256, member),), entry=where,
        )
        return
    reply = status.get("inReplyTo")
    if reply is not None and not (isinstance(reply, str) and reply.startswith(own_id[: match.start("id")])):
        yield Skipped(member, where, REPLY)
        return
    if status.get("type") not in ("Note", "Question"):
        yield Skipped(member, where, "inlägget är varken en text (Note) eller en omröstning (Question)")
        return
    found, missing = attachments(status.get("attachment"), member, where, root, names, export_sha256)
    text = status_text(status)
    if not text and not found:
        reasons = "; ".join(s.reason for s in missing)
        yield Skipped(member, where, "inlägget har ingen text" + (f" och ingen bild som går att läsa ({reasons})"
                                                                     if reasons else ""))
        return
    url = status.get("url")
    yield ArchivedPost(
        platform=PLATFORM, post_id=match["id"], kind="post", published=published, text=text,
        url=url if isinstance(url, str) and web_url(url).startswith("https://") else "",
        visibility=visibility, media=tuple(found), provenance=(Provenance(export_sha256, member),),
        entry=where, incomplete=bool(missing),
    )
    yield from missing


def parse_time(value: Any) -> datetime | None:
    """`2024-05-14T07:15:02Z` (any offset, fractions dropped) as UTC; None if it is no such string."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.utcoffset() is None:
        return None
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def status_text(status: dict[str, Any]) -> str:
    """The content warning, the text, then a poll's options, as plain text."""
    content = status.get("content")
    if not isinstance(content, str):
        by_language = status.get("contentMap")
        content = next((v for v in by_language.values() if isinstance(v, str)), "") if isinstance(
            by_language, dict) else ""
    parts = [html_to_text(content)]
    options = status.get("oneOf") if isinstance(status.get("oneOf"), list) else status.get("anyOf")
    if isinstance(options, list):
        lines = [f"– {o['name'].strip()}" for o in options if isinstance(o, dict) and isinstance(o.get("name"), str)]
        parts.append("\n".join(lines))
    warning = status.get("summary")
    if isinstance(warning, str) and warning.strip():  # Mastodon writes the warning as plain text
        parts.insert(0, f"Innehållsvarning: {warning.strip()}")
    return nfc("\n\n".join(p for p in parts if p))


BLOCKS = frozenset({"p", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})


def html_to_text(content: str) -> str:
    """Server-sanitised HTML as the text a reader sees: paragraphs apart by a blank line, <br> a
    line break, a link as its full text (Mastodon hides part of a long URL in span.invisible, which
    is kept) or its address, #tags and @names as text; entities are unescaped once, by the parser."""
    soup = BeautifulSoup(content, "html.parser")
    paragraphs: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = "".join(inline).strip()
        if text:
            paragraphs.append(text)
        inline.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # never comments, doctypes or CDATA
                    inline.append(str(child) if node.name == "pre" else str(child).replace("\n", " "))
            elif child.name == "br":
                inline.append("\n")
            elif child.name == "a":
                inline.append(link_text(child))
            elif child.name == "li":
                walk(child)
                inline.append("\n")
            elif child.name in BLOCKS:
                flush()
                walk(child)
                flush()
            elif child.name not in ("script", "style"):
                walk(child)

    walk(soup)
    flush()
    return "\n\n".join("\n".join(line.strip() for line in p.split("\n")) for p in paragraphs)


def link_text(anchor: Tag) -> str:
    """#tag and @name as written, a URL in full; other link text keeps its address after it."""
    text = anchor.get_text()
    href = anchor.get("href")
    address = web_url(href) if isinstance(href, str) else ""
    if not text.strip():
        return address
    if text.startswith(("#", "@")) or web_url(text) or not address or text.strip() == address:
        return text
    return f"{text} ({address})"


def attachments(
    value: Any, member: str, where: str, root: str, names: frozenset[str], export_sha256: str
) -> tuple[list[Media], list[Skipped]]:
    found: list[Media] = []
    missing: list[Skipped] = []
    for position, attachment in enumerate(value if isinstance(value, list) else [], start=1):
        if not isinstance(attachment, dict) or attachment.get("type") == "Link":
            continue  # a preview card of a link in the text: no file
        url = attachment.get("url")
        source, reason = media_member(url, member, f"{where}, bild {position}", root, names)
        if reason:
            shown = url if isinstance(url, str) and len(url) <= 200 else "ingen sökväg"
            missing.append(Skipped(member, f"{where}, bild {position} ({shown})", reason, partial=True))
            continue
        alt = attachment.get("name")  # the alt text written on Mastodon; null when there is none
        found.append(Media(kind="", alt=nfc(alt.strip()) if isinstance(alt, str) else "", source=source,
                           source_export=export_sha256))
    return found, missing


def media_member(url: Any, member: str, where: str, root: str, names: frozenset[str]) -> tuple[str, str]:
    """(the file's name inside the archive, "") or ("", why the post goes without it); a path that
    tries to leave the archive is refused outright."""
    if not isinstance(url, str) or not url.strip():
        return "", NO_MEDIA_URL
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", url):  # a scheme of two letters or more; C: is a drive
        return "", WEB_ADDRESS
    if name_problem(url.lstrip("/")):  # .., backslashes, drive letters, NUL: a tampered archive
        raise ExportError(
            member, f"{where} (url): sökvägen {url[:200]!r} pekar utanför arkivet; arkivet kan vara manipulerat, "
            "begär ett nytt från Mastodon",
        )
    start = url.find(MEDIA_FOLDER)
    if start < 0:
        return "", NOT_IN_FOLDER
    inside = root + url[start:]
    return (inside, "") if inside in names else ("", MISSING)
