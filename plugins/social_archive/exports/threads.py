"""Threads posts: inside the Instagram export (your_instagram_activity/threads/), or in an export of its own.

Facts (exports-more.md §5; exports.md §2.6), each handled where it bites:
- for a profile linked to Instagram, Threads data comes only inside the Instagram JSON export;
  instagram.py hands the Threads folder to read_inside(). A Threads-only profile's own export has
  a tree nobody has verified, so it is read only when its root holds threads/threads_and_replies.json
  and nothing of Instagram's, and only the files known here are read from it;
- threads_and_replies.json is {"text_post_app_text_posts": [...]} (the key is checked), entries shaped
  like Instagram posts: the text is media[0].title, Meta mojibake (repaired on load); a post-level
  title or creation_timestamp, when present, follows Instagram's caption and date rules; uri "" is a
  text-only post with no file; media sit at media/posts/YYYYMM/<id>.webp or media/<id>.webp (2026)
  and are found with Meta's Locator (meta.py), in every part of the export;
- there is no post id, URL or parent: the id is the first creation_timestamp, a short hash of the
  text and the first media file's id. Threads lets a post be edited only in its first 15 minutes,
  so an exported text stays the same in every later export;
- text_app_post.is_reply marks a reply. A reply to someone else is never archived; one whose
  in_reply_to_username is the account's own username (the Username of the profile file) carries on
  the leader's own thread and is archived. An entry without is_reply cannot be told apart: left out;
- who saw a post: the profile's "Private Account" True means followers only; a non-empty
  geo_gated_country_list means some countries only. Such posts are yielded with needs_approval, to
  be published only once a person approves them, and so are all posts when the profile does not say
  (its labels are in the account's language in some exports). reply_control says who may reply, not
  who may read, and cross_post_source is "FB" on every real post: both are ignored;
- the profile (Username, Private Account) is threads/personal_information.json, the Threads profile's
  own; without it the username is taken from Instagram's profile file, which has the same username;
- likes, saves, views, archived threads, followers, following and blocked profiles are never
  archived; threads_and_replies.html (an HTML export) is refused with the way to get JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..export_files import Export, ExportError
from ..model import ArchivedPost, Media, Provenance, Skipped, text_sha256
from . import instagram, is_media_part
from .meta import Locator

PLATFORM = "threads"

POSTS_FILE = "threads_and_replies.json"
HTML_FILE = "threads_and_replies.html"
WRAPPER = "text_post_app_text_posts"
PROFILE_FILE = "personal_information.json"  # beside POSTS_FILE: the Threads profile's own
# Where the Threads folder is, relative to an export's root: inside Instagram's activity, or at the
# root (a Threads export of its own; Instagram exports with it there are handled alike).
FOLDERS = ("your_instagram_activity/threads/", "threads/")
# The Threads file inside an Instagram export, and the export root before it (instagram.py).
IN_INSTAGRAM = re.compile(
    rf"^(?P<root>(?:[^/]+/)*?){re.escape(FOLDERS[0])}(?:{re.escape(POSTS_FILE)}|{re.escape(HTML_FILE)})$"
)
# A Threads export of its own has its file at exactly this place (its tree is not verified).
OWN_EXPORT = frozenset(FOLDERS[1] + name for name in (POSTS_FILE, HTML_FILE))
# Instagram's profile files (exports.md §2.1): the same username, for a Threads folder without a profile.
INSTAGRAM_PROFILES = (
    "personal_information/personal_information/personal_information.json",
    "account_information/personal_information.json",
)
LAUNCHED = datetime(2023, 7, 5, tzinfo=timezone.utc)  # no Threads post is older

# Files of the Threads folder that are never archived (relative to the folder), and why.
NOT_IMPORTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^liked_threads\.json$"), "gillade trådar arkiveras inte"),
    (re.compile(r"^saved_threads\.json$"), "sparade trådar arkiveras inte"),
    (re.compile(r"^threads_viewed\.json$"), "trådar du har sett arkiveras inte"),
    (re.compile(r"^archived_threads\.json$"), "arkiverade trådar har du dolt på Threads; de arkiveras inte"),
    (
        re.compile(
            r"^(?:followers(?:_\d+)?|following(?:_\d+)?|recent_follow_requests|recently_unfollowed_profiles)\.json$"
        ),
        "följare och konton du följer arkiveras inte",
    ),
    (re.compile(r"^blocked_profiles\.json$"), "blockerade profiler arkiveras inte"),
    (re.compile(rf"^(?!{re.escape(POSTS_FILE)}$|{re.escape(PROFILE_FILE)}$)"), "övriga Threads-filer arkiveras inte"),
)

APPROVE = 'sparas med "approved": false och publiceras först när du har godkänt {} (invoke approve)'
PRIVATE = (
    "profilen är privat (Private Account i {}): trådarna visades bara för dina följare; de " + APPROVE.format("dem")
)
UNKNOWN_AUDIENCE = (
    "exporten säger inte om Threads-profilen är privat ({} saknas eller saknar Private Account); "
    "trådarna " + APPROVE.format("dem")
)
GEO_GATED = "tråden visades bara i vissa länder (geo_gated_country_list: {}); den " + APPROVE.format("den")
REPLY = "svar på andras trådar arkiveras inte"
REPLY_TO_WHOM = "svaret anger inte vem det svarar (in_reply_to_username saknas); svar på andras trådar arkiveras inte"
NO_USERNAME = (
    "svar arkiveras bara i din egen tråd, och exporten saknar ditt användarnamn (Username i "
    f"{PROFILE_FILE}); svaret arkiveras inte"
)
NOT_TOLD = (
    "tråden saknar text_app_post.is_reply, så det går inte att avgöra om den är ett svar till någon "
    "annan; den arkiveras inte"
)
OUT_OF_RANGE = "ligger utanför juli 2023 (då Threads startade) till i dag; tråden arkiveras inte"
HTML_EXPORT = (
    "exporten är i HTML-format; begär en ny export (Kontocenter → Ladda ned din information) "
    "och välj formatet JSON"
)
NOT_OWN_EXPORT = (
    f"hittar ingen threads/{POSTS_FILE} i exportens rot; en egen Threads-export läses bara när mappen "
    "threads/ ligger direkt i zip-filen eller mappen (trådar i en Instagram-export importeras med den)"
)


@dataclass(frozen=True)
class Profile:
    """What the export says of the account whose posts these are."""

    username: str  # casefolded, without "@"; "" when the export does not say
    private: bool | None  # None when the export does not say
    file: str  # the Threads profile file, as the notes name it


def looks_like(export: Export) -> bool:
    """A Threads export of its own: threads/threads_and_replies.* at its root and nothing of Instagram's."""
    files = export.files()
    return any(member in OWN_EXPORT for member in files) and not any(
        instagram.INSTAGRAM_ONLY.match(member) for member in files
    )


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    """A Threads export of its own (its root is the export's root), or a part of it with only media."""
    if is_media_part(export):  # its files are found from the part with the posts
        yield Skipped(export.name, "hela exporten", instagram.MEDIA_ONLY, note=True)
        return
    if not looks_like(export):  # reached only with --platform threads
        raise ExportError(export.name, NOT_OWN_EXPORT)
    yield from read_inside(export, "", Locator(export, "", companions, instagram.MEDIA_ROOT))


def read_inside(export: Export, root: str, locator: Locator) -> Iterator[ArchivedPost | Skipped]:
    """The posts and notes of the Threads folder of the export whose root is `root`."""
    files = export.files()
    for folder in (root + place for place in FOLDERS):
        inside = [member for member in files if member.startswith(folder)]
        if folder + POSTS_FILE in inside:
            yield from read_posts(export, folder, root, locator)
        elif folder + HTML_FILE in inside:
            raise ExportError(folder + HTML_FILE, HTML_EXPORT)
        for member in inside:
            reason = next((why for pattern, why in NOT_IMPORTED if pattern.match(member[len(folder) :])), None)
            if reason:
                yield Skipped(member, "hela filen", reason, note=True)


def read_posts(export: Export, folder: str, root: str, locator: Locator) -> Iterator[ArchivedPost | Skipped]:
    member = folder + POSTS_FILE
    owner = profile(export, folder, root)
    archived = 0
    for number, entry in enumerate(instagram.load(export, member, WRAPPER), start=1):
        for item in to_post(entry, member, f"tråd {number}", export.sha256, locator, owner):
            archived += isinstance(item, ArchivedPost)
            yield item
    if archived and owner.private is not False:
        reason = PRIVATE if owner.private else UNKNOWN_AUDIENCE
        yield Skipped(member, "hela filen", reason.format(owner.file), note=True)


def profile(export: Export, folder: str, root: str) -> Profile:
    files = set(export.files())
    own = folder + PROFILE_FILE
    said = profile_fields(export, own) if own in files else {}
    username = said.get("Username", "")
    if not username and (other := next((root + p for p in INSTAGRAM_PROFILES if root + p in files), None)):
        username = profile_fields(export, other).get("Username", "")  # the Instagram account's: the same
    private = {"true": True, "false": False}.get(said.get("Private Account", "").strip().lower())
    return Profile(username.strip().lstrip("@").casefold(), private, own)


def profile_fields(export: Export, member: str) -> dict[str, str]:
    """The profile's labelled values ({"Username": {"value": "…"}} → {"Username": "…"})."""
    entries = instagram.load(export, member)
    fields = entries[0].get("string_map_data") if entries and isinstance(entries[0], dict) else None
    if not isinstance(fields, dict):
        return {}
    return {
        label: value["value"]
        for label, value in fields.items()
        if isinstance(value, dict) and isinstance(value.get("value"), str)
    }


def to_post(
    entry: Any, member: str, item: str, export_sha256: str, locator: Locator, owner: Profile
) -> Iterator[ArchivedPost | Skipped]:
    """The post (or why it is left out), a note if only some countries saw it, then each missing file."""
    media = entry.get("media") if isinstance(entry, dict) else None
    if not isinstance(media, list) or not media or not all(isinstance(m, dict) for m in media):
        yield Skipped(member, item, "tråden saknar listan media, där Threads skriver texten")
        return
    about = media[0].get("text_app_post")
    if not isinstance(about, dict) or not isinstance(about.get("is_reply"), bool):
        yield Skipped(member, item, NOT_TOLD)
        return
    if about["is_reply"] and (why := reply_left_out(about.get("in_reply_to_username"), owner)):
        yield Skipped(member, item, why)
        return
    said = media[0].get("creation_timestamp")
    first = timestamp(said)
    if first is None:
        if isinstance(said, (int, float)) and not isinstance(said, bool):  # NaN, inf, 1e300, before 2023
            yield Skipped(member, item, f"tidpunkten (creation_timestamp) {said!r} {OUT_OF_RANGE}")
        else:
            yield Skipped(member, item, "tråden saknar en giltig tidpunkt (creation_timestamp)")
        return
    published = timestamp(entry.get("creation_timestamp")) or first
    text = instagram.caption(entry, media)
    found: list[Media] = []
    missing: list[Skipped] = []
    for position, item_media in enumerate(media, start=1):
        uri = item_media.get("uri")
        if uri is None or uri == "":  # a text-only post: no file
            continue
        outcome = instagram.media_file(uri, member, f"{item}, bild {position}", locator)
        if isinstance(outcome, str):
            missing.append(Skipped(member, f"{item}, bild {position} ({uri})", outcome, partial=True))
        else:
            found.append(outcome)
    if not found and not text:
        reasons = [s.reason for s in missing] or ["tråden har ingen bild"]
        yield Skipped(member, item, "; ".join(reasons) + "; tråden har ingen text heller")
        return
    gated = about.get("geo_gated_country_list")
    yield ArchivedPost(
        platform=PLATFORM,
        post_id=post_id(first, text, media),
        kind="post",
        published=published,
        text=text,
        media=tuple(found),
        provenance=(Provenance(export_sha256, member),),
        entry=item,
        incomplete=bool(missing),
        needs_approval=owner.private is not False or bool(gated),
    )
    if gated:
        countries = gated if isinstance(gated, str) else json.dumps(gated, ensure_ascii=False)
        yield Skipped(member, item, GEO_GATED.format(countries[:80]), note=True)
    yield from missing


def reply_left_out(to: Any, owner: Profile) -> str | None:
    """Why a reply is not archived; None when it answers the account itself (a thread of its own)."""
    if not isinstance(to, str) or not to.strip():
        return REPLY_TO_WHOM
    if not owner.username:
        return NO_USERNAME
    return None if to.strip().lstrip("@").casefold() == owner.username else REPLY


def timestamp(value: Any) -> datetime | None:
    """Instagram's reading of a Unix timestamp, from the day Threads started."""
    moment = instagram.timestamp(value)
    return moment if moment is not None and moment >= LAUNCHED else None


def post_id(first: datetime, text: str, media: list[dict[str, Any]]) -> str:
    """`<first creation_timestamp>-<text hash>[-<first media id>]`: neither changes between exports."""
    digest = text_sha256(text)[:8]
    uri = next((m["uri"] for m in media if isinstance(m.get("uri"), str) and m["uri"]), "")
    return f"{int(first.timestamp())}-{digest}" + (f"-{instagram.media_key(uri)}" if uri else "")
