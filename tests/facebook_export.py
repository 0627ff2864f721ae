"""Facebook export fixtures made real: every photo and video the JSON names, made at test time.

Facebook's uris are relative to the export root, which may sit in a wrapper folder, and an
album folder's name changes between vintages (MobileUploads_… became Mobiluppladdningar_…),
so each file is made from its file name alone: the same photo in two vintages has the same
bytes, as on Facebook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from social_archive.exports.facebook import ROOT
from social_archive.exports.meta import repair
from tests.archive_support import FIXTURES, MAKERS, uris, zip_folder


def materialise(case: str, tmp_path: Path) -> Path:
    folder = tmp_path / "src" / case
    shutil.copytree(FIXTURES / case, folder)
    for document in sorted(folder.rglob("*.json")):
        relative = document.relative_to(folder).as_posix()
        if "__MACOSX" in relative or not (match := ROOT.match(relative)):
            continue
        for uri in map(repair, uris(json.loads(document.read_bytes()))):
            target = folder / match["root"] / uri
            if uri and "://" not in uri and not target.exists() and target.suffix in MAKERS:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(MAKERS[target.suffix](target.name))
    return folder


def export(case: str, tmp_path: Path, zipped: bool = True) -> Path:
    folder = materialise(case, tmp_path)
    return zip_folder(folder, tmp_path / f"{case}.zip") if zipped else folder
