"""X archive fixtures made real: the photos and videos their tweets name, made at test time.

The fixtures in tests/fixtures/exports/x-*/ hold the data files as X writes them; a tweet's
media file is named <tweet id>-<file name of media_url> (photos) or <tweet id>-<file name of
the video's variant>.mp4 (videos, GIFs), in the folder the manifest names. A name containing
"Saknas" is left out, so that a fixture can have a missing file.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from tests.archive_support import MAKERS, zip_folder


def data_of(path: Path):
    """The JSON after the first "=" (the test's own reading; the reader has its own, stricter one)."""
    return json.loads(path.read_text(encoding="utf-8").partition("=")[2])


def media_name(media: dict) -> str:
    if media["type"] == "photo":
        return posixpath.basename(urlsplit(media["media_url_https"]).path)
    return posixpath.basename(urlsplit(media["video_info"]["variants"][0]["url"]).path)


def materialise(case: str, tmp_path: Path) -> Path:
    folder = tmp_path / "src" / case
    shutil.copytree(Path(__file__).parent / "fixtures" / "exports" / case, folder)
    for manifest in folder.rglob("data/manifest.js"):
        root = manifest.parent.parent
        for kind in data_of(manifest)["dataTypes"].values():
            for listed in kind.get("files", []) if kind.get("mediaDirectory") else []:
                if not (root / listed["fileName"]).is_file():
                    continue
                for record in data_of(root / listed["fileName"]):
                    tweet = record.get("tweet", record)
                    for media in tweet.get("extended_entities", {}).get("media", []):
                        name = f"{tweet['id_str']}-{media_name(media)}"
                        target = root / kind["mediaDirectory"] / name
                        if "Saknas" not in name and not target.exists():
                            target.parent.mkdir(parents=True, exist_ok=True)
                            target.write_bytes(MAKERS[target.suffix](name))
    return folder


def export(case: str, tmp_path: Path, zipped: bool = True) -> Path:
    folder = materialise(case, tmp_path)
    return zip_folder(folder, tmp_path / f"{case}.zip") if zipped else folder
