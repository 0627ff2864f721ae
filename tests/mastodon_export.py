"""Mastodon archives for the tests: the fixture's JSON as the server writes it, with every media
file, the avatar and the header made here at test time (tiny, photos with EXIF GPS), then zipped
like the server zips it. Also an outbox of hand-picked items, for the hostile cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.archive_support import FIXTURES, MAKERS, zip_folder

MAKERS_BY_SUFFIX = {**MAKERS, ".jpeg": MAKERS[".jpg"]}
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = "https://mastodon.ekbacka.example/users/kommunchefen"


def materialise(case: str, tmp_path: Path) -> Path:
    """The fixture copied into tmp_path with each file that its outbox.json and actor.json name."""
    folder = tmp_path / "src" / case
    shutil.copytree(FIXTURES / case, folder)
    for outbox in sorted(folder.rglob("outbox.json")):
        root = outbox.parent
        names = [a["url"] for item in json.loads(outbox.read_bytes())["orderedItems"]
                 if isinstance(item.get("object"), dict) for a in item["object"].get("attachment", []) if "url" in a]
        actor = json.loads((root / "actor.json").read_bytes())
        names += [actor["icon"]["url"], actor["image"]["url"]]
        for url in names:
            target = root / url[url.find("media_attachments/"):] if "media_attachments/" in url else root / url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(MAKERS_BY_SUFFIX[target.suffix](url))
    return folder


def export(case: str, tmp_path: Path, zipped: bool = True) -> Path:
    folder = materialise(case, tmp_path)
    return zip_folder(folder, tmp_path / f"{case}.zip") if zipped else folder


def note(number: int, content: str = "<p>Hej</p>", to=(PUBLIC,), cc=(), **fields) -> dict:
    """One Create activity of the fixture's account, status 1124000000000000<number>."""
    status_id = f"{ACTOR}/statuses/11240000000000{number:04d}"
    status = {"id": status_id, "type": "Note", "published": "2024-05-14T07:15:02Z", "url": status_id.replace(
        "/users/kommunchefen/statuses/", "/@kommunchefen/"), "to": list(to), "cc": list(cc), "content": content,
        "summary": None, "inReplyTo": None, "attachment": [], **fields}
    return {"id": f"{status_id}/activity", "type": "Create", "actor": ACTOR, "published": status["published"],
            "to": list(to), "cc": list(cc), "object": status}


def outbox_bytes(items: list) -> bytes:
    return json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
                       "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items},
                      ensure_ascii=False).encode("utf-8")


def custom(tmp_path: Path, items: list, files: dict[str, bytes] | None = None, raw: bytes | None = None) -> Path:
    """An unpacked archive folder holding these items (or these raw outbox bytes) and files."""
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "outbox.json").write_bytes(outbox_bytes(items) if raw is None else raw)
    (folder / "actor.json").write_text(json.dumps({"id": ACTOR, "type": "Person", "outbox": "outbox.json"}))
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder
