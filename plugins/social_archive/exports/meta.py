"""What every Meta JSON export (Instagram, Facebook, Threads) shares: its text repair, and finding media across parts.

Quirk (exports.md §2.4): Meta writes each UTF-8 *byte* of a non-ASCII character as its own
`\\u00XX` escape, so `json.loads` returns mojibake: "å" arrives as "Ã¥" and 😀 as four
characters. Re-encoding as Latin-1 gives the original bytes back. The repair is guarded:
a string that is already correct (a file re-saved by some tool) either contains a character
above U+00FF or is not valid UTF-8 as bytes, and is then kept as it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from typing import Any

from ..export_files import Export
from ..model import nfc


def repair(text: str) -> str:
    """Undo Meta's byte-per-escape encoding of one string, then normalise to NFC."""
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        fixed = text
    return nfc(fixed)


def repair_tree(value: Any) -> Any:
    """Repair every string in parsed JSON (keys too), since any of them may be a caption or a path."""
    if isinstance(value, str):
        return repair(value)
    if isinstance(value, list):
        return [repair_tree(item) for item in value]
    if isinstance(value, dict):
        return {repair(key): repair_tree(item) for key, item in value.items()}
    return value


class Locator:
    """Finds a media uri (relative to the export root) in this export, or in another part of the
    same export: a large Meta export comes in several zips, and a part's root is where
    `part_roots` (the platform's pattern with a `root` group) finds it."""

    def __init__(self, export: Export, root: str, companions: Sequence[Export], part_roots: re.Pattern[str]) -> None:
        self.places: list[tuple[Export, str, frozenset[str]]] = [(export, root, frozenset(export.files()))]
        for other in companions:
            names = frozenset(other.files())
            for other_root in sorted({m["root"] for m in map(part_roots.match, names) if m}):
                self.places.append((other, other_root, names))

    def find(self, uri: str) -> tuple[Export, str] | None:
        for export, root, names in self.places:
            member = posixpath.normpath(root + uri)
            if member in names and member.startswith(root):
                return export, member
        return None
