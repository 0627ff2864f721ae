"""Read the metadata header of a site's Markdown files, as a reader of the files would."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def metadata(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def sources(content: Path, folder: str) -> list[tuple[Path, dict[str, str]]]:
    """Every Markdown file under content/folder with its header."""
    return [(p, metadata(p)) for p in sorted((content / folder).rglob("*.md"))]


def is_unpublished(meta: dict[str, str]) -> bool:
    """A draft, or dated after now."""
    if meta.get("status") == "draft":
        return True
    date = datetime.fromisoformat(meta["date"]).replace(tzinfo=STOCKHOLM)
    return date > datetime.now(STOCKHOLM)
