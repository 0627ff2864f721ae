"""The archive folder: one hand-editable JSON file per post, and media named by content hash.

    content/archive/<platform>/<YYYY>/<YYYY-MM-DD>-<short id>.json
    content/archive/media/<sha256[:2]>/<sha256>.<ext>

The JSON is UTF-8 (not \\u-escaped, so `git diff` is readable), indented, with sorted keys and a
trailing newline, so the same post always gives the same bytes. Files are read strictly: a
typo in a hand-edited field (`"hiden": true`) is an error naming the file and the field, never
silently ignored, since it could publish what the leader meant to hide.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .model import (
    KINDS,
    MEDIA_KINDS,
    ArchiveError,
    ArchivedPost,
    HistoryEntry,
    Media,
    Provenance,
    StoredPost,
    nfc,
    plausible,
    utc_iso,
    web_url,
)

SCHEMA = 1
MEDIA_PATH = re.compile(r"^media/([0-9a-f]{2})/(\1[0-9a-f]{62})\.(jpg|webp|png|mp4|mov)$")
ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


class StoreError(ArchiveError):
    """A file in the archive cannot be used; `file` names it and `problem` names the field."""


# Field → (check, what it must be, in Swedish). One table per object in the file.
Check = Callable[[Any], bool]
TEXT: tuple[Check, str] = (lambda v: isinstance(v, str), "text inom citattecken")
FLAG: tuple[Check, str] = (lambda v: isinstance(v, bool), "true eller false")
LIST: tuple[Check, str] = (lambda v: isinstance(v, list), "en lista [ ]")
SIZE: tuple[Check, str] = (
    lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool) and v > 0),
    "ett positivt heltal eller null",
)
WHEN: tuple[Check, str] = (
    lambda v: isinstance(v, str) and (moment := parse_time(v)) is not None and plausible(moment),
    "en tid som 2024-01-05T08:15:00Z, mellan 2003 och i dag",
)
# Whoever wrote the file, a link is http(s) with a host: a javascript: link would run when clicked.
URL: tuple[Check, str] = (
    lambda v: isinstance(v, str) and (v == "" or web_url(v) == v),
    "en adress som börjar med https:// (eller tom text)",
)
SHA: tuple[Check, str] = (
    lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) is not None,
    "64 hexadecimala tecken",
)

POST_FIELDS: dict[str, tuple[Check, str]] = {
    "schema": (lambda v: v == SCHEMA, f"talet {SCHEMA}"),
    "id": TEXT,
    # The platform names a folder: only a plain lowercase word, never a path.
    "platform": (
        lambda v: isinstance(v, str) and re.fullmatch(r"[a-z][a-z0-9_]*", v) is not None,
        "t.ex. linkedin",
    ),
    "post_id": TEXT,
    "kind": (lambda v: v in KINDS, " eller ".join(sorted(KINDS))),
    "published": WHEN,
    "text": TEXT,
    "url": URL,
    "shared_url": URL,
    "visibility": TEXT,
    "media": LIST,
    "imports": LIST,
    "history": LIST,
    "hidden": FLAG,
    "note": TEXT,
    "imported_text_sha256": SHA,
    "approved": FLAG,
}
# Fields a file may lack: written by later versions of the importer, or ("approved") only for
# posts whose export could not say who saw them.
OPTIONAL_POST_FIELDS = frozenset({"imported_text_sha256", "approved"})
MEDIA_FIELDS: dict[str, tuple[Check, str]] = {
    "path": (lambda v: isinstance(v, str) and MEDIA_PATH.match(v) is not None, "media/xx/<sha256>.<filtyp>"),
    "kind": (lambda v: v in MEDIA_KINDS, " eller ".join(sorted(MEDIA_KINDS))),
    "alt": TEXT,
    "width": SIZE,
    "height": SIZE,
}
IMPORT_FIELDS: dict[str, tuple[Check, str]] = {"export_sha256": SHA, "file": TEXT, "first_seen": WHEN}
HISTORY_FIELDS: dict[str, tuple[Check, str]] = {"text": TEXT, "replaced": WHEN}


def parse_time(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, ISO_UTC).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def post_path(post: ArchivedPost) -> str:
    """Where a post's file lives; the date is the UTC date of `published`, like the field."""
    short = re.sub(r"[^A-Za-z0-9_-]", "-", post.post_id)[:40]
    if short != post.post_id:  # keep names distinct when the id had to be shortened or cleaned
        short += "-" + hashlib.sha256(post.post_id.encode()).hexdigest()[:8]
    day = utc_iso(post.published)[:10]
    return f"{post.platform}/{day[:4]}/{day}-{short}.json"


def to_json(stored: StoredPost) -> bytes:
    post = stored.post
    document = {
        "schema": SCHEMA,
        "id": post.key,
        "platform": post.platform,
        "post_id": post.post_id,
        "kind": post.kind,
        "published": utc_iso(post.published),
        "text": post.text,
        "url": post.url,
        "shared_url": post.shared_url,
        "visibility": post.visibility,
        "media": [
            {"path": m.path, "kind": m.kind, "alt": m.alt, "width": m.width, "height": m.height}
            for m in post.media
        ],
        "imports": [
            {"export_sha256": p.export_sha256, "file": p.file, "first_seen": p.first_seen}
            for p in post.provenance
        ],
        "history": [{"text": h.text, "replaced": h.replaced} for h in stored.history],
        "hidden": stored.hidden,
        "note": stored.note,
    }
    if stored.imported_text_sha256:
        document["imported_text_sha256"] = stored.imported_text_sha256
    if stored.approved is not None:
        document["approved"] = stored.approved
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def check_fields(
    value: Any, fields: dict[str, tuple[Check, str]], where: str, file: str, optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The object if it has exactly these fields (those in `optional` may be left out) with the
    right types; else a StoreError."""
    if not isinstance(value, dict):
        raise StoreError(file, f"{where} ska vara ett objekt {{ }}")
    missing = [name for name in fields if name not in value and name not in optional]
    if missing:
        raise StoreError(file, f"{where}: fältet {', '.join(map(repr, missing))} saknas")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise StoreError(file, f"{where}: okänt fält {names} (stavfel?); kända fält är {', '.join(fields)}")
    for name, (check, expected) in fields.items():
        if name in value and not check(value[name]):
            found = json.dumps(value[name], ensure_ascii=False)[:60]
            raise StoreError(file, f"{where}: fältet {name!r} ska vara {expected}, inte {found}")
    return value


def objects(
    doc: dict[str, Any], key: str, fields: dict[str, tuple[Check, str]], file: str
) -> list[dict[str, Any]]:
    """Each object of a list field, validated; an error names it by position ("media 2")."""
    return [check_fields(item, fields, f"{key} {n}", file) for n, item in enumerate(doc[key], start=1)]


def from_json(data: bytes, file: str) -> StoredPost:
    """Read one post file, validating every field; `file` is the name used in errors."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(file, "filen är inte UTF-8") from None
    except json.JSONDecodeError as error:
        raise StoreError(
            file, f"trasig JSON på rad {error.lineno}, kolumn {error.colno} ({error.msg})"
        ) from None
    except RecursionError:
        raise StoreError(file, "JSON-filen är nästlad för djupt ([[[[…); ett inlägg är aldrig det") from None
    doc = check_fields(document, POST_FIELDS, "inlägget", file, OPTIONAL_POST_FIELDS)
    if doc["id"] != f"{doc['platform']}:{doc['post_id']}":
        raise StoreError(
            file, f"fältet 'id' ska vara \"{doc['platform']}:{doc['post_id']}\" (platform:post_id)"
        )
    media = tuple(
        Media(
            kind=m["kind"],
            path=m["path"],
            alt=nfc(m["alt"]),
            width=m["width"],
            height=m["height"],
            sha256=MEDIA_PATH.match(m["path"])[2],
        )
        for m in objects(doc, "media", MEDIA_FIELDS, file)
    )
    imports = tuple(
        Provenance(i["export_sha256"], i["file"], i["first_seen"])
        for i in objects(doc, "imports", IMPORT_FIELDS, file)
    )
    history = tuple(
        HistoryEntry(h["text"], h["replaced"]) for h in objects(doc, "history", HISTORY_FIELDS, file)
    )
    if not imports:
        raise StoreError(file, "fältet 'imports' är tomt; det ska säga vilken export inlägget kom från")
    try:
        post = ArchivedPost(
            platform=doc["platform"],
            post_id=doc["post_id"],
            kind=doc["kind"],
            published=parse_time(doc["published"]),
            text=nfc(doc["text"]),
            url=doc["url"],
            shared_url=doc["shared_url"],
            visibility=doc["visibility"],
            media=media,
            provenance=imports,
        )
    except ValueError as error:
        raise StoreError(file, f"ogiltigt inlägg ({error})") from None
    return StoredPost(post, history, doc["hidden"], doc["note"], file, doc.get("imported_text_sha256", ""),
                      doc.get("approved"))


def post_files(archive_dir: Path) -> list[Path]:
    """Every post file: <platform>/<YYYY>/*.json, skipping media/ and dot folders (staging)."""
    return sorted(
        path
        for path in archive_dir.glob("*/*/*.json")
        if path.parts[-3] != "media"
        and not any(part.startswith(".") for part in path.relative_to(archive_dir).parts)
    )


def refuse_links(archive_dir: Path) -> None:
    """A StoreError naming the first symbolic link in the archive (file or folder): a committed
    link could point anywhere on the machine that builds the site, and would be read or published.
    Staging folders (.import-*) are the importer's own and are skipped."""
    for folder, subfolders, files in os.walk(archive_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(subfolders + files):
            path = Path(folder) / name
            if path.is_symlink():
                relative = path.relative_to(archive_dir).as_posix()
                raise StoreError(
                    str(archive_dir / relative), "är en symbolisk länk och läses aldrig; lägg själva filen i arkivet"
                )


def load_archive(archive_dir: Path) -> list[StoredPost]:
    """Every post in the archive, oldest first, validated; a StoreError names the broken file.

    This is what the site generator calls. Hidden posts are included (with `hidden=True`) and
    `visibility` is as the platform said (e.g. CONNECTIONS); the site decides what to show.
    """
    archive_dir = Path(archive_dir)
    posts: dict[str, StoredPost] = {}
    if not archive_dir.is_dir():
        return []
    refuse_links(archive_dir)
    for path in post_files(archive_dir):
        relative = path.relative_to(archive_dir).as_posix()
        shown = str(archive_dir / relative)
        stored = replace(from_json(path.read_bytes(), shown), file=relative)
        for media in stored.post.media:
            if not (archive_dir / media.path).is_file():
                raise StoreError(shown, f"bilden eller videon {media.path} finns inte i arkivet")
        if (twin := posts.get(stored.post.key)) is not None:
            raise StoreError(
                shown, f"samma inlägg ({stored.post.key}) finns också i {archive_dir / twin.file}"
            )
        posts[stored.post.key] = stored
    return sorted(posts.values(), key=lambda s: (s.post.published, s.post.key))
