"""Bluesky "Export my data" (repo.car): the account's own posts, and their images from a folder beside it.

Quirks handled here (exports-more.md §4, §7):
- the export is one CAR file, not a zip (export_files opens it as a one-file export); its
  blocks, commit and record keys come from atproto_repo.py, which walks the search tree by hand;
  there are no tombstones: a deleted post is just absent;
- the CAR holds other apps' collections too, some with post-like text: only `app.bsky.feed.post`
  is read; likes, reposts, follows, blocks, lists, thread and post gates and chat never are;
  each kind left out is one note, not a line per record;
- records do not hold their own key: the rkey (a TID) from the tree is the post's id;
- replies to others are left out; a reply to one's own post (a thread) is archived as a post;
- facets index the text in UTF-8 bytes (start inclusive, end exclusive); a link's text may be
  shortened (`example.se/cyk…`), so the full uri replaces it and the site links it; mentions and
  tags stay as typed; the deprecated `entities` of early 2023 records are ignored (the text
  itself still reads as typed);
- a link card's uri is the shared link; a quoted post's bsky.app address is too, unless the post
  has a link card as well: then it is a last line of the text ("Citerar: …");
- `createdAt` is declared by the client (importers back-date posts): kept when plausible;
- images and videos are NOT in the CAR: they come from a folder the leader downloads once (blob
  files named by their CID, §4.3), each checked against its CID (raw, sha-256) before use; the
  alt text is the export's own and reaches the stored post;
- the self-label `!no-unauthenticated` on the profile asks apps not to show the account to
  logged-out people, and a post's own self-labels are content warnings the site cannot show:
  such posts wait for a person's approval (needs_approval), and a note says so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import datetime, timezone
from typing import Any

import libipld

from ..export_files import Export, ExportError
from ..model import IMPLAUSIBLE, ArchivedPost, Media, Provenance, Skipped, nfc, plausible, web_url
from .atproto_repo import EXPORT_AGAIN, RAW_CID, Repository, cid_parts, head_kind

PLATFORM = "bluesky"

POST = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile/self"
NO_UNAUTHENTICATED = "!no-unauthenticated"
# A blob file: named by its CID (getBlob, `goat blob export`), perhaps with an extension added.
BLOB_NAME = re.compile(r"^(?:[^/]+/)*(?P<cid>b[a-z2-7]{58})(?:\.[A-Za-z0-9]{1,5})?$")
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
AT_URI = re.compile(
    r"^at://(?P<who>[A-Za-z0-9._:%-]{1,2048})/(?P<collection>[a-z0-9.-]{1,317})/(?P<rkey>[A-Za-z0-9._:~-]{1,512})$"
)
QUOTED_PAGES = {POST: "post", "app.bsky.feed.generator": "feed", "app.bsky.graph.list": "lists"}

CARV2 = f"filen är en CAR av version 2; exporten från Bluesky är version 1 ({EXPORT_AGAIN})"
JSON_DUMP = f"filen är JSON, inte Bluesky-exporten repo.car; exportera en CAR-fil ({EXPORT_AGAIN})"
NO_CAR = "mappen har bara bilder och filmer; importera den tillsammans med exporten: invoke import repo.car --more {}"
NO_MEDIA = (
    "repo.car innehåller inga bilder eller filmer; hämta dem en gång (se README, Bluesky) och importera "
    "mappen samtidigt: invoke import repo.car --more bilder/"
)
MISSING_BLOB = "filen finns inte bland bilderna; den ingår inte i repo.car (hämta bilderna, se README, Bluesky)"
IMAGES_ONLY = "inlägget har bara bilder eller film, och de går inte att använda; hämta bilderna och importera igen"
REPLY = "svar på andras inlägg arkiveras inte"
HIDDEN_FROM_LOGGED_OUT = (
    "profilen har etiketten !no-unauthenticated (visa mig inte för utloggade); alla inlägg väntar på "
    "ditt godkännande innan de publiceras"
)
LABELLED = "inlägget har en innehållsvarning ({}); det väntar på ditt godkännande innan det publiceras"
NEVER = {
    "app.bsky.feed.like": "gillningar", "app.bsky.feed.repost": "återpubliceringar av andras inlägg",
    "app.bsky.graph.": "följningar, blockeringar och listor", "app.bsky.feed.threadgate": "svarsinställningar",
    "app.bsky.feed.postgate": "citatinställningar", "chat.bsky.": "chatt",
}


def looks_like(export: Export) -> bool:
    """A CAR file (or a JSON file) on its own, or beside blobs; or a folder of blobs alone."""
    files = export.files()
    return bool(car_members(export)) or (bool(files) and all(BLOB_NAME.match(m) for m in files))


def car_members(export: Export) -> list[str]:
    """The files that look like a repository: the only file, or a `.car`, judged by their first bytes."""
    files = export.files()
    candidates = files if len(files) == 1 else [m for m in files if m.lower().endswith(".car")]
    return [m for m in candidates if head_kind(head(export, m))]


def head(export: Export, member: str) -> bytes:
    with closing(export.stream(member)) as chunks:
        return next(chunks, b"")[:4096]


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    cars = car_members(export)
    if not cars:
        if any(car_members(other) for other in companions):
            yield Skipped(export.name, "hela mappen", "bilder och filmer till repo.car; de används av den", note=True)
            return
        if export.files() and all(BLOB_NAME.match(m) for m in export.files()):
            raise ExportError(export.name, NO_CAR.format(export.name))
        raise ExportError(export.name, "hittar ingen repo.car i exporten; exportera en CAR-fil från Bluesky")
    if len(cars) > 1:
        raise ExportError(export.name, f"exporten har flera CAR-filer ({', '.join(cars)}); importera en i taget")
    member = cars[0]
    kind = head_kind(head(export, member))
    if kind != "car":
        raise ExportError(member, CARV2 if kind == "carv2" else JSON_DUMP)
    repo = Repository(member, export.read_bytes(member))
    blobs = Blobs([export, *companions])
    yield from Reader(repo, member, export.sha256, blobs).posts()


# --- images and videos -----------------------------------------------------------------------------


class Blobs:
    """The blob files given beside repo.car, by CID; each is checked against its CID before use."""

    def __init__(self, exports: Sequence[Export]) -> None:
        self.files: dict[str, tuple[Export, str]] = {}
        for export in exports:
            for member in export.files():
                if match := BLOB_NAME.match(member):
                    self.files.setdefault(match["cid"], (export, member))

    def media(self, blob: Any, alt: str) -> Media | str:
        """The blob as a Media to store, or why it is left out of its post."""
        cid = blob_cid(blob)
        if cid is None:
            return "bilden har inget giltigt CID i exporten"
        if cid not in self.files:
            return MISSING_BLOB
        export, member = self.files[cid]
        digest = hashlib.sha256()
        for chunk in export.stream(member):
            digest.update(chunk)
        if digest.digest() != libipld.decode_cid(cid)["hash"]["digest"]:
            return f"filen {member} stämmer inte med sitt CID (innehållet är ett annat); den används inte"
        return Media(kind="", alt=alt, source=member, source_export=export.sha256)


def blob_cid(blob: Any) -> str | None:
    """The CID string of a blob (`{$type: blob, ref: <link>}` or legacy `{cid: "…"}`), if it is a
    raw sha-256 CIDv1, the only kind a file can be checked against."""
    if not isinstance(blob, dict):
        return None
    ref = blob.get("ref") if blob.get("$type") == "blob" else blob.get("cid")
    if not isinstance(ref, (bytes, str)) or cid_parts(ref) != RAW_CID:
        return None
    return libipld.encode_cid(ref)


# --- records to posts ------------------------------------------------------------------------------


class Reader:
    def __init__(self, repo: Repository, member: str, export_sha256: str, blobs: Blobs) -> None:
        self.repo, self.member, self.export_sha256, self.blobs = repo, member, export_sha256, blobs

    def posts(self) -> Iterator[ArchivedPost | Skipped]:
        keys = list(self.repo.records())
        hidden = self.hidden_from_logged_out(dict(keys).get(PROFILE))
        if hidden:
            yield Skipped(self.member, PROFILE, HIDDEN_FROM_LOGGED_OUT, note=True)
        missing = False
        for key, cid in keys:
            if key.startswith(POST + "/"):
                for item in self.post(key, cid, hidden):
                    missing |= isinstance(item, Skipped) and item.reason in (MISSING_BLOB, IMAGES_ONLY)
                    yield item
        if missing:
            yield Skipped(self.member, "hela filen", NO_MEDIA, note=True)
        yield from self.left_out({key.rsplit("/", 1)[0] for key, _ in keys})

    def hidden_from_logged_out(self, cid: bytes | None) -> bool:
        profile = self.repo.block(cid, PROFILE) if cid else None
        labels = profile.get("labels") if isinstance(profile, dict) else None
        return NO_UNAUTHENTICATED in self_labels(labels)

    def left_out(self, collections: set[str]) -> Iterator[Skipped]:
        """One note for Bluesky's collections that are never archived, one for other apps'."""
        own = sorted({what for c in collections for prefix, what in NEVER.items() if c.startswith(prefix)})
        if own:
            yield Skipped(self.member, "hela filen", f"{', '.join(own)} arkiveras inte", note=True)
        others = sorted(c for c in collections if not c.startswith(("app.bsky.", "chat.bsky.")))
        if others:
            shown = ", ".join(others[:5]) + (f" och {len(others) - 5} till" if len(others) > 5 else "")
            reason = f"{len(others)} samlingar från andra appar än Bluesky ({shown}) arkiveras inte"
            yield Skipped(self.member, "hela filen", reason, note=True)

    def post(self, key: str, cid: bytes, hidden: bool) -> Iterator[ArchivedPost | Skipped]:
        """The post (or why it is left out), then each of its images that is missing."""
        rkey = key[len(POST) + 1:]
        record = self.repo.block(cid, key)
        if not isinstance(record, dict) or record.get("$type") != POST:
            yield Skipped(self.member, key, "posten är inte ett inlägg (app.bsky.feed.post)")
            return
        if not TID.match(rkey):
            yield Skipped(self.member, key, "inlägget har ingen giltig nyckel (TID); det kan inte identifieras")
            return
        published = created_at(record.get("createdAt"))
        if isinstance(published, str):
            yield Skipped(self.member, key, published)
            return
        if reply_to_others(record.get("reply"), self.repo.did):
            yield Skipped(self.member, key, REPLY)
            return
        embed = record.get("embed") if isinstance(record.get("embed"), dict) else {}
        text, shared_url = post_text(record), external_url(embed)
        if quoted := quote_url(embed):
            if shared_url:
                text += f"\n\nCiterar: {quoted}"
            else:
                shared_url = quoted
        found, missing = [], []
        for position, (blob, alt) in enumerate(media_of(embed), start=1):
            outcome = self.blobs.media(blob, alt)
            if isinstance(outcome, str):
                where = f"{key}, bild {position} ({blob_cid(blob) or 'inget CID'})"
                missing.append(Skipped(self.member, where, outcome, partial=True))
            else:
                found.append(outcome)
        if not text.strip() and not found and not shared_url:
            yield Skipped(self.member, key, IMAGES_ONLY if missing else "inlägget har ingen text och ingen bild")
            return
        labels = sorted(self_labels(record.get("labels")))
        if labels:
            yield Skipped(self.member, key, LABELLED.format(", ".join(labels)), note=True)
        yield ArchivedPost(
            platform=PLATFORM,
            post_id=rkey,
            kind="post",
            published=published,
            text=text,
            url=f"https://bsky.app/profile/{self.repo.did}/post/{rkey}",
            shared_url=shared_url,
            media=tuple(found),
            provenance=(Provenance(self.export_sha256, self.member),),
            entry=key,
            incomplete=bool(missing),
            needs_approval=hidden or bool(labels),
        )
        yield from missing


def created_at(value: Any) -> datetime | str:
    """The declared time, to the second in UTC, or why the post is left out."""
    if not isinstance(value, str) or len(value) > 64:
        return "inlägget saknar en giltig tidpunkt (createdAt)"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"tidpunkten (createdAt) {value!r} går inte att läsa"
    if moment.utcoffset() is None:
        return f"tidpunkten (createdAt) {value!r} saknar tidszon"
    moment = moment.astimezone(timezone.utc).replace(microsecond=0)
    return moment if plausible(moment) else f"tidpunkten (createdAt) {value!r} {IMPLAUSIBLE}"


def reply_to_others(reply: Any, did: str) -> bool:
    """A reply whose parent is not the account's own post (a self-thread is archived)."""
    if reply is None:
        return False
    parent = reply.get("parent") if isinstance(reply, dict) else None
    uri = parent.get("uri") if isinstance(parent, dict) else None
    return not (isinstance(uri, str) and uri.startswith(f"at://{did}/"))


def self_labels(labels: Any) -> set[str]:
    values = labels.get("values") if isinstance(labels, dict) else None
    found = (v.get("val") for v in values if isinstance(v, dict)) if isinstance(values, list) else ()
    return {v for v in found if isinstance(v, str)}


def post_text(record: dict[str, Any]) -> str:
    """The text as typed, with every shortened link shown in full; plain text, never markup."""
    text = record.get("text") if isinstance(record.get("text"), str) else ""
    data, out, last = text.encode("utf-8"), [], 0
    for start, end, uri in links(record.get("facets"), len(data)):
        try:
            shown = data[start:end].decode("utf-8")
        except UnicodeDecodeError:  # offsets in the middle of a character: the facet is wrong, the text stays
            continue
        if start < last:
            continue
        out.append(data[last:start])
        out.append(full_link(shown, uri).encode("utf-8"))
        last = end
    out.append(data[last:])
    return nfc(b"".join(out).decode("utf-8"))


def links(facets: Any, size: int) -> list[tuple[int, int, str]]:
    """(byte start, byte end, uri) of each well-formed #link facet with an http(s) uri, in order."""
    found = []
    for facet in facets if isinstance(facets, list) else ():
        index = facet.get("index") if isinstance(facet, dict) else None
        features = facet.get("features") if isinstance(facet, dict) else None
        if not isinstance(index, dict) or not isinstance(features, list):
            continue
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
            continue
        for feature in features:
            if isinstance(feature, dict) and feature.get("$type") == "app.bsky.richtext.facet#link":
                if uri := web_url(feature.get("uri") if isinstance(feature.get("uri"), str) else ""):
                    found.append((start, end, uri))
                    break
    return sorted(found)


def full_link(shown: str, uri: str) -> str:
    """The uri where the text shows a shortened form of it; other link text keeps it beside."""
    if shown == uri:
        return uri
    bare = lambda url: re.sub(r"^(?:https?://)?(?:www\.)?", "", url)  # noqa: E731
    stem = re.sub(r"(?:\.\.\.|…)$", "", shown)
    if stem and bare(uri).startswith(bare(stem)):
        return uri
    return f"{shown} ({uri})"


def external_url(embed: dict[str, Any]) -> str:
    """A link card's address (`embed.external.uri`), also under a quote with media."""
    media = embed.get("media") if embed.get("$type") == "app.bsky.embed.recordWithMedia" else embed
    external = media.get("external") if isinstance(media, dict) else None
    uri = external.get("uri") if isinstance(external, dict) else None
    return web_url(uri) if isinstance(uri, str) else ""


def quote_url(embed: dict[str, Any]) -> str:
    """The bsky.app address of a quoted post (or feed or list)."""
    record = embed.get("record")
    if embed.get("$type") == "app.bsky.embed.recordWithMedia" and isinstance(record, dict):
        record = record.get("record")
    elif embed.get("$type") != "app.bsky.embed.record":
        return ""
    uri = record.get("uri") if isinstance(record, dict) else None
    match = AT_URI.match(uri) if isinstance(uri, str) else None
    if not match or match["collection"] not in QUOTED_PAGES:
        return ""
    return f"https://bsky.app/profile/{match['who']}/{QUOTED_PAGES[match['collection']]}/{match['rkey']}"


def media_of(embed: dict[str, Any]) -> list[tuple[Any, str]]:
    """(blob, alt) of each image or the video, also under a quote with media."""
    media = embed.get("media") if embed.get("$type") == "app.bsky.embed.recordWithMedia" else embed
    if not isinstance(media, dict):
        return []
    text = lambda value: nfc(value) if isinstance(value, str) else ""  # noqa: E731
    if media.get("$type") == "app.bsky.embed.images" and isinstance(media.get("images"), list):
        return [(i.get("image"), text(i.get("alt"))) for i in media["images"][:4] if isinstance(i, dict)]
    if media.get("$type") == "app.bsky.embed.video":
        return [(media.get("video"), text(media.get("alt")))]
    return []
