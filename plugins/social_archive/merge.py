"""Merging one imported post into what the archive already holds. Pure: no files.

Rules, chosen so that importing exports in any order gives the same archive:
- Exports are ordered by rank = (newest post time in the export, export sha256); the sha only
  breaks ties, so the order is total and does not depend on when an import ran.
- The post's fields come from its highest-ranked export. An export of equal rank (the same
  export again) also wins, so a corrected reader refreshes what an earlier run stored.
- Every text an export ever showed is kept: the current one in `text`, the others in
  `history`, each with `replaced` = the newest-post time of the first later export that
  showed another text. Only `replaced` is stored, so the export that last showed a text is
  recovered as the highest-ranked import before `replaced`.
- Hand edits (`hidden`, `note`, media `alt`, `approved`) always survive; a post is never removed.
- A post whose export cannot say who saw it waits for approval ("approved": false) until a person
  approves it; an export that asks for approval again never takes back a person's approval.
- A text edited by hand (it differs from the text the last import wrote, kept as a hash) is
  kept: a redaction of personal data is never undone; the export's text goes to `history`.
- A post any export showed as not public (`CONNECTIONS`) stays so whatever another export
  says; only a person editing the file may publish it.
"""

from __future__ import annotations

from dataclasses import replace

from .model import NOT_PUBLIC, ArchivedPost, HistoryEntry, Media, Provenance, StoredPost, text_sha256

Rank = tuple[str, str]
NO_RANK: Rank = ("", "")


def rank(provenance: Provenance) -> Rank:
    return provenance.first_seen, provenance.export_sha256


def merge(existing: StoredPost | None, incoming: ArchivedPost, keep_export_text: bool = True) -> StoredPost:
    """The stored post after adding `incoming` (one provenance, media already stored).

    keep_export_text=False (a public repository): a text edited by hand keeps its history as it
    is, so the export's text, with what the edit removed, is not written back into git."""
    if existing is None:
        return StoredPost(incoming, imported_text_sha256=text_sha256(incoming.text),
                          approved=False if incoming.needs_approval else None)
    old = existing.post
    (source,) = incoming.provenance
    imports = {(p.export_sha256, p.file): p for p in old.provenance}
    imports[(source.export_sha256, source.file)] = source
    provenance = tuple(sorted(imports.values(), key=lambda p: (*rank(p), p.file)))
    versions = text_versions(existing)
    # An export shows one text per post: what it showed before (stored by an earlier run) is replaced.
    versions = {text: seen for text, seen in versions.items() if seen != rank(source)}
    versions[incoming.text] = max(versions.get(incoming.text, NO_RANK), rank(source))
    newest = max(rank(p) for p in old.provenance) <= rank(source)
    base = incoming if newest else old
    by_hand = existing.text_edited_by_hand
    if by_hand and old.text != incoming.text:
        versions.pop(old.text, None)  # no export showed it: it cannot be "the newest export's text"
    # The text of the newest export: written, unless the text was edited by hand.
    imported = max(versions, key=versions.__getitem__)
    post = replace(
        base,
        text=old.text if by_hand else imported,
        visibility=NOT_PUBLIC if NOT_PUBLIC in (old.visibility, incoming.visibility) else base.visibility,
        media=keep_alt(old.media, base.media),
        provenance=provenance,
    )
    return StoredPost(
        post,
        existing.history if by_hand and not keep_export_text else history(versions, post.text, provenance),
        existing.hidden,
        existing.note,
        existing.file,
        text_sha256(imported),
        False if existing.approved is None and incoming.needs_approval else existing.approved,
    )


def kept_back(existing: StoredPost | None, incoming: ArchivedPost, keep_export_text: bool = True) -> list[str]:
    """What an export said that the archive did not take, for the import summary (Swedish)."""
    if existing is None:
        return []
    found = []
    if existing.post.visibility == NOT_PUBLIC and incoming.visibility != NOT_PUBLIC:
        said = f'synligheten "{incoming.visibility}"' if incoming.visibility else "ingen synlighet"
        found.append(
            f"exporten anger {said}, men inlägget var bara för kontakter ({NOT_PUBLIC}) och förblir "
            f'opublicerat; ändra "visibility" i filen om det ska publiceras'
        )
    if existing.text_edited_by_hand and incoming.text != existing.post.text:
        found.append(
            'texten är ändrad för hand och behålls; exportens text sparas i "history" '
            '(kopiera den till "text" om den ska gälla)'
            if keep_export_text
            else "texten är ändrad för hand och behålls; exportens text sparas inte, eftersom repot kan "
            "läsas av alla (se README, Arkivet och git)"
        )
    return found


def text_versions(stored: StoredPost) -> dict[str, Rank]:
    """Each text the post has had → rank of the last export known to show it."""
    ranks = sorted(rank(p) for p in stored.post.provenance)
    versions: dict[str, Rank] = {}
    for entry in stored.history:
        before = [r for r in ranks if r[0] < entry.replaced]
        versions[entry.text] = max(versions.get(entry.text, NO_RANK), before[-1] if before else NO_RANK)
    versions[stored.post.text] = ranks[-1]
    return versions


def history(
    versions: dict[str, Rank], current: str, provenance: tuple[Provenance, ...]
) -> tuple[HistoryEntry, ...]:
    ranks = sorted(rank(p) for p in provenance)
    entries = []
    for text, seen in sorted(versions.items(), key=lambda item: (item[1], item[0])):
        if text == current:
            continue
        later = [r for r in ranks if r > seen]
        entries.append(HistoryEntry(text, later[0][0] if later else ranks[-1][0]))
    return tuple(entries)


def keep_alt(old: tuple[Media, ...], new: tuple[Media, ...]) -> tuple[Media, ...]:
    """New media with the alt texts written by hand: matched by content, else by position."""
    by_path = {m.path: m.alt for m in old if m.alt}
    new_paths = {m.path for m in new}

    def alt_for(position: int, media: Media) -> str:
        if media.path in by_path:
            return by_path[media.path]
        # A re-encoded copy of the same photo has another hash: same count, same place, same photo.
        if len(old) == len(new) and old[position].path not in new_paths:
            return old[position].alt
        return media.alt

    return tuple(replace(m, alt=alt_for(i, m)) for i, m in enumerate(new))


def changed(before: StoredPost | None, after: StoredPost) -> bool:
    """Whether the leader would see a difference: any field but the list of imports."""
    if before is None:
        return True
    strip = lambda s: (replace(s.post, provenance=()), s.history, s.approved)  # noqa: E731
    return strip(before) != strip(after)
