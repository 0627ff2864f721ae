"""The export readers: one small module per platform, found through this registry.

Each reader module has the same three names, like share-post's per-network functions:
`PLATFORM`, `looks_like(export) -> bool` (from the export's contents, never its file name,
which users rename) and `read(export, companions) -> Iterator[ArchivedPost | Skipped]`.
Facebook, X and Mastodon readers are added to READERS the same way.
"""

from __future__ import annotations

from types import MappingProxyType, ModuleType

from ..export_files import Export, ExportError
from . import instagram, linkedin

READERS: MappingProxyType[str, ModuleType] = MappingProxyType(
    {module.PLATFORM: module for module in (linkedin, instagram)}
)


def detect(export: Export) -> str:
    """The platform an export comes from, judged by the files inside it."""
    matches = [platform for platform, module in READERS.items() if module.looks_like(export)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ExportError(
            export.name,
            f"känner inte igen exporten; den ska vara en export från {' eller '.join(READERS)}"
            " (zip eller uppackad mapp)",
        )
    raise ExportError(
        export.name,
        f"exporten ser ut att innehålla flera plattformar ({', '.join(matches)}); ange --platform",
    )


def reader(platform: str) -> ModuleType:
    try:
        return READERS[platform]
    except KeyError:
        raise ExportError(platform, f"okänd plattform; välj en av {', '.join(READERS)}") from None
