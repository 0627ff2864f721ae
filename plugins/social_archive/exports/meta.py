"""Text repair shared by every Meta JSON export (Instagram now; Facebook, Messenger later).

Quirk (exports.md §2.4): Meta writes each UTF-8 *byte* of a non-ASCII character as its own
`\\u00XX` escape, so `json.loads` returns mojibake: "å" arrives as "Ã¥" and 😀 as four
characters. Re-encoding as Latin-1 gives the original bytes back. The repair is guarded:
a string that is already correct (a file re-saved by some tool) either contains a character
above U+00FF or is not valid UTF-8 as bytes, and is then kept as it is.
"""

from __future__ import annotations

from typing import Any

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
