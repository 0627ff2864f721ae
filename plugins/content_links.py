"""Resolve Pelican's internal link syntax ({filename}, {static}, {attach}) to content paths."""

from __future__ import annotations

import posixpath
import re

_INTERNAL = re.compile(r"^\{(filename|static|attach)\}(.*)$")


def resolve(link: str, source_path: str) -> tuple[str, str] | None:
    """Return (kind, path relative to the content folder) for an internal link, else None.

    source_path is the linking file's path relative to the content folder; links without a
    leading slash are relative to its folder, as in Pelican.
    """
    match = _INTERNAL.match(link or "")
    if not match:
        return None
    path = match[2].split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return match[1], posixpath.normpath(path.lstrip("/"))
    return match[1], posixpath.normpath(posixpath.join(posixpath.dirname(source_path), path))
