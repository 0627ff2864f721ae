"""The export readers: one small module per platform, found through this registry.

Each platform record (platforms.py) names its reader module; each reader module has the same
three names, like share-post's per-network functions: `PLATFORM` (its record's name),
`looks_like(export) -> bool` (from the export's contents, never its file name, which users
rename) and `read(export, companions) -> Iterator[ArchivedPost | Skipped]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from importlib import import_module
from types import ModuleType

from ..export_files import Export, ExportError
from ..model import Skipped
from ..platforms import PLATFORMS, importable, in_words


def readers() -> Mapping[str, ModuleType]:
    """Each importable platform's reader module, by platform name, as the records say at call time."""
    return {name: import_module(PLATFORMS[name].reader, __package__ if PLATFORMS[name].reader.startswith(".") else None)
            for name in importable()}


# A part of a large export that holds only photos and videos (exports.md §2.6): `media/posts/…`,
# with or without month folders, `media/other/…`, even `media/<id>.webp`; in at most two
# wrapper folders (`instagram-…/`, `meta-…/instagram-…/`). Not `your_instagram_activity/media/`,
# where 2025 exports keep posts_1.json, and never a JSON, CSV or HTML file.
MEDIA_PART = re.compile(
    r"^(?!(?:[^/]+/)*your_[a-z_]+_activity/)(?:[^/]+/){0,2}media/[^/].*(?<!\.json)(?<!\.csv)(?<!\.html)$"
)
ALONE = (
    "den här delen innehåller bara bilder och video; importera den i samma körning som delen med "
    "inläggen, t.ex. invoke import del1.zip --more del2.zip"
)


def never_imported(files: Sequence[str], root: str, rules) -> Iterator[Skipped]:
    """One note for each file or folder of the export (under `root`) that `rules` ((pattern, why)
    pairs, patterns relative to the root) say is never archived: each is named once, with why."""
    seen: set[str] = set()
    for member in files:
        if not member.startswith(root):
            continue
        for pattern, reason in rules:
            if (match := pattern.match(member[len(root):])) and match.group(0) not in seen:
                seen.add(match.group(0))
                whole = "hela mappen" if match.group(0).endswith("/") else "hela filen"
                yield Skipped(root + match.group(0), whole, reason, note=True)


def is_media_part(export: Export) -> bool:
    files = export.files()
    return bool(files) and all(MEDIA_PART.match(member) for member in files)


def detect_all(exports: Sequence[Export], wanted: str | None = None) -> list[str]:
    """The platform of each export; a media-only part takes the platform of the parts it came with."""
    found = {id(e): confirm(e, wanted) for e in exports if not is_media_part(e)}
    for export in exports:
        if id(export) in found:
            continue
        # Only a platform whose large exports come in parts (platforms.py, media_parts) can own one.
        platforms = {wanted} if wanted else {p for p in found.values() if PLATFORMS[p].media_parts}
        if not platforms:
            raise ExportError(export.name, ALONE)
        if len(platforms) > 1:
            raise ExportError(
                export.name,
                f"delen med bara bilder och video kan höra till {' eller '.join(sorted(platforms))}; ange --platform",
            )
        found[id(export)] = platforms.pop()
    return [found[id(e)] for e in exports]


def confirm(export: Export, wanted: str | None) -> str:
    """The detected platform, checked against the one the leader named (if any)."""
    try:
        found = detect(export)
    except ExportError:
        if wanted:  # unrecognised but the leader named the platform: let that reader say what is missing
            return wanted
        raise
    if wanted and found != wanted:
        raise ExportError(export.name, f"exporten ser ut att komma från {found}, inte {wanted}")
    return found


def detect(export: Export) -> str:
    """The platform an export comes from, judged by the files inside it."""
    matches = [platform for platform, module in readers().items() if module.looks_like(export)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ExportError(
            export.name,
            f"känner inte igen exporten; den ska vara en export från {in_words(importable())}"
            " (zip eller uppackad mapp)",
        )
    raise ExportError(
        export.name,
        f"exporten ser ut att innehålla flera plattformar ({', '.join(matches)}); ange --platform",
    )


def reader(platform: str) -> ModuleType:
    try:
        return readers()[platform]
    except KeyError:
        raise ExportError(platform, f"okänd plattform; välj {in_words(importable())}") from None
