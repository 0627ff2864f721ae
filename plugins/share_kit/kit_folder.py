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

from output_files import write_whole
from user_paths import project_path, shown_file

from . import cards, facts
from .card_layout import DESCRIPTIONS
from .calendar import BLOG, Planned, calendar_view, moved_warning
from .ical import calendar_file, calendar_items
from .networks import NETWORKS

# What each share image is for, in the kit's list of images; the networks it goes with follow.
CARD_USES = {cards.LINK_CARD.name: "Länkkort (Open Graph)", cards.PICTURE.name: "Bild 4:5"}


def labels() -> dict[str, str]:
    """The calendar's column names: the blog, and each network as it writes its own name."""
    return {BLOG: "Blogg", **{name: network.label for name, network in NETWORKS.items()}}


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
    items, names = [], labels()
    for post in kits_data:
        common = {"title": post["title"], "slug": post["slug"], "kind": post["kind"], "status": post["status"],
                  "source": post["file"]}
        items.append(Planned(datetime.fromisoformat(post["date"]).astimezone(tz), BLOG, names[BLOG], **common))
        for network, date in post["share_dates"].items():
            asked = post.get("share_moved", {}).get(network)
            items.append(Planned(datetime.fromisoformat(date).astimezone(tz), network, names[network], **common,
                                 asked=datetime.fromisoformat(asked).astimezone(tz) if asked else None))
    return items


def _card_use(name: str, networks) -> str:
    """'Länkkort (Open Graph): LinkedIn, X, Mastodon', the networks of the post that use the card."""
    users = [NETWORKS[n].label for n in networks if NETWORKS[n].card == name]
    return f"{CARD_USES[name]}: {', '.join(users)}" if users else CARD_USES[name]


def kit_data(kits: list, settings) -> list[dict]:
    """The kit as JSON-ready dicts, in the kits' order (newest first)."""
    posts = []
    for kit in kits:
        article = kit.article
        images = [
            {"name": f"{name}.jpg", "card": name, "width": card.width, "height": card.height,
             "alt": card_alt(kit, settings), "use": _card_use(name, kit.dates), "layout": card_layout_note(card)}
            for name, card in kit.share_cards.items()
        ]
        # A network whose post is a picture is not planned for a post without one.
        shared = [n for n in kit.dates if not NETWORKS[n].needs_image or article.metadata.get("image")]
        # A planned post's too early Share_date is something to fix; a published one's is history.
        moved = [moved_warning(shown_file(article, settings), n, NETWORKS[n].label, kit.asked[n], kit.dates[n])
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
            "file": project_path(article.source_path, settings),  # as messages name it: content/posts/x.md
            "share_dates": {n: kit.dates[n].isoformat() for n in shared},  # never before the page is live
            "share_moved": {n: kit.asked[n].isoformat() for n in shared if n in kit.asked},  # asked for, too early
            "warnings": kit.warnings + moved + sorted({w for t in kit.texts for w in t.warnings}),
            "texts": {t.network: {"label": t.label, "text": t.text, "length": t.length, "limit": t.limit,
                                  "fold": t.fold, "before_fold": t.before_fold, "warnings": list(t.warnings),
                                  "card": NETWORKS[t.network].card}
                      for t in kit.texts},
            "images": images,
            "posted": {link.network: link.url for link in getattr(article, "posted", [])},  # Posted_<network>
        })
    return posts


# The kit's own copies of the theme's styles and script: the folder works from a file share or any
# static host, with no server and no link to the site (relative links only).
ASSETS = ("css/site.css", "css/kit.css", "js/kit.js")


def write_kit(kits: list, env, settings, folder: Path, cache: Path, calendar: dict, now: datetime,
              preview_links: bool = True) -> None:
    """`calendar`: days, rhythm and networks for the overview; `cache`: where the share images are;
    `preview_links`: link each post's preview page (a kit served beside the preview)."""
    tz = ZoneInfo(settings["TIMEZONE"])
    data = kit_data(kits, settings)
    planned = planned_items(data, tz)
    view = calendar_view(planned, now.date(), calendar["days"], calendar["rhythm"],
                         list(calendar["networks"]), labels())
    wanted = {"kit.json", "kalender.ics", "index.html", "assets"}
    folder.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        (folder / "assets").mkdir(exist_ok=True)
        _write_if_changed(folder / "assets" / Path(asset).name,
                          (Path(settings["THEME"]) / "static" / asset).read_bytes())
    document = {"site": facts.public_site(settings), "made": now.isoformat(timespec="seconds"), "posts": data}
    _write_if_changed(folder / "kit.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    urls = {post["slug"]: post["url"] for post in data}
    authority = (settings.get("FEEDS") or {}).get("id_authority") or "ledarblogg.local"
    _write_if_changed(folder / "kalender.ics", _calendar(tuple(calendar_items(planned, now)), authority,
                                                        f"{settings['SITENAME']}: publiceringskalender", urls, now))
    common = {"SITENAME": settings["SITENAME"], "PUBLIC_SITE": facts.public_site(settings), "DEFAULT_LANG": "sv",
              "lang": "sv", "made": now}
    _write_if_changed(folder / "index.html",
                      env.get_template("kit/index.html").render(posts=data, calendar=view, labels=labels(),
                                                                ASSETS="assets/", **common))
    post_page = env.get_template("kit/post.html")
    for kit, post in zip(kits, data, strict=True):
        wanted.add(post["slug"])
        page_dir = folder / post["slug"]
        page_dir.mkdir(exist_ok=True)
        for name, card in kit.share_cards.items():
            _link_if_changed(cache / card.file, page_dir / f"{name}.jpg")
        for stale in page_dir.glob("*.jpg"):  # a card no network of the kit uses any longer
            if stale.stem not in kit.share_cards:
                stale.unlink()
        # The preview page, from the kit's post page at /delningskit/<slug>/ in invoke serve.
        preview = f"../../{kit.article.url}" if preview_links else None
        _write_if_changed(page_dir / "index.html", post_page.render(post=post, preview=preview, ASSETS="../assets/",
                                                                    **common))
    for stale in folder.iterdir():
        if stale.name not in wanted:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()


_calendar_made: dict[str, bytes] = {}


def _calendar(items: tuple[Planned, ...], authority: str, name: str, urls: dict[str, str], now: datetime) -> bytes:
    """The .ics file, made again only when what it holds changed, so that the live preview leaves
    an unchanged file alone: its DTSTAMP stays the time it was made."""
    key = repr((items, authority, name, sorted(urls.items())))
    if key not in _calendar_made:
        _calendar_made.clear()
        _calendar_made[key] = calendar_file(list(items), authority, name, urls, now)
    return _calendar_made[key]


def _write_if_changed(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    write_whole(path, data)  # the preview serves the kit while it is rebuilt


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
