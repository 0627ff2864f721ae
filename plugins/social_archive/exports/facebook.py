"""Facebook "Download your information" (JSON): profile and Page posts with their photos and videos.

Quirks handled here (exports-more.md §1 and §7, exports.md §3):
- five layouts, relative to the export root: `posts/your_posts.json` (≤2019), `posts/
  your_posts_N.json` (2020–21, media in `photos_and_videos/`), the same under
  `your_activity_across_facebook/` (2022–23), `your_facebook_activity/posts/your_posts__check_ins__
  photos_and_videos_N.json` (2024–) and a Page's `this_profile's_activity_across_facebook/posts/
  profile_posts_N.json`; the root is found by search (downloads wrap it, or bundle Instagram);
- strings and paths are Meta mojibake (repaired in meta.py, with the guard);
- text is every `data[].post`; `title` is a sentence Facebook writes in the account's language,
  never the text, read only to tell posts written on someone else's timeline or in a group,
  which sit in the own posts file (§7): they are left out and listed;
- a photo's `description` usually repeats the text: dropped when equal, else added to the text;
- one multi-photo post can be several records with the same timestamp and text: merged, media
  united by uri, the others counted as repeats so the summary adds up;
- no post id (§1.3): the id is timestamp + a short hash of the text + the first media file's name;
- no audience per post (§1.3): a profile's posts need a person's approval; a Page's are public;
- only `external_context.url` becomes the shared link, if http(s) with a real host name (a Page
  export can carry `http://0.0.0.0/`); thumbnails and fbcdn addresses are never fetched or
  linked; places, GPS, upload_ip and tags (other people) are never read;
- media uris are relative to the export ROOT, confined to it, and also looked up in the other
  parts of a large export imported with it;
- archive, trash, stories, messages, comments and reactions, groups, posts on other Pages and
  profiles, albums, videos and uncategorised photos (media, not posts) are listed once as notes.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ..export_files import Export, ExportError, name_problem
from ..model import ArchivedPost, Kind, Media, Provenance, Skipped, latest_post, nfc, web_url
from . import ALONE, never_imported
from .instagram import load  # Meta's JSON quirks (mojibake, wrapped arrays, depth) are the same
from .meta import Locator

PLATFORM = "facebook"

# The activity folders of each vintage (§1.1): 2024– profile, 2022–23 profile, 2025– Page.
ACTIVITY = (
    r"(?:your_facebook_activity|your_activity_across_facebook|this_profile's_activity_across_facebook)/"
)
PROFILE_FOLDER = r"(?:your_facebook_activity/|your_activity_across_facebook/)?"
PAGE_FOLDER = r"this_profile's_activity_across_facebook/"
# Non-greedy root: the shortest prefix before a known layout is the export root.
IN_ROOT = r"^(?P<root>(?:[^/]+/)*?)"
PROFILE_POSTS = re.compile(
    rf"{IN_ROOT}{PROFILE_FOLDER}posts/your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.json$"
)
PAGE_POSTS = re.compile(rf"{IN_ROOT}{PAGE_FOLDER}posts/profile_posts_\d+\.json$")
REELS = re.compile(rf"{IN_ROOT}your_facebook_activity/(?:reels|short_videos)/your_reels(?:_\d+)?\.json$")
# The files whose entries are posts: (file, kind, whether a person must approve each post). A
# profile records no audience per post (§1.3); a Page is public by nature.
SOURCES: tuple[tuple[re.Pattern[str], Kind, bool], ...] = (
    (PROFILE_POSTS, "post", True),
    (PAGE_POSTS, "post", False),
    (REELS, "reel", True),
)
# Where a part of the export keeps its files; a uri is looked up under each such root.
ROOT = re.compile(rf"{IN_ROOT}(?:{ACTIVITY}|posts/|photos_and_videos/)")
MARKERS = re.compile(rf"^(?:[^/]+/)*?(?:{ACTIVITY}|posts/your_posts[^/]*\.(?:json|html)$|photos_and_videos/)")
HTML_POSTS = re.compile(
    rf"^(?:[^/]+/)*?(?:{PROFILE_FOLDER}posts/your_posts|{PAGE_FOLDER}posts/profile_posts)[^/]*\.html$"
)
HTML_START = re.compile(r"^(?:[^/]+/)?(?:start_here|index)\.html$")

# Where Facebook writes a post the leader wrote somewhere else (§7): in the own posts file, told
# apart only by the generated title, in the account's language. English and Vietnamese are seen
# in real exports; the other wordings are Facebook's as far as known [uncertain]. A possessive
# ('s, "Bos") names another person: "her timeline", "sin tidslinje" are the leader's own.
ELSEWHERE: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:on|to) [^.]*['’]s? (?:timeline|wall)\b",  # en: "… wrote on Bo Ek's timeline."
        r"\bposted in \S",  # en: "… posted in Föräldrar i Ekbacka." (a group or another Page)
        r"\bpå (?!(?:sin|din|min) )[^.]* (?:tidslinje|vägg|væg)\b",  # sv, da: "… på Bo Eks tidslinje."
        r"\bpublicerade i \S",  # sv: "… publicerade i Föräldrar i Ekbacka." (a group)
        r"\bpå (?:tidslinjen|veggen) til\b",  # nb: "… skrev på tidslinjen til Bo Ek."
        r"\b(?:in|auf) (?:der |die )?(?:Chronik|Pinnwand) von\b",  # de: "… in der Chronik von Bo Ek …"
        r"\bsur le journal de\b",  # fr: "… a écrit sur le journal de Bo Ek."
        r"\ben la biografía de\b",  # es: "… escribió en la biografía de Bo Ek."
        r"\bkäyttäjän \S.* aikajanalle\b",  # fi: "… kirjoitti käyttäjän Bo Ek aikajanalle."
        r"\blên (?:dòng thời gian|tường) của\b",  # vi: "… viết lên dòng thời gian của …"
    )
)
ELSEWHERE_REASON = (
    "skrevs på någon annans tidslinje eller i en grupp (det säger exportens titel); det är inte "
    "ditt eget inlägg och arkiveras inte"
)

# Files that are never archived as posts (relative to the export root), and why.
IN_ACTIVITY = rf"^(?:{ACTIVITY})?"
NOT_IMPORTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"{IN_ACTIVITY}posts/archive\.json$"),
        "arkiverade inlägg har du dolt på Facebook; de arkiveras inte",
    ),
    (re.compile(rf"{IN_ACTIVITY}posts/trash\.json$"), "inlägg i papperskorgen arkiveras aldrig"),
    (re.compile(rf"{IN_ACTIVITY}stories/"), "berättelser (stories) är tillfälliga och arkiveras inte"),
    (re.compile(rf"{IN_ACTIVITY}messages/"), "privata meddelanden läses aldrig"),
    (
        re.compile(rf"{IN_ACTIVITY}(?:comments_and_reactions|comments|likes_and_reactions)/"),
        "kommentarer och reaktioner arkiveras inte",
    ),
    (re.compile(rf"{IN_ACTIVITY}groups/"), "inlägg och kommentarer i grupper arkiveras inte"),
    (
        re.compile(r"^(?:[^/]+/)*posts_on_other_pages_and_profiles\.json$"),
        "inlägg på andras sidor och profiler arkiveras inte",
    ),
    (
        re.compile(rf"{IN_ACTIVITY}posts/check-ins\.json$"),
        "incheckningar arkiveras inte; platser sparas aldrig",
    ),
    (
        re.compile(rf"{IN_ACTIVITY}posts/(?:album/|(?:your_)?videos\.json$|your_uncategorized_photos\.json$)"),
        "album, videor och okategoriserade bilder är bilder, inte inlägg; "
        "bilderna i dina inlägg följer med inläggen",
    ),
)

EARLIEST = datetime(2004, 2, 4, tzinfo=timezone.utc)  # Facebook opened on 4 February 2004
OUT_OF_RANGE = "ligger utanför 2004 till i dag; inlägget arkiveras inte"
WHERE = "Inställningar → Kontocenter → Dina uppgifter och behörigheter → Ladda ned din information"
HTML_EXPORT = (
    "exporten är i HTML-format; "
    f"begär en ny export på Facebook ({WHERE}) och välj formatet JSON"
)
NO_POSTS = (
    "hittar inga inlägg (your_posts…json) i Facebook-exporten; begär en ny export på Facebook "
    f"({WHERE}) med Inlägg valt, i formatet JSON"
)
MEDIA_PART = "en del med bara bilder och video; den används av delen med inläggen"
REMOTE = "bilden eller filmen ligger på Facebooks server, inte i exporten; sådana adresser hämtas aldrig"
MISSING = "filen saknas i exporten; importera alla delar av exporten samtidigt"
MERGED = (
    "samma inlägg som {first} (samma tid och text: Facebook skriver så ett inlägg med flera bilder); "
    "bilderna slås ihop"
)
NOTHING = (
    "ingen egen text, bild eller länk (t.ex. en delning utan egna ord); "
    "den går inte att återskapa ur exporten"
)
# Hosts that are never a shared page: the machine itself, and Facebook's own media servers.
NOT_A_SITE = re.compile(r"^(?:localhost|[\d.]+|.*\.local|(?:.*\.)?fbcdn\.net)$", re.IGNORECASE)


@dataclass
class Record:
    """One entry of a posts file, read; several with the same (timestamp, text) are one post."""

    member: str
    item: str
    timestamp: int
    text: str
    media: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def looks_like(export: Export) -> bool:
    return any(MARKERS.match(member) for member in export.files())


def posts_files(files: Sequence[str]) -> list[tuple[str, str, Kind, bool]]:
    """(member, root, kind, needs approval) of every file whose entries are posts."""
    return [
        (member, match["root"], kind, approval)
        for member in files
        for pattern, kind, approval in SOURCES
        if (match := pattern.match(member))
    ]


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    files = export.files()
    sources = posts_files(files)
    if not sources:
        yield from without_posts(export, files, companions)
        return
    roots = sorted({root for _, root, _, _ in sources})
    if len(roots) > 1:
        accounts = ", ".join(r.rstrip("/") or "(roten)" for r in roots)
        problem = f"exporten innehåller flera Facebook-konton eller sidor ({accounts}); importera en i taget"
        raise ExportError(export.name, problem)
    root = roots[0]
    locator = Locator(export, root, companions, ROOT)
    # Reels first: a reel the posts file lists too is then kept as a reel, the copy a repeat.
    for kind in ("reel", "post"):
        chosen = [(m, approval) for m, _, k, approval in sources if k == kind]
        records: list[Record] = []
        for member, approval in chosen:
            for number, entry in enumerate(load(export, member), start=1):
                outcome = record(entry, member, f"inlägg {number}")
                if isinstance(outcome, Skipped):
                    yield outcome
                else:
                    records.append(outcome)
        approvals = {member: approval for member, approval in chosen}
        for group in merged(records):
            yield from to_post(group, kind, approvals[group[0].member], export.sha256, locator)
    yield from never_imported(files, root, NOT_IMPORTED)


def without_posts(export: Export, files: Sequence[str], companions: Sequence[Export]) -> Iterator[Skipped]:
    """An export with no posts file: HTML (refused), a part with only media, or no posts at all."""
    html = next((m for m in files if HTML_POSTS.match(m)), None)
    if html := html or next((m for m in files if HTML_START.match(m)), None):
        raise ExportError(html, HTML_EXPORT)
    if files and not any(m.endswith((".json", ".html")) for m in files):
        if not any(posts_files(other.files()) for other in companions):
            raise ExportError(export.name, ALONE)
        yield Skipped(export.name, "hela exporten", MEDIA_PART, note=True)
        return
    raise ExportError(export.name, NO_POSTS)


def record(entry: Any, member: str, item: str) -> Record | Skipped:
    """One entry read, or why it is left out."""
    if not isinstance(entry, dict):
        return Skipped(member, item, "posten är inte ett JSON-objekt")
    said = entry.get("timestamp")
    if timestamp(said) is None:
        if isinstance(said, (int, float)) and not isinstance(said, bool):  # NaN, inf, 1e300, year 1970
            return Skipped(member, item, f"tidpunkten (timestamp) {said!r} {OUT_OF_RANGE}")
        return Skipped(member, item, "inlägget saknar en giltig tidpunkt (timestamp)")
    title = entry.get("title")
    if isinstance(title, str) and any(pattern.search(title) for pattern in ELSEWHERE):
        return Skipped(member, item, ELSEWHERE_REASON)
    texts = [d["post"] for d in objects(entry.get("data")) if isinstance(d.get("post"), str)]
    found = Record(member, item, int(said), nfc("\n\n".join(t for t in texts if t.strip())))
    for attachment in objects(entry.get("attachments")):
        for part in objects(attachment.get("data")):
            if isinstance(part.get("media"), dict):
                found.media.append(part["media"])
            context = part.get("external_context")
            if isinstance(context, dict) and isinstance(context.get("url"), str):
                found.links.append(context["url"])
    return found


def objects(value: Any) -> list[dict[str, Any]]:
    """The JSON objects of a list; anything else (a missing list, strings, nulls) is nothing."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def merged(records: list[Record]) -> list[list[Record]]:
    """Records grouped by (timestamp, text), in the order each post first appears."""
    groups: dict[tuple[int, str], list[Record]] = {}
    for found in records:
        groups.setdefault((found.timestamp, found.text), []).append(found)
    return list(groups.values())


def to_post(
    group: list[Record], kind: Kind, needs_approval: bool, export_sha256: str, locator: Locator
) -> Iterator[ArchivedPost | Skipped]:
    """The post of a group of records (or why it is left out), then its repeats and missing media."""
    first = group[0]
    # United by uri across the group's records; an item without a uri is kept (and listed).
    media_items: dict[str, dict[str, Any]] = {}
    for found in group:
        for item in found.media:
            uri = item.get("uri")
            media_items.setdefault(uri if isinstance(uri, str) and uri else f"\0{len(media_items)}", item)
    found_media: list[Media] = []
    missing: list[Skipped] = []
    for position, (uri, item) in enumerate(media_items.items(), start=1):
        outcome = media_file(item.get("uri"), first.member, f"{first.item}, bild {position}", locator)
        if isinstance(outcome, str):
            shown = uri if uri[0] != "\0" else "ingen sökväg"
            where = f"{first.item}, bild {position} ({shown})"
            missing.append(Skipped(first.member, where, outcome, partial=True))
        else:
            found_media.append(outcome)
    text = with_descriptions(first.text, media_items.values())
    shared_url = next((url for url in map(shared_link, (u for f in group for u in f.links)) if url), "")
    if not found_media and not text and not shared_url:
        reasons = "; ".join(dict.fromkeys(s.reason for s in missing))
        why = f"{reasons}; inlägget har ingen text heller" if reasons else NOTHING
        yield Skipped(first.member, first.item, why)
        yield from repeats(group)
        return
    yield ArchivedPost(
        platform=PLATFORM,
        post_id=post_id(first.timestamp, first.text, next((u for u in media_items if u[0] != "\0"), "")),
        kind=kind,
        published=datetime.fromtimestamp(first.timestamp, tz=timezone.utc),
        text=text,
        shared_url=shared_url,
        media=tuple(found_media),
        provenance=(Provenance(export_sha256, first.member),),
        entry=first.item,
        incomplete=bool(missing),
        needs_approval=needs_approval,
    )
    yield from repeats(group)
    yield from missing


def repeats(group: list[Record]) -> Iterator[Skipped]:
    """The group's later records, each counted as a repeat so the summary adds up."""
    return (Skipped(f.member, f.item, MERGED.format(first=group[0].item), repeat=True) for f in group[1:])


def with_descriptions(text: str, media: Any) -> str:
    """The text, then each photo caption that says something else (most repeat the text)."""
    parts = [text] if text else []
    seen = {words(text)}
    for item in media:
        description = item.get("description")
        if isinstance(description, str) and words(description) not in seen:
            seen.add(words(description))
            parts.append(nfc(description.strip()))
    return "\n\n".join(parts)


def words(text: str) -> str:
    return " ".join(text.split())


def post_id(when: int, text: str, first_uri: str) -> str:
    """`<timestamp>-<8 hex of the text>[-<first media name>]`: no row position, nothing that moves
    between vintages (the album folder of a photo does: MobileUploads_… became Mobiluppladdningar_…).

    A text edited on Facebook gives a new id. A post with photos keeps its archived id all the
    same (the importer matches it by time and photo, known_under_other_id); an edited post of text
    alone is archived a second time, with the new text, and the first copy stays."""
    digest = hashlib.sha256(words(text).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    name = re.sub(r"[^A-Za-z0-9_-]", "-", posixpath.splitext(posixpath.basename(first_uri))[0])[:20]
    return f"{when}-{digest}" + (f"-{name}" if name else "")


def shared_link(url: str) -> str:
    """An http(s) address with a real host name; never the machine itself, an IP or Facebook's media."""
    url = web_url(url)
    host = urlsplit(url).hostname or ""  # an IPv6 address ([::1]) has no dot
    return url if "." in host.strip(".") and not NOT_A_SITE.match(host) else ""


def timestamp(value: Any) -> datetime | None:
    """The instant of a Unix timestamp from 2004 to tomorrow; None for anything else (NaN, 1e300)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    # Compared as numbers first: fromtimestamp overflows on huge values.
    if not EARLIEST.timestamp() <= value <= latest_post().timestamp():
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def media_file(uri: Any, member: str, item: str, locator: Locator) -> Media | str:
    """The media as found in an export part, or the reason it is left out of its post."""
    if not isinstance(uri, str) or not uri:
        return "en bild eller video saknar sökväg (uri) i exporten"
    if re.match(r"^https?://", uri, re.IGNORECASE):  # a thumbnail-like address on Facebook's servers
        return REMOTE
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or name_problem(uri):
        # Hostile or broken: a uri must name a file inside the export, never a path out of it.
        raise ExportError(member, f"{item}: sökvägen {uri!r} pekar utanför exporten")
    found = locator.find(uri)
    if found is None:
        return MISSING
    export, source = found
    return Media(kind="", source=source, source_export=export.sha256)
