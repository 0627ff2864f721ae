"""What of the archive may be written where git publishes it: one rule for the importer and the site.

content/archive/ is committed, and GitHub Pages on a free plan needs a public repository, so
whatever lies there can be read by anyone, published on the site or not. Unless the settings
say the repository is private (SOCIAL_ARCHIVE["private_repository"]):

- a post the platform showed only to connections is not stored at all (the import lists it as
  left out, with the reason), unless such posts are published anyway (publish_connections);
- a post hidden by hand is not kept as a file: `invoke hide` deletes its text and media and writes
  only its id to HIDDEN_LIST, which the importer honours, so no later import brings it back;
- a post whose export cannot say who saw it (a Facebook profile's) is stored with "approved": false
  and never published until a person approves it (`invoke approve`); in a public repository its
  file stops publishing until it is approved or hidden, since its text can be read in git.
An id (`linkedin:7150…`) says nothing of the post; the text, the photos and the people in it are
what must not be public.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from . import transaction
from .model import NOT_PUBLIC, ArchivedPost, ArchiveError, StoredPost
from .presentation import page_slug, summary
from .store import load_archive, to_json

HIDDEN_LIST = "dolda.txt"  # in the archive folder: one post id a line, "#" starts a comment
# The ids of posts an export showed only to connections and the importer therefore left out: a
# later export that says otherwise (an empty Visibility) must not publish them. Same format.
CONNECTIONS_LIST = "bara-kontakter.txt"
CONNECTIONS_HEADER = (
    "# Inlägg som en export visade bara för kontakterna (CONNECTIONS): bara deras id, inte texten.\n"
    "# Importen sparar dem inte, vad en senare export än säger. Ta bort en rad om inlägget får bli offentligt.\n"
)
CONNECTIONS_ONLY = NOT_PUBLIC  # the one visibility the site keeps off its pages (model.py)


@dataclass(frozen=True)
class Policy:
    private_repository: bool = False
    publish_connections: bool = False

    @property
    def stores_connections_only(self) -> bool:
        return self.private_repository or self.publish_connections


def published(stored: StoredPost, policy: Policy) -> bool:
    """Does the site show this post? Never a hidden one or one awaiting approval; a connections-only
    one only by setting."""
    return (not stored.hidden and stored.approved is not False
            and (policy.publish_connections or stored.post.visibility != CONNECTIONS_ONLY))


def why_not_stored(post: ArchivedPost, hidden_ids: frozenset[str], policy: Policy) -> str | None:
    """Why the importer leaves this post out of the archive, in Swedish; None: it is stored."""
    if post.key in hidden_ids:
        return f"dolt för hand (står i {HIDDEN_LIST}); importeras inte igen"
    if post.visibility == CONNECTIONS_ONLY and not policy.stores_connections_only:
        return ("visades bara för dina kontakter; sparas inte, eftersom arkivet checkas in i git och "
                "repot kan läsas av alla (se README, Arkivet och git)")
    return None


def exposed_in_git(stored: StoredPost, policy: Policy) -> str | None:
    """Why a stored post's file must not lie in a public repository, in Swedish; None: it may."""
    if policy.private_repository:
        return None
    if stored.hidden:
        return "är dolt (hidden), men texten går att läsa i git"
    if stored.post.visibility == CONNECTIONS_ONLY and not policy.publish_connections:
        return "visades bara för dina kontakter, men texten går att läsa i git"
    if stored.approved is False:
        return ("väntar på godkännande (\"approved\": false), men texten går att läsa i git; kör invoke approve "
                f"--post {stored.post.key} om det får publiceras")
    return None


def hidden_ids(archive_dir: Path, name: str = HIDDEN_LIST) -> frozenset[str]:
    path = Path(archive_dir) / name
    if not path.is_file() or path.is_symlink():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def connections_ids(archive_dir: Path) -> frozenset[str]:
    return hidden_ids(archive_dir, CONNECTIONS_LIST)


def with_connections_ids(archive_dir: Path, keys: set[str]) -> bytes:
    """CONNECTIONS_LIST's new bytes with these ids added (sorted, after what the file holds)."""
    path = Path(archive_dir) / CONNECTIONS_LIST
    before = path.read_text(encoding="utf-8") if path.is_file() else CONNECTIONS_HEADER
    added = "".join(f"{key}\n" for key in sorted(keys - connections_ids(archive_dir)))
    return (before + ("" if before.endswith("\n") else "\n") + added).encode("utf-8")


def remember_hidden(archive_dir: Path, key: str) -> None:
    path = Path(archive_dir) / HIDDEN_LIST
    if key in hidden_ids(archive_dir):
        return
    header = "" if path.exists() else ("# Inlägg som är dolda för hand (invoke hide): bara deras id, inte texten.\n"
                                        "# Importen hämtar aldrig tillbaka dem. Ta bort en rad för att importera inlägget igen.\n")
    with path.open("a", encoding="utf-8") as file:
        file.write(header + key + "\n")


def hide_post(archive_dir: Path, wanted: str) -> list[str]:
    """`invoke hide`: take a post out of the archive for good. `wanted` is its id (linkedin:7150…)
    or its page's address on the site (…/arkiv/inlagg/linkedin-7150…/). Its file and the media
    no other post uses are deleted and its id goes to HIDDEN_LIST. Returns what was done, in
    Swedish; ArchiveError when there is no such post."""
    archive_dir = Path(archive_dir)
    # Under the import's lock, and never beside an import a crash left half done.
    with transaction.locked(archive_dir):
        transaction.refuse_if_pending(archive_dir)
        return _hide(archive_dir, wanted)


def _hide(archive_dir: Path, wanted: str) -> list[str]:
    slug = wanted.rstrip("/").rsplit("/", 1)[-1]
    stored = load_archive(archive_dir)
    chosen = next((s for s in stored if wanted == s.post.key or slug == page_slug(s.post.platform, s.post.post_id)),
                  None)
    if chosen is None:
        raise ArchiveError(str(archive_dir), f"inget arkiverat inlägg heter {wanted!r}; skriv dess id, till exempel "
                                             "linkedin:7150000000000000000, eller adressen till dess sida")
    others = {m.path for s in stored if s is not chosen for m in s.post.media}
    removed = [chosen.file]
    (archive_dir / chosen.file).unlink()
    for media in chosen.post.media:
        if media.path not in others and (archive_dir / media.path).is_file():
            (archive_dir / media.path).unlink()
            removed.append(media.path)
    remember_hidden(archive_dir, chosen.post.key)
    return [f"Dolt: {chosen.post.key}. Borttaget ur arkivet: {', '.join(removed)}.",
            f"Id:t står i {HIDDEN_LIST}, så att ingen senare import hämtar tillbaka inlägget. Texten finns kvar i "
            "tidigare versioner i git tills historiken rensas (se README, Arkivet och git)."]


def waiting_for_approval(archive_dir: Path) -> list[StoredPost]:
    """The posts stored with "approved": false, oldest first."""
    return [s for s in load_archive(Path(archive_dir)) if s.approved is False]


def approve_posts(archive_dir: Path, wanted: list[str], every: bool = False) -> list[str]:
    """`invoke approve`: with no ids, what waits for approval; with ids (or page addresses), or
    `every`, those posts get "approved": true and are published at the next build. Returns what
    was done, in Swedish; ArchiveError when an id names no waiting post."""
    archive_dir = Path(archive_dir)
    with transaction.locked(archive_dir):
        transaction.refuse_if_pending(archive_dir)
        waiting = waiting_for_approval(archive_dir)
        if not wanted and not every:
            if not waiting:
                return ["Inga arkiverade inlägg väntar på godkännande."]
            return [f"{len(waiting)} inlägg väntar på godkännande (exporten säger inte vem som fick se dem):",
                    *(f"  {s.post.key}  {s.post.published:%Y-%m-%d}  {summary(s.post.text, 60)}  ({s.file})"
                      for s in waiting),
                    "Godkänn med invoke approve --post ID (flera: --post \"ID ID\") eller invoke approve --all; dölj med invoke hide ID."]
        chosen = waiting if every else [_waiting_post(archive_dir, waiting, name) for name in wanted]
        for stored in chosen:
            _replace_file(archive_dir / stored.file, to_json(replace(stored, approved=True)))
        return [f"Godkänt: {', '.join(s.post.key for s in chosen) or 'inga'}. De publiceras vid nästa bygge."]


def _waiting_post(archive_dir: Path, waiting: list[StoredPost], wanted: str) -> StoredPost:
    slug = wanted.rstrip("/").rsplit("/", 1)[-1]
    found = next((s for s in waiting if wanted == s.post.key or slug == page_slug(s.post.platform, s.post.post_id)),
                 None)
    if found is None:
        raise ArchiveError(str(archive_dir), f"inget inlägg som väntar på godkännande heter {wanted!r}; kör invoke "
                                             "approve utan id för att se dem som väntar")
    return found


def _replace_file(path: Path, data: bytes) -> None:
    """The file's new bytes, all or nothing: a crash leaves the old file or the new one."""
    draft = path.with_name(path.name + ".tmp")
    with draft.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(draft, path)
