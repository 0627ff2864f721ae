"""`invoke share` and `invoke calendar`: read the kit the last build wrote and print from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from .calendar import calendar_view, text_lines
from .kit_folder import LABELS, planned_items


class KitError(Exception):
    """The kit has no answer; the message says why."""


def load(kit_folder: Path) -> dict:
    path = kit_folder / "kit.json"
    if not path.is_file():
        raise KitError(f"{path} saknas: bygg webbplatsen först (invoke build)")
    return json.loads(path.read_text(encoding="utf-8"))


def find_post(kit: dict, slug: str) -> dict:
    posts = kit["posts"]
    exact = [p for p in posts if p["slug"] == slug]
    matches = exact or [p for p in posts if p["slug"].startswith(slug)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise KitError(f"inget inlägg med adressen {slug!r}; finns: {', '.join(p['slug'] for p in posts[:8])} …")
    raise KitError(f"{slug!r} passar {len(matches)} inlägg: {', '.join(p['slug'] for p in matches)}")


def share_text(kit: dict, slug: str, network: str | None) -> str:
    """One network's text as is (for piping to the clipboard), or every text with headings."""
    post = find_post(kit, slug)
    if network:
        if network not in post["texts"]:
            raise KitError(f"nätverket {network!r} finns inte; välj bland {', '.join(post['texts'])}")
        return post["texts"][network]["text"]
    blocks = [f"== {t['label']} ({t['length']}/{t['limit']}) ==\n{t['text']}" for t in post["texts"].values()]
    if post["warnings"]:
        blocks.append("Att åtgärda:\n" + "\n".join(f"  ! {w}" for w in post["warnings"]))
    return "\n\n".join(blocks)


def calendar_text(kit: dict, today: date, days: int, rhythm: int, networks: list[str], tz: str) -> str:
    view = calendar_view(planned_items(kit["posts"], ZoneInfo(tz)), today, days, rhythm, networks, LABELS)
    return "\n".join(text_lines(view))
