"""`invoke share`, `invoke calendar` and `invoke posted`: read the kit the last build wrote, print
from it, or write where a post went out into its file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from .calendar import calendar_view, text_lines
from .facts import FieldError
from .kit_folder import labels, planned_items
from .networks import NETWORKS
from .posted import checked_url


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
    view = calendar_view(planned_items(kit["posts"], ZoneInfo(tz)), today, days, rhythm, networks, labels())
    return "\n".join(text_lines(view))


def mark_posted(content: Path, kit: dict, slug: str, network: str, url: str) -> Path:
    """Write Posted_<network>: URL into the post's metadata (replacing an earlier one); its file."""
    post = find_post(kit, slug)
    if network not in NETWORKS:
        raise KitError(f"nätverket {network!r} finns inte; välj bland {', '.join(NETWORKS)}")
    field = NETWORKS[network].posted_field
    try:
        url = checked_url(NETWORKS[network], url)
    except FieldError as error:
        raise KitError(str(error)) from None
    path = content / post["source"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next((n for n, line in enumerate(lines) if not line.strip()), len(lines))  # the fields end here
    written = f"{field}: {url}\n"
    earlier = [n for n in range(header) if lines[n].lower().startswith(field.lower() + ":")]
    if earlier:
        lines[earlier[0]] = written
    else:
        lines.insert(header, written)
    path.write_text("".join(lines), encoding="utf-8")
    return path
