"""The archive on the site: /arkiv/ by year, month and platform, one page per post, statistics,
open data and a feed (through plugins/feeds), from the files the importer wrote. Every address
comes from the ARCHIVE_*_URL settings (urls.py); templates are given them, never build them.

A Pelican generator: it gathers the archive in generate_context (so feeds, search and the blog
posts it links to can use it) and writes its pages with Pelican's writer in generate_output.

Photos are published only as the processed copies plugins/responsive_images makes (no metadata,
whatever an older import or a hand-added file carries); the open data links the largest copy.
Videos are published as they are, once video_metadata finds no place or camera in them.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import posixpath
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from blog.i18n import long_date
from build_report import every_warning_then_stop
from contracts import (ARCHIVE_FEED, FEED_SOURCES, PAGE_FEED, RESPONSIVE_IMAGES, SOCIAL_ARCHIVE, ArchiveLinks,
                       FeedEntry, FeedImage, ImageRegistry)
from display_text import displayable, title_text
from markupsafe import Markup
from output_files import place, write_whole
from pelican.generators import Generator
from plugin_settings import read_plugin_settings
from user_paths import project_path

from . import chart, transaction
from . import presentation as show
from .model import ArchiveError
from .platforms import platform as platform_record
from .privacy import Policy, exposed_in_git, published
from .store import load_archive
from .urls import Address, ArchiveUrls, read_urls
from .video_metadata import refusal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    """SOCIAL_ARCHIVE in the settings."""

    folder: str = "archive"  # inside the content folder, written by `invoke import`
    per_page: int = 25
    grid_per_page: int = 48  # the photo grid of a platform with photos (ARCHIVE_PLATFORM_GRID_URL)
    # Posts shared only with LinkedIn connections are not published unless this is on.
    publish_connections: bool = False
    # Only the organisation can read the repository: connections-only and hidden posts may then
    # be kept as files in content/archive/ (privacy.py says why it matters).
    private_repository: bool = False

    @property
    def policy(self) -> Policy:
        return Policy(self.private_repository, self.publish_connections)


@dataclass
class Entry:
    """One archived post as the templates and the open data see it."""

    key: str
    platform: str
    label: str
    kind: str
    slug: str
    url: str  # on this site, after SITEURL/ (ARCHIVE_POST_URL)
    published: datetime  # Europe/Stockholm
    date_text: str
    title: str  # the one title: lists, grid, heading, <title>, search, feed
    description: str
    original_note: str  # what the page says about where it comes from and the original
    text: str
    html: object
    original_url: str
    shared_url: str
    hashtags: list
    mentions: list
    media: list  # dicts: rel (content path), url, kind, alt, real_alt, width, height
    note: str
    edited: bool
    media_note: str  # why a post has no photos when its platform's export holds none, else ""
    article: object = None  # the blog post it links to, if any
    file: str = ""  # its JSON file, relative to the archive folder
    save_as: str = ""  # its page, relative to the output folder (ARCHIVE_POST_SAVE_AS)

    @property
    def media_text(self) -> str:
        return show.media_count([m["kind"] for m in self.media])


@dataclass
class Archive:
    """The archive in the context (contracts.SocialArchive, under SOCIAL_ARCHIVE)."""

    entries: list = field(default_factory=list)  # newest first
    links: ArchiveLinks | None = None

    def by(self, key) -> dict:
        groups = defaultdict(list)
        for entry in self.entries:
            groups[key(entry)].append(entry)
        return dict(groups)


def _entry(stored, settings, tz, urls: ArchiveUrls) -> Entry:
    post = stored.post
    when = post.published.astimezone(tz)
    date_text = long_date(when, "sv")
    slug = show.page_slug(post.platform, post.post_id)
    page = urls.post(slug, post.platform, when)
    count = len(post.media)
    media = [
        {
            "path": m.path,
            "rel": f"{settings['_archive_folder']}/{m.path}",
            "url": f"{settings['SITEURL']}/{urls.media(m.path).url}",
            "kind": m.kind,
            "alt": title_text(m.alt).strip() or show.fallback_alt(post.platform, date_text, i, count, m.kind),
            "real_alt": bool(m.alt.strip()),
            "width": m.width,
            "height": m.height,
        }
        for i, m in enumerate(post.media, start=1)
    ]
    original = show.original_url(post.url, post.platform)
    return Entry(
        key=post.key, platform=post.platform, label=show.label(post.platform), kind=post.kind, slug=slug,
        url=page.url, save_as=page.save_as, published=when, date_text=date_text,
        title=show.title_of(post.text, post.shared_url, post.platform, date_text),
        description=show.summary(show.body_of(post.text, post.kind)) if post.text.strip() else "",
        original_note=show.original_note(post.platform, bool(original)), text=post.text,
        html=show.text_html(show.body_of(post.text, post.kind), post.platform, post.url), original_url=original,
        shared_url=show.web_url(post.shared_url), hashtags=show.hashtags(post.text),
        mentions=show.mentions(post.text), media=media, note=displayable(stored.note), edited=bool(stored.history),
        media_note="" if post.media else show.no_media_note(post.platform),
        file=stored.file,
    )


# The live preview builds the whole site again in one process after every save; reading and checking
# thousands of archive files was most of what came before the saved page. The archive is read again
# when any of its files changed (told by name, size and time, within this process only: a new
# process, as a public build is, always reads every file).
_ARCHIVES_READ: dict[Path, tuple[tuple, list]] = {}


def _read_once(folder: Path) -> list:
    stamp = tuple(sorted((str(p), s.st_mtime_ns, s.st_size, p.is_symlink())
                         for p in folder.rglob("*") for s in (p.lstat(),)))
    known = _ARCHIVES_READ.get(folder)
    if known is None or known[0] != stamp:
        known = _ARCHIVES_READ[folder] = (stamp, load_archive(folder))
    return known[1]


class ArchiveGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked when the build starts, before any content is read: a wrong address setting is
        # named at once, and the archive keeps its default address for it (a preview still builds).
        self.urls, problems = read_urls(self.settings)
        with every_warning_then_stop():
            for problem in problems:
                log.error("%s", problem)

    def generate_context(self):
        self.options = read_plugin_settings(self.settings, "SOCIAL_ARCHIVE", Options)
        folder = Path(self.settings["PATH"]) / self.options.folder
        self.archive = Archive()
        if not folder.is_dir():
            self.context[SOCIAL_ARCHIVE] = self.archive
            return
        try:
            if transaction.pending(folder):  # never build from an archive half old, half new
                raise ArchiveError("", "en import avbröts medan den sparades; kör invoke import igen (med samma "
                                       "export), så slutförs den först")
            stored = _read_once(folder)
        except ArchiveError as error:
            log.error("%s: %s", project_path(error.file, self.settings), error.problem)
            stored = []
        tz = ZoneInfo(self.settings["TIMEZONE"])
        settings = dict(self.settings, _archive_folder=self.options.folder)
        self._warn_of_files_git_exposes(stored, folder)
        shown = [s for s in stored if published(s, self.options.policy)]
        self.archive.entries = sorted((_entry(s, settings, tz, self.urls) for s in shown),
                                      key=lambda e: (e.published, e.key), reverse=True)
        self.archive.links = self._links()
        self._link_blog_posts()
        self.context[SOCIAL_ARCHIVE] = self.archive
        images: ImageRegistry | None = self.context.get(RESPONSIVE_IMAGES)
        if images is not None:
            images.process([m["rel"] for e in self.archive.entries for m in e.media if m["kind"] == "image"])
        self._keep_publishable_media(images)
        self.context.setdefault(FEED_SOURCES, {})[ARCHIVE_FEED] = [
            self._feed_entry(e, images) for e in self.archive.entries]
        if waiting := sum(s.approved is False for s in stored):
            print(f"arkiv: {waiting} inlägg väntar på godkännande och publiceras inte; se dem med invoke approve",
                  file=sys.stderr)
        missing = sum(1 for e in self.archive.entries for m in e.media if not m["real_alt"])
        total = sum(len(e.media) for e in self.archive.entries)
        if missing:
            # Not a warning: old posts without alt text are normal; the staff fill them in over time.
            print(f"arkiv: {missing} av {total} bilder saknar egen bildbeskrivning; skriv den i \"alt\" "
                  f"i filerna under content/{self.options.folder}/", file=sys.stderr)

    def _links(self) -> ArchiveLinks:
        urls, entries = self.urls, self.archive.entries
        return ArchiveLinks(home=urls.home().url, statistics=urls.statistics().url, open_data=urls.open_data().url,
                     json=urls.json().url, csv=urls.csv().url,
                     platforms={p: urls.platform(p).url for p in sorted({e.platform for e in entries})},
                     years={y: urls.year(y).url for y in sorted({e.published.year for e in entries}, reverse=True)})

    def _warn_of_files_git_exposes(self, stored, folder: Path) -> None:
        """A hidden or connections-only post kept as a file in a public repository: publishing stops
        until it is removed (invoke hide) or the settings say the repository is private."""
        with every_warning_then_stop():
            for post in stored:
                problem = exposed_in_git(post, self.options.policy)
                if not problem:
                    continue
                log.warning("%s %s; kör invoke hide %s (tar bort texten och bilderna och kommer ihåg att "
                            "inlägget är dolt), eller sätt \"private_repository\": True i SOCIAL_ARCHIVE om bara "
                            "organisationen kan läsa repot", project_path(folder / post.file, self.settings), problem,
                            post.post.key)

    def _keep_publishable_media(self, images):
        """Each photo points at its largest processed copy; a photo that has none and a video that
        tells where or with what it was filmed are left out of the pages and the open data."""
        content = Path(self.settings["PATH"])
        for entry in self.archive.entries:
            kept = []
            for media in entry.media:
                if media["kind"] == "image":
                    copy = images.og_image(media["rel"]) if images is not None else None
                    if copy is None:
                        continue  # responsive_images has said why
                    media.update(url=copy["url"], width=copy["width"], height=copy["height"])
                elif problem := refusal(content, media["rel"]):
                    log.warning("%s (i %s) %s, eller ta bort filmen ur \"media\" i inläggets fil. "
                                "Filmen publiceras inte.", project_path(content / media["rel"], self.settings),
                                project_path(content / self.options.folder / entry.file, self.settings), problem)
                    continue
                kept.append(media)
            entry.media = kept

    def _link_blog_posts(self):
        """A blog post and the archived posts that link to it point to each other."""
        articles = list(self.context.get("articles", [])) + list(self.context.get("translations", []))
        # The blog's own addresses: where it is built and where it is published (the posts link
        # the public one); a link matches only on one of these hosts under the blog's own path.
        sites = {(urlsplit(url).hostname, urlsplit(url).path.rstrip("/"))
                 for url in (self.settings["SITEURL"], self.settings.get("PUBLIC_URL", "")) if url}
        by_address = {(host, f"{base}/{a.url.strip('/')}"): a for host, base in sites for a in articles if a.url.strip("/")}
        for entry in self.archive.entries:
            # The text's addresses as its page links them: "(https://…)" and "https://….", too.
            for link in [entry.shared_url, *(m["url"] for m in show.TOKENS.finditer(entry.text) if m["url"])]:
                parts = urlsplit(link)
                match = by_address.get((parts.hostname, parts.path.rstrip("/")))
                if match is not None:
                    entry.article = match
                    # A post that only shares a blog post is titled by it ("Delad länk: ...").
                    entry.title = show.title_of(entry.text, entry.shared_url, entry.platform, entry.date_text,
                                                linked_title=Markup(match.title).striptags())
                    if entry not in getattr(match, "discussions", []):
                        match.discussions = [*getattr(match, "discussions", []), entry]
                    break

    def _feed_entry(self, entry: Entry, images) -> FeedEntry:
        siteurl = self.settings["SITEURL"]
        authority = (self.settings.get("FEEDS") or {}).get("id_authority") or urlsplit(siteurl).hostname
        photo = next((m for m in entry.media if m["kind"] == "image"), None)
        og = images.og_image(photo["rel"]) if photo and images is not None else None
        image = FeedImage(og["url"], photo["alt"], og["mime"], og["length"], og["width"], og["height"]) if og else None
        # Feed readers do not keep line breaks of plain text, so they become <br> here.
        body = "<p>" + str(entry.html).replace("\n", "<br>\n") + "</p>"
        return FeedEntry(
            # Not the page's address: the id subscribers have had since the first archive feed, the
            # same whatever ARCHIVE_POST_URL says. Changing it would show them the whole archive as new.
            id=f"tag:{authority},{entry.published:%Y-%m-%d}:{FEED_ID_PATH}{entry.key}",
            url=f"{siteurl}/{entry.url}", title=entry.title, content_html=body, summary_html=body, published=entry.published, updated=entry.published,
            author_name=self.settings["AUTHOR"], author_url=f"{siteurl}/", category=entry.label,
            tags=tuple(entry.hashtags), lang=self.settings["DEFAULT_LANG"], image=image, kind="archive",
        )

    def generate_output(self, writer):
        entries = self.archive.entries
        if not entries:
            return
        urls = self.urls
        self._copy_media()
        platforms = sorted({e.platform for e in entries})
        years = self.archive.by(lambda e: e.published.year)
        months = self.archive.by(lambda e: (e.published.year, e.published.month))
        # Every archive page announces the archive feed (plugins/feeds, feed_links).
        common = {"archive_platforms": [(p, show.label(p)) for p in platforms],
                  "archive_years": sorted(years, reverse=True), "archive_total": len(entries),
                  PAGE_FEED: ARCHIVE_FEED}
        self._pages(writer, urls.home(), entries, "Arkiv: inlägg på sociala medier", common)
        for platform in platforms:
            chosen = [e for e in entries if e.platform == platform]
            name = show.label(platform)
            views = []
            if any(m["kind"] == "image" for e in chosen for m in e.media):
                views = [("Lista", urls.platform(platform).url), ("Bilder", urls.grid(platform).url)]
                self._pages(writer, urls.grid(platform), chosen, f"Arkiv: {name} i bilder", common,
                            views=views, template="archive/grid", size=self.options.grid_per_page)
            self._pages(writer, urls.platform(platform), chosen, f"Arkiv: {name}", common, views=views)
        for year, chosen in years.items():
            in_year = sorted(m for (y, m) in months if y == year)
            self._pages(writer, urls.year(year), chosen, f"Arkiv: {year}", common,
                        months=[(urls.month(year, m).url, chart.month_name(date(year, m, 1), with_year=False))
                                for m in in_year])
        for (year, month), chosen in months.items():
            self._pages(writer, urls.month(year, month), chosen,
                        f"Arkiv: {chart.month_name(date(year, month, 1))}", common)
        template = self.get_template("archive/post")
        for entry in entries:
            writer.write_file(entry.save_as, template, self.context, entry=entry, page_url=entry.url, **common)
        self._statistics(writer, platforms, common)
        self._open_data(writer, common)

    def _pages(self, writer, first: Address, chosen: list, heading: str, common: dict, months=(), views=(),
               template="archive/list", size=None):
        """One list (or grid) of posts, in pages of `size`; `views` are the ways to see the same posts,
        `months` (address, name) the months of a year."""
        template = self.get_template(template)
        size = size or self.options.per_page
        pages = [chosen[i:i + size] for i in range(0, len(chosen), size)] or [[]]
        addresses = [first, *(self.urls.page(first, number) for number in range(2, len(pages) + 1))]
        for number, (items, page) in enumerate(zip(pages, addresses, strict=True), start=1):
            writer.write_file(
                page.save_as, template, self.context, entries=items, heading=heading, page_url=page.url,
                page_number=number, page_count=len(pages), base_url=first.url, months=list(months), views=views,
                newer_url=addresses[number - 2].url if number > 1 else None,
                older_url=addresses[number].url if number < len(pages) else None, **common,
            )

    def _copy_media(self):
        """Videos are published as they are (checked in _keep_publishable_media), at ARCHIVE_MEDIA_URL;
        photos are published by responsive_images."""
        content = Path(self.settings["PATH"])
        for media in (m for e in self.archive.entries for m in e.media if m["kind"] == "video"):
            destination = Path(self.output_path) / self.urls.media(media["path"]).save_as
            if not destination.exists():
                place(content / media["rel"], destination)

    def _statistics(self, writer, platforms, common):
        months = chart.per_month([(e.published, e.platform) for e in self.archive.entries], platforms)
        tags = Counter(t.lower() for e in self.archive.entries for t in e.hashtags).most_common(15)
        people = Counter(m for e in self.archive.entries for m in e.mentions).most_common(15)
        svg = chart.bar_chart_svg(months, platforms, "chart-title", "chart-desc")
        page = self.urls.statistics()
        writer.write_file(page.save_as, self.get_template("archive/stats"), self.context, page_url=page.url,
                          months=months, chart=svg, top_hashtags=tags, top_mentions=people,
                          colours={p: chart.colour(p) for p in platforms}, **common)

    def _open_data(self, writer, common):
        rows = [open_data_row(e) for e in reversed(self.archive.entries)]
        output = Path(self.output_path)
        page, as_json, as_csv = self.urls.open_data(), self.urls.json(), self.urls.csv()
        # The schema is linked relative to the JSON file, as it always was ("oppna-data/").
        schema = posixpath.relpath(page.url, posixpath.dirname(as_json.url) or ".") + "/"
        for address, text in ((as_json, json.dumps({"schema": schema, "posts": rows}, ensure_ascii=False,
                                                   indent=2) + "\n"), (as_csv, open_data_csv(rows))):
            (output / address.save_as).parent.mkdir(parents=True, exist_ok=True)
            write_whole(output / address.save_as, text)
        without_links = [name for p, name in common["archive_platforms"] if not platform_record(p).permalinks]
        writer.write_file(page.save_as, self.get_template("archive/open_data"), self.context, page_url=page.url,
                          without_permalinks=without_links, **common)


# The start of the path in every archive feed entry's id, since the first archive feed: part of
# ids that must never change, so never taken from ARCHIVE_URL.
FEED_ID_PATH = "arkiv/"
CSV_FIELDS = ["id", "platform", "kind", "published", "text", "url", "shared_url", "hashtags", "mentions", "media"]


def open_data_row(entry: Entry) -> dict:
    return {
        "id": entry.key,
        "platform": entry.platform,
        "kind": entry.kind,
        "published": entry.published.isoformat(),
        "text": entry.text,
        "url": entry.original_url,
        "shared_url": entry.shared_url,
        "hashtags": entry.hashtags,
        "mentions": entry.mentions,
        "media": [{"path": m["url"], "kind": m["kind"], "alt": m["alt"] if m["real_alt"] else "",
                   "width": m["width"], "height": m["height"]} for m in entry.media],
    }


# A cell that starts with one of these is a formula to Excel and LibreOffice (CWE-1236).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading apostrophe before a formula character
    (OWASP's advice; documented on the open data page). posts.json keeps the text exact."""
    return "'" + value if value.startswith(FORMULA_START) else value


def open_data_csv(rows: list[dict]) -> str:
    """One row per post; hashtags and mentions separated by spaces, media as JSON (documented)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = {**row, "hashtags": " ".join(row["hashtags"]), "mentions": " ".join(row["mentions"]),
                 "media": json.dumps(row["media"], ensure_ascii=False)}
        writer.writerow({key: spreadsheet_cell(str(value)) for key, value in cells.items()})
    return out.getvalue()


def get_generators(pelican):
    return ArchiveGenerator
