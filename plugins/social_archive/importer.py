"""`import_exports`: read exports, merge them into the archive, and write it all or nothing.

Every step that can fail (a broken archive file, a hostile or damaged export, a wrong column)
runs before anything is written. New files are prepared in a staging folder inside the archive
(`.import-*`, ignored by load_archive) and moved into place one by one only at the end, so an
error leaves the archive byte-identical. Nothing outside the exports and the archive is touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from display_text import displayable
from file_digest import file_sha256

from . import transaction
from .export_files import Export, Limits, open_export
from .exports import detect_all, reader
from .media import HEAD_BYTES, MediaError, Prepared, kind_of, prepare_image, prepare_video, write_once
from .merge import changed, kept_back, merge
from .model import NOT_PUBLIC, ArchivedPost, Media, Skipped, StoredPost, utc_iso
from .platforms import in_words
from .privacy import CONNECTIONS_LIST, Policy, connections_ids, hidden_ids, why_not_stored, with_connections_ids
from .store import StoreError, load_archive, post_path, to_json
from .video_metadata import VideoError, strip_private_metadata

Progress = Callable[[str, int, int], None]  # (what is being done, done so far, total)
DEFAULT_LIMITS = Limits()
REPEAT = "samma inlägg som redan lästs (efter =); räknas en gång"


def no_progress(label: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class FileSummary:
    """One export's outcome. It adds up: read = added + updated + unchanged + skipped + repeats,
    where read counts every row or entry the reader found in the export's post files."""

    export: str
    platform: str
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()

    def count(self, name: str) -> int:
        """read, added, updated, unchanged, skipped (entries left out) or repeats."""
        if name == "skipped":
            return sum(s.counts_as_skipped for s in self.skipped)
        if name == "repeats":
            return sum(s.repeat for s in self.skipped)
        return getattr(self, name)


@dataclass(frozen=True)
class Summary:
    files: tuple[FileSummary, ...]
    dry_run: bool = False
    awaiting_approval: int = 0  # posts in the archive after the import with "approved": false

    def total(self, name: str) -> int:
        return sum(f.count(name) for f in self.files)


@dataclass(frozen=True)
class Reading:
    """One export as read: its posts (first_seen filled in) and what was left out."""

    path: str
    export: Export
    platform: str  # as the summary names it: "instagram", or "instagram och threads" (see read_export)
    posts: tuple[ArchivedPost, ...]
    skipped: tuple[Skipped, ...]
    first_seen: str = field(default="")
    read: int = 0

    @property
    def rank(self) -> tuple[str, str]:
        return self.first_seen, self.export.sha256


def import_exports(
    paths: Sequence[Path | str],
    archive_dir: Path | str,
    platform: str | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
    limits: Limits = DEFAULT_LIMITS,
    notify: transaction.Notify = lambda line: None,
    policy: Policy = Policy(),
) -> Summary:
    """Merge every export into the archive folder; any error leaves the folder byte-identical.

    Several paths may be parts of one export (media spread over several zips) or exports of
    different ages and platforms; `platform` only confirms what the contents already say.
    An import that a crash left behind is finished or undone first (see transaction.py), and
    `notify` gets one line saying which.
    """
    archive_dir = Path(archive_dir)
    with ExitStack() as stack:
        stack.enter_context(transaction.archive_folder(archive_dir, dry_run))
        stack.enter_context(transaction.locked(archive_dir))  # a second import is refused here
        if dry_run:
            transaction.refuse_if_pending(archive_dir)
        else:
            transaction.recover(archive_dir, notify)
        archive = {stored.post.key: stored for stored in load_archive(archive_dir)}  # the archive is sound
        exports = [stack.enter_context(open_export(Path(p), limits)) for p in paths]  # refused if hostile
        platforms = detect_all(exports, platform)
        readings = []
        for path, export, kind in zip(paths, exports, platforms, strict=True):
            parts = [o for o, k in zip(exports, platforms, strict=True) if o is not export and k == kind]
            readings.append(read_export(str(path), export, kind, parts, progress))
        # A post any export showed only to connections stays so, whatever another export says.
        connections = connections_ids(archive_dir) | {
            p.key for r in readings for p in r.posts if p.visibility == NOT_PUBLIC
        }
        readings = [kept_private(r, hidden_ids(archive_dir), policy, connections) for r in readings]
        left_out = {s.key for r in readings for s in r.skipped if s.key in connections}
        readings.sort(key=lambda r: r.rank)  # oldest export first
        with transaction.staging(archive_dir, dry_run) as stage:
            by_sha = {export.sha256: export for export in exports}
            readings = store_media(readings, by_sha, archive_dir, stage, progress, archive)
            state, summaries = merge_all(archive, readings, archive_dir, policy.private_repository)
            writes, stale = plan(archive, state, archive_dir)
            if left_out - connections_ids(archive_dir):  # remembered, so no later export publishes them
                writes[CONNECTIONS_LIST] = with_connections_ids(archive_dir, left_out)
            if stage is not None:  # only now does anything reach the archive
                commit(stage, archive_dir, writes, stale, progress)
    return Summary(tuple(summaries), dry_run, sum(s.approved is False for s in state.values()))


def kept_private(
    reading: Reading, hidden: frozenset[str], policy: Policy, connections: frozenset[str] = frozenset()
) -> Reading:
    """The reading without the posts that may not be written where git publishes them (privacy.py):
    they count as left out, with the reason, so the summary still adds up and no media is stored.
    A post in `connections` (shown only to connections by this or another export) is taken as such."""
    kept, left_out = [], []
    for post in reading.posts:
        if post.key in connections:
            post = replace(post, visibility=NOT_PUBLIC)
        reason = why_not_stored(post, hidden, policy)
        if reason is None:
            kept.append(post)
        else:
            left_out.append(Skipped(post.provenance[0].file, post.entry or post.key, reason, key=post.key))
    return replace(reading, posts=tuple(kept), skipped=(*reading.skipped, *left_out)) if left_out else reading


def read_export(
    path: str, export: Export, platform: str, companions: Sequence[Export], progress: Progress
) -> Reading:
    progress(f"Läser {export.name}", 0, 1)
    posts: dict[str, ArchivedPost] = {}
    skipped: list[Skipped] = []
    read = 0
    for item in reader(platform).read(export, companions):
        # A repeat the reader itself found (the later tweets of an X thread) is an entry read, too.
        read += 1 if isinstance(item, ArchivedPost) else item.counts_as_skipped or item.repeat
        if isinstance(item, Skipped):
            skipped.append(item)
        elif (first := posts.get(item.key)) is None:
            posts[item.key] = item
        elif (first.text, first.media) == (item.text, item.media):
            # One post in several rows (LinkedIn, sometimes differing only in MediaUrl), or
            # overlapping shards: counted as a repeat; a link only the repeat has is kept.
            posts[item.key] = replace(first, shared_url=first.shared_url or item.shared_url)
            where = f"{item.entry} = {first.entry}" if item.entry and first.entry else item.key
            skipped.append(Skipped(item.provenance[0].file, where, REPEAT, repeat=True))
        else:
            # A reel also listed as a post with another caption: the first copy is archived.
            where = first.provenance[0].file
            reason = f"samma inlägg finns redan i {where} med annat innehåll; den versionen arkiveras"
            skipped.append(Skipped(item.provenance[0].file, item.entry or item.key, reason))
    progress(f"Läser {export.name}", 1, 1)
    first_seen = utc_iso(max(p.published for p in posts.values())) if posts else ""
    # first_seen is the export's newest post, never the clock: the same export gives the same bytes.
    dated = tuple(
        replace(p, provenance=tuple(replace(s, first_seen=first_seen) for s in p.provenance))
        for p in posts.values()
    )
    # An Instagram export carries Threads posts too (platform "threads"): the summary line, whose
    # counts take in every entry read, names each platform its posts are of.
    others = sorted({p.platform for p in posts.values()} - {platform})
    return Reading(path, export, in_words((platform, *others), "och"), dated, tuple(skipped), first_seen, read)


def store_media(
    readings: Sequence[Reading],
    exports: dict[str, Export],
    archive_dir: Path,
    stage: Path | None,
    progress: Progress,
    archive: dict[str, StoredPost] | None = None,
) -> list[Reading]:
    """Each post's media cleaned and stored by hash.

    A file that cannot be read is listed with its reason and left out: the post keeps its
    text and its other media. If the archive already holds more media for that post, they are
    kept as they are, so an import with a broken or missing file (a part of the export left
    out) never removes what was archived.
    """
    total = sum(len(p.media) for r in readings for p in r.posts)
    done: dict[tuple[str, str], Prepared | MediaError] = {}
    result = []
    for reading in readings:
        posts, skipped = [], list(reading.skipped)
        for post in reading.posts:
            before = (archive or {}).get(post.key)
            known = _already_stored(post, before, archive_dir)
            if known is not None:
                posts.append(replace(post, media=known))
                continue
            stored: list[Media] = []
            failed: list[Skipped] = []
            unreadable: list[str] = []
            for position, media in enumerate(post.media, start=1):
                key = (media.source_export, media.source)
                if key not in done:
                    done[key] = prepare(exports[media.source_export], media, archive_dir, stage, len(done))
                    progress("Bilder och video", len(done), total)
                if isinstance(outcome := done[key], MediaError):
                    where = f"{post.entry or post.key}, bild {position} ({media.source})"
                    failed.append(Skipped(post.provenance[0].file, where, str(outcome), partial=True))
                    unreadable.append(f"{media.source}: {outcome}")
                    continue
                stored.append(
                    Media(
                        kind=outcome.kind,
                        path=outcome.path,
                        alt=media.alt,  # from the export (Mastodon, Bluesky); keep_alt prefers one written by hand
                        width=outcome.width,
                        height=outcome.height,
                        sha256=outcome.sha256,
                    )
                )
            if (failed or post.incomplete) and before is not None and len(before.post.media) > len(stored):
                stored = [replace(m, alt="") for m in before.post.media]  # keep_alt brings the alt back
            if post.media and not stored and not post.text:
                reason = f"ingen bild eller film går att läsa ({'; '.join(unreadable)}), och inlägget har ingen text"
                skipped.append(Skipped(post.provenance[0].file, post.entry or post.key, reason))
                continue
            skipped.extend(failed)
            posts.append(replace(post, media=tuple(stored)))
        result.append(replace(reading, posts=tuple(posts), skipped=tuple(skipped)))
    return result


def _already_stored(post: ArchivedPost, stored: StoredPost | None, archive_dir: Path) -> tuple[Media, ...] | None:
    """The archive's media of a post it already imported from this very export, if all are there.

    The same export bytes always clean to the same files, so decoding them again (most of a
    re-import's time) cannot change anything.
    """
    if stored is None or not post.media or len(stored.post.media) != len(post.media):
        return None
    seen = {p.export_sha256 for p in stored.post.provenance}
    if any(m.source_export not in seen for m in post.media):
        return None
    if not all((archive_dir / m.path).is_file() for m in stored.post.media):
        return None
    return tuple(replace(m, alt="") for m in stored.post.media)


def prepare(
    export: Export, media: Media, archive_dir: Path, stage: Path | None, number: int
) -> Prepared | MediaError:
    """Clean and store one photo or video; what it is comes from its first bytes, not its name."""
    try:
        with closing(export.stream(media.source)) as chunks:
            head = next(chunks, b"")[:HEAD_BYTES]
        kind, extension = kind_of(head)
        if kind == "image":
            prepared, data = prepare_image(export.read_bytes(media.source))
            if stage is not None and not (archive_dir / prepared.path).exists():
                write_once(stage / prepared.path, data)
            return prepared
        if stage is None:
            return prepare_video(export.stream(media.source), extension, None)
        scratch = stage / f"video-{number}.tmp"
        with scratch.open("wb") as sink:
            prepared = prepare_video(export.stream(media.source), extension, sink)
        # Place and camera are taken out before the video reaches the archive (and git); it is
        # then named by what is stored. A film whose metadata cannot be taken out is not stored.
        try:
            strip_private_metadata(scratch)
        except VideoError as error:
            scratch.unlink()
            raise MediaError(f"filmen {error}; den sparas inte") from None
        prepared = replace(prepared, sha256=file_sha256(scratch).hexdigest())
        if (archive_dir / prepared.path).exists() or (stage / prepared.path).exists():
            scratch.unlink()
        else:
            (stage / prepared.path).parent.mkdir(parents=True, exist_ok=True)
            scratch.rename(stage / prepared.path)
        return prepared
    except MediaError as error:
        return error


NOT_IN_XML = (
    "texten har tecken som XML inte kan bära (t.ex. U+0000, U+000B, U+FFFF); de sparas i arkivet "
    "men visas inte på sidorna och i flödena"
)


def merge_all(
    archive: dict[str, StoredPost],
    readings: Iterable[Reading],
    archive_dir: Path = Path(),
    keep_export_text: bool = True,
) -> tuple[dict[str, StoredPost], list[FileSummary]]:
    """The archive after every reading, and each export's summary; keep_export_text is False in a
    public repository (merge.merge)."""
    state = dict(archive)
    photos = {photo: key for key, stored in state.items() for photo in same_post_keys(stored.post)}
    summaries = []
    for reading in readings:
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        notes: list[Skipped] = []
        for post in reading.posts:
            post = known_under_other_id(post, state, photos)
            before = state.get(post.key)
            state[post.key] = after = merge(before, post, keep_export_text)
            photos.update(dict.fromkeys(same_post_keys(after.post), post.key))
            counts["added" if before is None else "updated" if changed(before, after) else "unchanged"] += 1
            # What the archive kept against the export, or stores but never shows, said per post file.
            file = archive_dir / (before.file if before else post_path(after.post))
            where = f"{post.entry or post.key} → {file}"
            reasons = kept_back(before, post, keep_export_text)
            if displayable(post.text) != post.text:
                reasons.append(NOT_IN_XML)
            notes.extend(Skipped(post.provenance[0].file, where, reason, note=True) for reason in reasons)
        summaries.append(
            FileSummary(
                reading.path, reading.platform, reading.read, skipped=(*reading.skipped, *notes), **counts
            )
        )
    return state, summaries


def same_post_keys(post: ArchivedPost) -> list[tuple[str, str, str]]:
    return [(post.platform, utc_iso(post.published), m.sha256) for m in post.media if m.sha256]


def known_under_other_id(
    post: ArchivedPost, state: dict[str, StoredPost], photos: dict[tuple[str, str, str], str]
) -> ArchivedPost:
    """The post under the id the archive already knows it by, if its id changed between exports.

    An Instagram id is made from the first photo of a carousel, so deleting that photo on
    Instagram gives the post a new id. A post published at the same second that shares a photo
    (same cleaned bytes) with an archived one is that post: it keeps its id, file and alt texts.
    """
    if post.key in state:
        return post
    owners = {photos[k] for k in same_post_keys(post) if k in photos}
    if len(owners) != 1:
        return post
    return replace(post, post_id=state[owners.pop()].post.post_id)


def plan(
    archive: dict[str, StoredPost], state: dict[str, StoredPost], archive_dir: Path
) -> tuple[dict[str, bytes], list[str]]:
    """The post files whose bytes change, and the old files of posts that moved (their date changed)."""
    owners = {stored.file: key for key, stored in archive.items()}
    writes: dict[str, bytes] = {}
    stale: list[str] = []
    for key, stored in sorted(state.items()):
        if key in archive and archive[key] is stored:
            continue  # not in any export of this run
        relative = post_path(stored.post)
        if owners.get(relative, key) != key:
            raise StoreError(
                str(archive_dir / relative), f"filen tillhör {owners[relative]}, men {key} ska skrivas dit"
            )
        data = to_json(replace(stored, file=relative))
        target = archive_dir / relative
        if not (target.is_file() and target.read_bytes() == data):
            writes[relative] = data
        if key in archive and archive[key].file != relative:
            stale.append(archive[key].file)
    return writes, stale


def commit(
    stage: Path, archive_dir: Path, writes: dict[str, bytes], stale: list[str], progress: Progress
) -> None:
    """Stage the post files next to the media, then move everything in as one transaction."""
    media = (
        sorted(p.relative_to(stage).as_posix() for p in (stage / "media").rglob("*") if p.is_file())
        if (stage / "media").is_dir()
        else []
    )
    moves = [(m, m, Path(m).stem) for m in media]  # content-addressed: the name is the sha256
    for relative, data in writes.items():
        write_once(stage / "posts" / relative, data)
        moves.append((f"posts/{relative}", relative, hashlib.sha256(data).hexdigest()))
    stopped = transaction.commit(
        stage, archive_dir, transaction.Plan(tuple(moves), tuple(stale)),
        lambda done, total: progress("Sparar", done, total),
    )
    if stopped:  # Ctrl-C waited for the files to move; it still stops the run, truthfully
        raise transaction.CommitStopped(
            str(archive_dir), "avbrutet, men importen hann sparas helt; arkivet är som efter importen", True
        )
