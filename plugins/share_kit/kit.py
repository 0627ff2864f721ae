"""Pelican glue for the share kit: texts, share images, the private kit pages and the calendar.

Once all content is read, every post and note (planned ones and drafts too) gets its share images,
drawn in a process pool while Pelican writes the pages; its texts come after the pages. Published
posts get their link card in the public output as og:image. Everything else goes to the private
kit folder beside output/ (never deployed, see kit_folder.py), which the preview serves.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from zoneinfo import ZoneInfo

from content_checks import consent_problem
from output_files import place
from contracts import SITE_CARD, SiteCard
from pelican import signals
from photo_files import UNREADABLE, PhotoError, photo_file
from plugin_settings import read_plugin_settings
from publish_schedule import live_at
from user_paths import is_draft, shown_file

from . import cards, facts, posted
from .brand import Brand, read_brand
from .calendar import share_times
from .kit_folder import card_alt, write_kit
from .networks import NAMES, NETWORKS
from .texts import Options as TextOptions
from .texts import build_all

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    """SHARE_KIT in the settings."""

    networks: tuple[str, ...] = NAMES
    limits: dict = field(default_factory=dict)  # e.g. {"mastodon": 1000} for a server with a higher limit
    folds: dict = field(default_factory=dict)  # characters shown before "see more", e.g. {"linkedin": 210}
    max_hashtags: dict = field(default_factory=dict)  # e.g. {"instagram": 3}
    tracking: dict = field(default_factory=dict)  # e.g. {"utm_source": "{network}"}; off by default
    rhythm: int = 3  # posts a week per network
    days: int = 14  # how far ahead the calendar looks
    folder: str = "share-kit"  # private, beside output/; relative to the project folder
    write_kit: bool = True
    # The kit's pages link each post's preview page, for a kit served beside the preview (invoke
    # serve, at /delningskit/); a kit handed over as a folder (invoke kit) has no preview to link.
    preview_links: bool = True
    cards: bool = True  # False: no share images at all (og:image falls back to the site's default)
    cache: str = ".cache/share"
    # The organisation's look on the share images (brand.py); files relative to the project folder.
    card_colour: str | None = None  # e.g. "#0b5c8a"; BRAND_COLOUR (or the site's blue) by default
    card_accent: str | None = None  # the rule and shapes; a tint of card_colour by default
    card_logo: str | None = None  # e.g. "content/images/logo.png"
    card_font: str | None = None  # a .ttf or .otf; DejaVu Sans Bold by default


@dataclass
class PostKit:
    article: object
    slug: str
    status: str
    texts: list
    dates: dict  # network -> when to share, never before the page is live
    asked: dict  # network -> the Share_date_<network> asked for, when it was too early
    focus: tuple[float, float] | None = None  # from Focus:, else the people decide the crop
    share_cards: dict = field(default_factory=dict)  # a card's name in cards.CARDS -> the card drawn
    warnings: list = field(default_factory=list)

    @property
    def link_card(self) -> cards.Card | None:
        return self.share_cards.get(cards.LINK_CARD.name)


def _project(settings) -> Path:
    return Path(settings["PATH"]).parent


def _folder(settings, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else _project(settings) / path


def text_options(options: Options) -> TextOptions:
    return TextOptions(networks=tuple(options.networks), limits=dict(options.limits), folds=dict(options.folds),
                       max_hashtags=dict(options.max_hashtags), tracking=dict(options.tracking))


@dataclass
class _Pending:
    """Kits whose cards are still being drawn while Pelican writes the pages."""

    kits: list[PostKit]
    cards: CardJobs
    settings: dict
    options: Options
    texts_options: TextOptions
    env: object
    now: datetime


_pending: list[_Pending] = []


def build_kits(generators) -> None:
    """Start the cards drawing on the other cores while Pelican writes the pages; texts come after."""
    articles_gen = next(g for g in generators if hasattr(g, "drafts"))
    settings = articles_gen.settings
    options = read_plugin_settings(settings, "SHARE_KIT", Options)
    try:
        texts_options = text_options(options)
    except ValueError as error:
        log.error("Inställningar: SHARE_KIT i pelicanconf.py: %s", error)
        return
    now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
    kits = []
    published = list(chain(articles_gen.articles, articles_gen.translations))
    for article in chain(published, articles_gen.drafts, articles_gen.drafts_translations):
        if is_draft(article) and not options.write_kit:
            continue  # a public build has no kit; a draft's problems are the preview's to show
        try:
            kits.append(_kit(article, settings, options, now))
        except facts.FieldError as error:
            log.warning("%s: %s", shown_file(article, settings), error)
    kits.sort(key=lambda k: (k.article.date, k.slug), reverse=True)  # newest first, everywhere below
    for article in published:
        _link_where_posted(article, settings, options)
    while _pending:  # left by a preview build stopped before its end: its kit is out of date
        _pending.pop().cards.abandon()
    brand = read_brand(options, settings, log.warning)
    jobs = CardJobs(kits, settings, options, brand)
    articles_gen.context[SITE_CARD] = _site_card(settings, options, brand)
    # The page templates need only the link card's name and size for og:image, both known now.
    for kit in kits:
        if kit.status == "publicerad" and jobs.link_card_name(kit):
            kit.article.share_card = {
                "url": f"{settings['SITEURL']}/images/share/{jobs.link_card_name(kit)}",
                "width": cards.LINK_CARD.width,
                "height": cards.LINK_CARD.height,
                "alt": card_alt(kit, settings),
            }
    _pending.append(_Pending(kits, jobs, settings, options, texts_options, articles_gen.env, now))


def finish_kits(pelican) -> None:
    """Once the pages are written: wait for the cards, publish the link cards, write the kit."""
    while _pending:
        pending = _pending.pop()
        pending.cards.wait()
        _publish_link_cards([k for k in pending.kits if k.status == "publicerad"], pending.settings, pending.options)
        # The texts are for the private kit only; a public build skips that work.
        if pending.options.write_kit:
            kits = _with_texts(pending.kits, pending.settings, pending.texts_options, pending.now.date())
            options = pending.options
            write_kit(kits, pending.env, pending.settings, _folder(pending.settings, options.folder),
                      _folder(pending.settings, options.cache),
                      {"days": options.days, "rhythm": options.rhythm, "networks": options.networks}, pending.now,
                      options.preview_links)


# The live preview runs many builds in one process; a post's texts are made again only when its
# file, its address, its share times or the day changed (the settings cannot change without a restart).
_texts_made: dict[tuple, list] = {}


def _with_texts(kits: list[PostKit], settings, texts_options: TextOptions, today: date) -> list[PostKit]:
    global _texts_made
    made, kept = {}, []
    for kit in kits:
        source = os.stat(kit.article.source_path)
        key = (kit.article.source_path, source.st_mtime_ns, source.st_size,
               facts.public_url(kit.article, settings), repr(texts_options), repr(sorted(kit.dates.items())), today)
        try:
            kit.texts = _texts_made.get(key) or build_all(facts.post_facts(kit.article, settings, kit.dates, today),
                                                          texts_options)
        except facts.FieldError as error:
            log.warning("%s: %s", shown_file(kit.article, settings), error)
            continue
        made[key] = kit.texts
        kept.append(kit)
    _texts_made = made
    return kept


def _kit(article, settings, options: Options, now: datetime) -> PostKit:
    texts: list = []  # made once the pages are written, see _with_texts
    if article.metadata.get("status") == "draft":
        status = "utkast"
    else:
        status = "publicerad" if article.date <= now else "planerad"
    dates, asked = share_times(article.date, facts.asked_share_dates(article, settings, options.networks),
                               options.networks, live_at(article.date))
    meta = article.metadata
    focus = facts.focus(article) if meta.get("focus", "").strip() else None
    kit = PostKit(article, facts.slug_of(article), status, texts, dates, asked, focus)
    if meta.get("image") and not meta.get("image_alt", "").strip():
        kit.warnings.append("Bilden saknar beskrivning (Image_alt).")
    consent = consent_problem(meta, article._content)
    if consent:
        kit.warnings.append(consent)
    return kit


def _site_line(settings) -> str:
    return f"{settings['SITENAME']} · {settings.get('SITESUBTITLE', '')}".strip(" ·")


class CardJobs:
    """The share images a build needs, reused from the cache or drawn in a process pool.
    A photo's cards are drawn by one worker, so the people in it are looked for once."""

    def __init__(self, kits: list[PostKit], settings, options: Options, brand: Brand):
        self.cache = _folder(settings, options.cache)
        content = Path(settings["PATH"])
        self.jobs: dict[str, list] = {}
        self.keys: dict[int, str] = {}  # id(kit) -> its link card's key
        # A public build needs only the link cards of published posts (its og:image); the kit needs
        # the cards of its networks too (each record names its own).
        specs = (cards.LINK_CARD,)
        if options.write_kit:
            specs = tuple(dict.fromkeys((cards.LINK_CARD, *(cards.CARDS[NETWORKS[n].card] for n in options.networks))))
        if not options.cards:
            specs = ()
        for kit in kits:
            if not options.write_kit and kit.status != "publicerad":
                continue
            meta = kit.article.metadata
            photo = _usable_photo(content, meta.get("image"))
            for spec in specs:
                args = (spec, kit.article.title, _site_line(settings), photo, kit.focus, brand)
                key = cards.cache_key(*args)
                self.jobs.setdefault(key, []).append((kit, spec, args))
                if spec is cards.LINK_CARD:
                    self.keys[id(kit)] = key
        self.made = {key: cards.cached_card(self.cache, key) for key in self.jobs}
        self.todo = [(self.cache, key, *self.jobs[key][0][2]) for key, card in self.made.items() if card is None]
        by_photo: dict = {}
        for job in self.todo:
            by_photo.setdefault(job[5] or job[1], []).append(job)  # a card without a photo: alone
        self.batches = list(by_photo.values())
        self.pool = None
        self.futures = []
        if len(self.batches) > 1:
            self.pool = ProcessPoolExecutor(max_workers=min(len(self.batches), os.cpu_count() or 1))
            self.futures = [self.pool.submit(_draw_all, batch) for batch in self.batches]

    def link_card_name(self, kit: PostKit) -> str | None:
        key = self.keys.get(id(kit))
        return f"{key}.jpg" if key else None

    def abandon(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def wait(self) -> None:
        if self.pool is not None:
            with self.pool:
                drawn = [card for future in self.futures for card in future.result()]
        else:
            drawn = [card for batch in self.batches for card in _draw_all(batch)]
        for (_, key, *_), card in zip((job for batch in self.batches for job in batch), drawn, strict=True):
            self.made[key] = card
        for key, users in self.jobs.items():
            for kit, spec, _ in users:
                kit.share_cards[spec.name] = self.made[key]
        log.info("share_kit: %d share images, %d made, %d reused from cache",
                 len(self.jobs), len(self.todo), len(self.jobs) - len(self.todo))


def _link_where_posted(article, settings, options: Options) -> None:
    """article.posted: the networks it was posted on (Posted_<network>), for the discussion links."""
    try:
        links = posted.posted(article.metadata, options.networks)
    except facts.FieldError as error:
        log.warning("%s: %s", shown_file(article, settings), error)
        links = []
    article.posted = posted.not_archived(links, getattr(article, "discussions", []))


def _usable_photo(content: Path, image: str | None) -> Path | None:
    """The photo to draw on, if it is one; responsive_images warns about one that is not."""
    try:
        return photo_file(content, image) if image else None
    except PhotoError:
        return None


def _draw_all(batch) -> list[cards.Card]:
    return [_draw(job) for job in batch]


def _draw(job) -> cards.Card:
    cache, key, spec, title, site_line, photo, focus, brand = job
    try:
        return cards.make_card(cache, key, spec, title, site_line, photo, focus, brand)
    except UNREADABLE:  # a photo whose header reads but whose pixels do not: the card without a photo
        return cards.make_card(cache, key, spec, title, site_line, None, focus, brand)


def _site_card(settings, options: Options, brand: Brand) -> SiteCard:
    """The og:image of every page without a card of its own: the owner's name and role on the
    brand colour, drawn from the settings (so a new owner never shows the demo's name)."""
    cache = _folder(settings, options.cache)
    args = (cards.LINK_CARD, settings["SITENAME"], settings.get("SITESUBTITLE", ""), None, None, brand)
    key = cards.cache_key(*args)
    card = cards.cached_card(cache, key) or cards.make_card(cache, key, *args)
    place(cache / card.file, Path(settings["OUTPUT_PATH"]) / "images" / "share" / card.file)
    return SiteCard(url=f"{settings['SITEURL']}/images/share/{card.file}", width=card.width, height=card.height)


def _publish_link_cards(kits: list[PostKit], settings, options: Options) -> None:
    """Published posts use their link card as og:image; planned ones stay in the private kit."""
    cache = _folder(settings, options.cache)
    target_dir = Path(settings["OUTPUT_PATH"]) / "images" / "share"
    for kit in kits:
        if kit.link_card is not None:
            place(cache / kit.link_card.file, target_dir / kit.link_card.file)


def register() -> None:
    signals.all_generators_finalized.connect(build_kits)
    signals.finalized.connect(finish_kits)
