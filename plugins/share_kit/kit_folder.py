"""The private kit folder beside output/: kit.json, the calendar (.ics and an overview page), and
one page per post with its share images. Never part of the public site; `invoke serve` serves it
at /delningskit/.

Only files whose bytes changed are written and stale ones removed, so that a preview rebuild
after one save touches little more than that post's files.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from user_paths import shown_file

from . import facts
from .card_layout import DESCRIPTIONS
from .calendar import BLOG, Planned, calendar_view, moved_warning
from .ical import calendar_file

LABELS = {BLOG: "Blogg", "linkedin": "LinkedIn", "instagram": "Instagram", "x": "X", "mastodon": "Mastodon",
          "bluesky": "Bluesky"}


def card_alt(kit, settings) -> str:
    """What a share image shows: the photo's own alt text, and the title set on it."""
    meta = kit.article.metadata
    shown = meta.get("image_alt", "").strip() if meta.get("image") else f"Delningsbild från {settings['SITENAME']}."
    return f"{shown} Text på bilden: {kit.article.title}".strip()


def card_layout_note(card) -> str:
    """How the card was laid out, for the officer checking it before posting."""
    found = {0: "", 1: " En person hittades i fotot."}.get(card.people, f" {card.people} personer hittades i fotot.")
    return f"{DESCRIPTIONS[card.layout][0].upper()}{DESCRIPTIONS[card.layout][1:]}.{found}"


def planned_items(kits_data: list[dict], tz: ZoneInfo) -> list[Planned]:
    """Calendar entries from the kit's JSON: the post itself and each network's post."""
    items = []
    for post in kits_data:
        common = {"title": post["title"], "slug": post["slug"], "kind": post["kind"], "status": post["status"],
                  "source": post["source"]}
        items.append(Planned(datetime.fromisoformat(post["date"]).astimezone(tz), BLOG, LABELS[BLOG], **common))
        for network, date in post["share_dates"].items():
            asked = post.get("share_moved", {}).get(network)
            items.append(Planned(datetime.fromisoformat(date).astimezone(tz), network, LABELS[network], **common,
                                 asked=datetime.fromisoformat(asked).astimezone(tz) if asked else None))
    return items


def kit_data(kits: list, settings) -> list[dict]:
    """The kit as JSON-ready dicts, in the kits' order (newest first)."""
    posts = []
    for kit in kits:
        article = kit.article
        images = [
            {"name": f"{spec}.jpg", "width": card.width, "height": card.height, "alt": card_alt(kit, settings),
             "use": use, "layout": card_layout_note(card)}
            for spec, card, use in (("link", kit.link_card, "Länkkort (Open Graph, LinkedIn, Facebook)"),
                                    ("instagram", kit.instagram_card, "Instagram 4:5"))
            if card is not None
        ]
        shared = [n for n in kit.dates if n != "instagram" or article.metadata.get("image")]
        # A planned post's too early Share_date is something to fix; a published one's is history.
        moved = [moved_warning(shown_file(article, settings), n, LABELS[n], kit.asked[n], kit.dates[n])
                 for n in shared if n in kit.asked and kit.status != "publicerad"]
        posts.append({
            "slug": kit.slug,
            "title": article.title,
            "url": facts.public_url(article, settings),
            "kind": article.metadata.get("kind", "post"),
            "lang": article.lang,
            "status": kit.status,
            "date": article.date.isoformat(),
            "source": facts.source_of(article),
            "share_dates": {n: kit.dates[n].isoformat() for n in shared},  # never before the page is live
            "share_moved": {n: kit.asked[n].isoformat() for n in shared if n in kit.asked},  # asked for, too early
            "warnings": kit.warnings + moved + sorted({w for t in kit.texts for w in t.warnings}),
            "texts": {t.network: {"label": t.label, "text": t.text, "length": t.length, "limit": t.limit,
                                  "fold": t.fold, "before_fold": t.before_fold, "warnings": list(t.warnings)}
                      for t in kit.texts},
            "images": images,
        })
    return posts


def write_kit(kits: list, env, settings, folder: Path, cache: Path, calendar: dict, now: datetime) -> None:
    """`calendar`: days, rhythm and networks for the overview; `cache`: where the share images are."""
    tz = ZoneInfo(settings["TIMEZONE"])
    data = kit_data(kits, settings)
    planned = planned_items(data, tz)
    view = calendar_view(planned, now.date(), calendar["days"], calendar["rhythm"],
                         list(calendar["networks"]), LABELS)
    wanted = {"kit.json", "kalender.ics", "index.html"}
    folder.mkdir(parents=True, exist_ok=True)
    document = {"site": settings["SITEURL"], "posts": data}
    _write_if_changed(folder / "kit.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    urls = {post["slug"]: post["url"] for post in data}
    authority = (settings.get("FEEDS") or {}).get("id_authority") or "ledarblogg.local"
    _write_if_changed(folder / "kalender.ics", _calendar(tuple(planned), authority,
                                                        f"{settings['SITENAME']}: publiceringskalender", urls))
    common = {"SITEURL": settings["SITEURL"], "SITENAME": settings["SITENAME"], "DEFAULT_LANG": "sv", "lang": "sv"}
    _write_if_changed(folder / "index.html",
                      env.get_template("kit/index.html").render(posts=data, calendar=view, labels=LABELS, **common))
    post_page = env.get_template("kit/post.html")
    for kit, post in zip(kits, data, strict=True):
        wanted.add(post["slug"])
        page_dir = folder / post["slug"]
        page_dir.mkdir(exist_ok=True)
        for name, card in (("link.jpg", kit.link_card), ("instagram.jpg", kit.instagram_card)):
            if card is not None:
                _link_if_changed(cache / card.file, page_dir / name)
            else:
                (page_dir / name).unlink(missing_ok=True)
        _write_if_changed(page_dir / "index.html", post_page.render(post=post, **common))
    for stale in folder.iterdir():
        if stale.name not in wanted:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()


_calendar_made: dict[str, bytes] = {}


def _calendar(items: tuple[Planned, ...], authority: str, name: str, urls: dict[str, str]) -> bytes:
    """The .ics file, made again only when the plan changed: icalendar takes seconds for a large blog."""
    key = repr((items, authority, name, sorted(urls.items())))
    if key not in _calendar_made:
        _calendar_made.clear()
        _calendar_made[key] = calendar_file(list(items), authority, name, urls)
    return _calendar_made[key]


def _write_if_changed(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    path.write_bytes(data)


def _link_if_changed(source: Path, target: Path) -> None:
    """A hard link to the cached image: no copy, and nothing to do when it already is that image."""
    try:
        if os.path.samefile(source, target):
            return
        target.unlink()
    except FileNotFoundError:
        pass
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
