"""Instagram "Download your information" (JSON): feed posts and reels with their photos and videos.

Quirks handled here (exports.md §2):
- three layouts: `content/posts_N.json` (2021–23), `your_instagram_activity/content/` (2024),
  `your_instagram_activity/media/` (2025–); the export root is found by search, because newer
  downloads wrap everything in a folder; `__MACOSX` junk is ignored by export_files;
- posts are sharded into posts_1.json, posts_2.json …; only `posts_\\d+.json` is read, never a
  loose glob that would catch archived_posts.json, liked_posts.json or saved_posts.json;
- captions and paths are Meta mojibake (repaired in meta.py, with the guard);
- caption rule: post-level title if non-empty, else the first non-empty media title;
- date rule: post-level creation_timestamp, else media[0]'s (they differ by 1–2 s);
- there is no post id: the id is media[0]'s creation_timestamp + its media name, which both
  stay the same across export vintages;
- media uris are relative to the export ROOT, validated and confined to it; a large export
  arrives in several zips, so a uri is also looked up in the other parts imported with it;
- a file's name says nothing about what it is (videos without extension, `.webp` holding
  JPEG, §2.6): the importer decides from the content; a media file that is missing or cannot
  be read is listed, and the post keeps its caption and its other media;
- stories, archived and deleted posts, comments, likes and messages are never archived;
- Threads posts ride inside the export (your_instagram_activity/threads/): threads.py holds
  every Threads fact and reads that folder, with this module's caption and date rules and its
  Locator, yielding posts of platform "threads". An export that holds only the Threads folder
  is still an Instagram export; a Threads export of its own is threads.py's, not this module's.
"""

from __future__ import annotations

import json
import math
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from ..export_files import Export, ExportError, name_problem, read_posts_file
from ..model import ArchivedPost, Kind, Media, Provenance, Skipped, latest_post
from . import never_imported, threads
from .meta import Locator, repair_tree

PLATFORM = "instagram"

FOLDERS = r"(?:your_instagram_activity/(?:content|media)/|content/)"
# Non-greedy root: the shortest prefix before a known layout folder is the export root.
POSTS = re.compile(rf"^(?P<root>(?:[^/]+/)*?){FOLDERS}posts_\d+\.json$")
REELS = re.compile(rf"^(?P<root>(?:[^/]+/)*?){FOLDERS}reels\.json$")
HTML_POSTS = re.compile(rf"^(?:[^/]+/)*?{FOLDERS}posts_\d+\.html$")
# Media sit under media/ at the export root: media/posts/YYYYMM/…, media/posts/<id>.jpg (2026),
# media/other/…, and Threads media even at media/<id>.webp (§2.6).
MEDIA_ROOT = re.compile(r"^(?P<root>(?:[^/]+/)*?)media/[^/]")
# What only an Instagram export holds; media/posts/YYYYMM/ is in a Threads export of its own too.
INSTAGRAM_ONLY = re.compile(
    rf"^(?:[^/]+/)*?(?:your_instagram_activity/|{FOLDERS}posts_\d+\.(?:json|html)$)|^(?:[^/]+/)?media\.json$"
)
MARKERS = re.compile(rf"{INSTAGRAM_ONLY.pattern}|^(?:[^/]+/)*?media/posts/\d{{6}}/")
# Exports before May 2021 had one media.json and photos/, videos/ folders (exports.md §0).
LEGACY = re.compile(r"^(?:[^/]+/)?media\.json$")

# Which entries of which file are archived, and as what kind.
SOURCES: tuple[tuple[re.Pattern[str], Kind], ...] = ((POSTS, "post"), (REELS, "reel"))

# Files that are never archived as posts (relative to the export root), and why.
NOT_IMPORTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^{FOLDERS}stories\.json$"), "berättelser (stories) är tillfälliga och arkiveras inte"),
    (
        re.compile(rf"^{FOLDERS}archived_posts\.json$"),
        "arkiverade inlägg har du dolt på Instagram; de arkiveras inte",
    ),
    (re.compile(rf"^{FOLDERS}recently_deleted_content\.json$"), "nyligen raderat innehåll arkiveras aldrig"),
    (re.compile(rf"^{FOLDERS}profile_photos\.json$"), "profilbilder arkiveras inte"),
    (
        re.compile(rf"^{FOLDERS}(?:other_content|igtv_videos)\.json$"),
        "övrigt innehåll och IGTV arkiveras inte",
    ),
    (re.compile(r"^(?:your_instagram_activity/)?comments/"), "kommentarer på andras inlägg arkiveras inte"),
    (re.compile(r"^(?:your_instagram_activity/)?likes/"), "gillningar arkiveras inte"),
    (re.compile(r"^(?:your_instagram_activity/)?messages/"), "privata meddelanden läses aldrig"),
)

EARLIEST = datetime(2010, 1, 1, tzinfo=timezone.utc)  # Instagram launched in October 2010
OUT_OF_RANGE = "ligger utanför 2010 till i dag; inlägget arkiveras inte"
TOO_DEEP = "JSON-filen är nästlad för djupt ([[[[…); det är ingen riktig export"
PRIVATE_ACCOUNT = (
    "kontot är privat (Private Account): inläggen visades bara för dina följare; de sparas med "
    '"approved": false och publiceras först när du har godkänt dem (invoke approve)'
)
HTML_EXPORT = "exporten är i HTML-format; begär en ny export från Instagram och välj formatet JSON"
TOO_OLD = "Instagram-exporter från före 2021 (media.json) stöds inte; begär en ny export i formatet JSON"
MEDIA_ONLY = "en del med bara bilder och video; den används av delen med inläggen"
NO_POSTS = "hittar inga inlägg (posts_1.json) i Instagram-exporten; begär en export som tar med ditt innehåll"


def looks_like(export: Export) -> bool:
    # A Threads export of its own holds media/posts/YYYYMM/ too: it is read by threads.py alone.
    return any(MARKERS.match(member) for member in export.files()) and not threads.looks_like(export)


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    files = export.files()
    # An export can hold only the Threads folder (the leader chose only Threads): its posts count too.
    roots = sorted(
        {m["root"] for pattern in (POSTS, REELS, threads.IN_INSTAGRAM) for m in map(pattern.match, files) if m}
    )
    if not roots:
        html = next((member for member in files if HTML_POSTS.match(member)), None)
        if html:
            raise ExportError(html, HTML_EXPORT)
        if legacy := next((member for member in files if LEGACY.match(member)), None):
            raise ExportError(legacy, TOO_OLD)
        if any(MEDIA_ROOT.match(member) for member in files):
            yield Skipped(export.name, "hela exporten", MEDIA_ONLY, note=True)
            return
        raise ExportError(export.name, NO_POSTS)
    if len(roots) > 1:
        accounts = ", ".join(r.rstrip("/") for r in roots)
        problem = f"exporten innehåller flera Instagram-konton ({accounts}); importera ett i taget"
        raise ExportError(export.name, problem)
    root = roots[0]
    locator = Locator(export, root, companions, MEDIA_ROOT)
    profile = next((root + p for p in threads.INSTAGRAM_PROFILES if root + p in files), None)
    # A private account's posts were seen by its followers only: a person approves them first.
    private = profile is not None and threads.profile_fields(export, profile).get(
        "Private Account", "").strip().lower() == "true"
    for pattern, kind in SOURCES:
        for member in files:
            if pattern.match(member):
                for item in read_file(export, member, kind, locator):
                    yield replace(item, needs_approval=True) if private and isinstance(item, ArchivedPost) else item
    if private:
        yield Skipped(profile, "hela filen", PRIVATE_ACCOUNT, note=True)
    yield from threads.read_inside(export, root, locator)
    yield from never_imported(files, root, NOT_IMPORTED)


def load(export: Export, member: str, wrapper: str | None = None) -> list[Any]:
    """The list of entries in a Meta JSON file, repaired; `wrapper` is the one key the file must
    wrap its list in (threads_and_replies.json), None for any or none."""
    try:
        data = repair_tree(json.loads(read_posts_file(export, member)))
    except json.JSONDecodeError as error:
        raise ExportError(
            member, f"trasig JSON på rad {error.lineno}, kolumn {error.colno}; filen kan vara avklippt"
        ) from None
    except UnicodeDecodeError:
        raise ExportError(member, "filen är inte UTF-8-kodad JSON") from None
    except RecursionError:  # [[[[… thousands deep: no export is, and Python's parser would crash
        raise ExportError(member, TOO_DEEP) from None
    # posts_N.json is a bare array; reels.json wraps it in one key ({"ig_reels_media": [...]}).
    if wrapper is not None and not (isinstance(data, dict) and list(data) == [wrapper]):
        raise ExportError(member, f'oväntad struktur: väntade {{"{wrapper}": [...]}}')
    if isinstance(data, dict) and len(data) == 1:
        data = next(iter(data.values()))
    if not isinstance(data, list):
        raise ExportError(member, "oväntad struktur: väntade en lista med inlägg")
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone \ud800 escape: no real export has one, and it cannot be stored
        raise ExportError(member, "filen innehåller ogiltiga tecken (ensamma \\ud800-tecken)") from None
    except RecursionError:
        raise ExportError(member, TOO_DEEP) from None
    return data


def read_file(export: Export, member: str, kind: Kind, locator: Locator) -> Iterator[ArchivedPost | Skipped]:
    for number, entry in enumerate(load(export, member), start=1):
        yield from to_post(entry, kind, member, f"inlägg {number}", export.sha256, locator)


def to_post(
    entry: Any, kind: Kind, member: str, item: str, export_sha256: str, locator: Locator
) -> Iterator[ArchivedPost | Skipped]:
    """The post (or why it is skipped), then each of its media files that is missing."""
    media = entry.get("media") if isinstance(entry, dict) else None
    if not isinstance(media, list) or not media or not all(isinstance(m, dict) for m in media):
        yield Skipped(member, item, "inlägget har inga bilder eller video")
        return
    said = media[0].get("creation_timestamp")
    first = timestamp(said)
    if first is None:
        if isinstance(said, (int, float)) and not isinstance(said, bool):  # NaN, inf, 1e300, year 1970
            yield Skipped(member, item, f"tidpunkten (creation_timestamp) {said!r} {OUT_OF_RANGE}")
        else:
            yield Skipped(member, item, "inlägget saknar en giltig tidpunkt (creation_timestamp)")
        return
    if not isinstance(media[0].get("uri"), str) or not media[0]["uri"]:
        # The id is made from the first file's name: without it the post cannot be told apart.
        yield Skipped(member, item, "den första bilden saknar sökväg (uri); inlägget kan inte identifieras")
        return
    published = timestamp(entry.get("creation_timestamp")) or first
    text = caption(entry, media)
    post_id = f"{int(first.timestamp())}-{media_key(media[0]['uri'])}"
    found: list[Media] = []
    missing: list[Skipped] = []
    for position, item_media in enumerate(media, start=1):
        outcome = media_file(item_media.get("uri"), member, f"{item}, bild {position}", locator)
        if isinstance(outcome, str):
            # The file in the item, the reason alone: one line for many files that share a reason.
            where = f"{item}, bild {position} ({item_media.get('uri') or 'ingen sökväg'})"
            missing.append(Skipped(member, where, outcome, partial=True))
        else:
            found.append(outcome)
    if not found and not text:
        yield Skipped(member, item, "; ".join(s.reason for s in missing) + "; inlägget har ingen bildtext heller")
        return
    yield ArchivedPost(
        platform=PLATFORM,
        post_id=post_id,
        kind=kind,
        published=published,
        text=text,
        media=tuple(found),
        provenance=(Provenance(export_sha256, member),),
        entry=item,
        incomplete=bool(missing),
    )
    yield from missing


def caption(entry: dict[str, Any], media: list[dict[str, Any]]) -> str:
    """Post-level title, else the first non-empty media title (old single-photo posts)."""
    titles = [entry.get("title")] + [m.get("title") for m in media]
    return next((t for t in titles if isinstance(t, str) and t), "")


def timestamp(value: Any) -> datetime | None:
    """The instant of a Unix timestamp from 2010 to tomorrow; None for anything else (NaN, inf, 1e300)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    # Compared as numbers first: fromtimestamp overflows on huge values.
    if not EARLIEST.timestamp() <= value <= latest_post().timestamp():
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def media_key(uri: str) -> str:
    """The media's own id from its file name: `<n>_<n>_<n>_n_<mediaid>.webp` and `<mediaid>.jpg`
    both give `<mediaid>`, so the id survives a change of naming or format between vintages."""
    stem = posixpath.splitext(posixpath.basename(uri))[0]
    match = re.search(r"(?:^|_)(\d{5,})$", stem)
    return match.group(1) if match else re.sub(r"[^A-Za-z0-9_-]", "-", stem)


def media_file(uri: Any, member: str, item: str, locator: Locator) -> Media | str:
    """The media as found in an export part, or the reason it is left out of its post."""
    if not isinstance(uri, str) or not uri:
        return "en bild eller video saknar sökväg (uri) i exporten"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or name_problem(uri):
        # Hostile or broken: a uri must name a file inside the export, never a URL or a path out.
        raise ExportError(member, f"{item}: sökvägen {uri!r} pekar utanför exporten")
    found = locator.find(uri)
    if found is None:
        return "filen saknas i exporten; importera alla delar av exporten samtidigt"
    export, source = found
    return Media(kind="", source=source, source_export=export.sha256)
