"""Responsive photos: <picture> with WebP and JPEG srcsets, width and height, made once and cached.

Photos in post bodies are rewritten once all content is read, so the work can be done in one
batch (in parallel when there is more than one photo to make). Templates call picture() for
metadata photos (Image:) and author portraits, and og_image() for share tags.

Only the photos of pages that are written are made: a draft's or a planned post's photo is
made by the preview, which shows drafts, and never by a public build. The originals are never
published (plugins/public_files drops them); a link to an original, `[ladda ner]({static}/images/x.jpg)`,
leads to the photo's largest JPEG copy instead.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html import escape
from itertools import chain
from pathlib import Path, PurePosixPath

from bs4 import BeautifulSoup
from content_links import resolve
from contracts import RESPONSIVE_IMAGES, ImageCopy
from markupsafe import Markup
from output_files import place
from pelican import signals
from photo_files import UNREADABLE, PhotoError, PhotoMissing, is_photo_name, photo_file
from plugin_settings import read_plugin_settings
from user_paths import project_path
from written_content import written_items

from . import variants

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    widths: tuple[int, ...] = (480, 960, 1440)
    quality: int = 72
    cache: str = ".cache/images"  # relative to the project folder
    sizes: str = "(min-width: 48rem) 44rem, 100vw"
    output_folder: str = "images/v"


class Registry:
    """The photos of one build: which were processed, and how to write their markup
    (contracts.ImageRegistry, in the context under RESPONSIVE_IMAGES)."""

    def __init__(self, settings: dict):
        self.options = read_plugin_settings(settings, "RESPONSIVE_IMAGES", Options)
        self.settings = settings
        self.content_dir = Path(settings["PATH"])
        cache = Path(self.options.cache)
        self.cache_dir = cache if cache.is_absolute() else self.content_dir.parent / cache
        self.output_dir = Path(settings["OUTPUT_PATH"]) / self.options.output_folder
        self.site_url = settings["SITEURL"]
        self.base_url = f"{self.site_url}/{self.options.output_folder}"
        self.processed: dict[str, variants.Processed] = {}
        self.refused: dict[str, str] = {}  # content path -> why it is not published
        self.made = 0
        self.reused = 0

    def process(self, paths) -> None:
        """Make or reuse the variants of every photo in paths (relative to the content folder),
        and put them in the output. Pelican has already emptied the output folder by now."""
        widths, quality = tuple(self.options.widths), self.options.quality
        todo = []
        # Asked once per photo on every page that shows it: never a set of every photo per call.
        new = sorted({rel for rel in paths if rel not in self.processed and rel not in self.refused})
        for rel in new:
            try:
                source = photo_file(self.content_dir, rel)
            except PhotoMissing:
                continue  # content_checks names the file that links to it
            except PhotoError as problem:
                self._refuse(rel, str(problem))
                continue
            key = variants.digest(source, widths, quality)
            hit = variants.cached(self.cache_dir, key)
            if hit:
                self.processed[rel] = hit
                self.reused += 1
            else:
                todo.append((rel, (source, key, PurePosixPath(rel).stem, widths, quality, self.cache_dir)))
        if len(todo) > 1:
            with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
                results = list(pool.map(_make, [args for _, args in todo]))
        else:
            results = [_make(args) for _, args in todo]
        for (rel, _), result in zip(todo, results, strict=True):
            if isinstance(result, str):
                self._refuse(rel, result)
            else:
                self.processed[rel] = result
        self.made += len(todo)
        self._copy_to_output(self.processed[rel] for rel in new if rel in self.processed)

    def _refuse(self, rel: str, problem: str) -> None:
        """Warn once a build about a photo that is not published, naming the file."""
        self.refused[rel] = problem
        log.warning("%s: %s. Bilden publiceras inte.", project_path(self.content_dir / rel, self.settings), problem)

    def largest_copy(self, rel: str) -> str | None:
        """Where a link to the photo itself leads: its largest JPEG copy, relative to the site."""
        info = self.processed.get(rel)
        return f"{self.options.output_folder}/{info.largest('image/jpeg').file}" if info else None

    def picture(self, rel: str, alt: str, sizes: str | None = None, eager: bool = False) -> Markup:
        """<picture> markup for a photo; a plain <img> when the photo could not be processed."""
        self.process([rel])
        info = self.processed.get(rel)
        alt_attr = escape(alt or "", quote=True)
        if info is None:
            return Markup(f'<img src="{escape(self.base_url)}/missing" alt="{alt_attr}">')
        sizes = escape(sizes or self.options.sizes, quote=True)
        fallback = info.largest("image/jpeg")
        loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
        return Markup(
            "<picture>"
            f'<source type="image/webp" srcset="{info.srcset("image/webp", self.base_url)}" sizes="{sizes}">'
            f'<img src="{self.base_url}/{fallback.file}" srcset="{info.srcset("image/jpeg", self.base_url)}" '
            f'sizes="{sizes}" width="{info.width}" height="{info.height}" alt="{alt_attr}" '
            f'{loading} decoding="async">'
            "</picture>"
        )

    def og_image(self, rel: str) -> ImageCopy | None:
        """The largest JPEG of a photo, with its size in pixels and bytes, for share tags and feeds."""
        self.process([rel])
        info = self.processed.get(rel)
        if info is None:
            return None
        best = info.largest("image/jpeg")
        return ImageCopy(url=f"{self.base_url}/{best.file}", width=best.width, height=best.height, mime=best.mime,
                         length=(self.cache_dir / best.file).stat().st_size)

    def _copy_to_output(self, processed) -> None:
        for variant in chain.from_iterable(p.variants for p in processed):
            target = self.output_dir / variant.file
            if not target.exists():
                place(self.cache_dir / variant.file, target)


def _make(args) -> variants.Processed | str:
    """The copies, or (for a photo whose header reads but whose pixels do not) why not."""
    try:
        return variants.make(*args)
    except UNREADABLE as error:
        return f"kan inte läsas som bild ({error}); spara om den som JPEG"


def registry_of(context: dict, settings: dict) -> Registry:
    if RESPONSIVE_IMAGES not in context:
        context[RESPONSIVE_IMAGES] = Registry(settings)
    return context[RESPONSIVE_IMAGES]


def add_template_helpers(generator) -> None:
    registry = registry_of(generator.context, generator.settings)
    generator.env.globals.update(picture=registry.picture, og_image=registry.og_image)


def process_all(generators) -> None:
    """Make every photo of the build in one batch, then rewrite <img> in bodies to <picture>."""
    context = generators[0].context
    registry = registry_of(context, generators[0].settings)
    items = written_items(generators)
    # Each body is parsed once, both to find its photos and to rewrite them.
    bodies = [(item, *_body_photos(item)) for item in items]
    wanted = [rel for _, _, photos, linked in bodies for _, rel in chain(photos, linked)]
    wanted.extend(item.metadata["image"] for item in items if item.metadata.get("image"))
    # A portrait is shown on its author's page, which exists once the author has a written post.
    writers = {author.name for item in items for author in getattr(item, "authors", [])}
    authors = generators[0].settings.get("AUTHORS", {})
    wanted.extend(info["image"] for name, info in authors.items() if info.get("image") and name in writers)
    registry.process(wanted)
    for item, soup, photos, linked in bodies:
        if photos or linked:
            _rewrite_body(item, soup, photos, linked, registry)
    _point_links_at_copies(context, registry)
    log.info("responsive_images: %d photos, %d made, %d reused from cache",
             len(registry.processed), registry.made, registry.reused)


def _point_links_at_copies(context: dict, registry: Registry) -> None:
    """Any other {static} reference to a photo (in a Summary, say) is resolved by Pelican from the
    photo's Static entry: its address becomes that of the largest copy, the only form published."""
    for rel, static in context.get("static_content", {}).items():
        url = registry.largest_copy(rel) if is_photo_name(rel) else None
        if url:
            static.override_url = url


def _body_photos(item) -> tuple[BeautifulSoup | None, list, list]:
    """The parsed body, its local photos as (img element, content path), and its links to photos
    as (a element, content path); (None, [], []) if it has neither."""
    if not any(marker in item._content for marker in ("<img", "{static}", "{attach}")):
        return None, [], []
    soup = BeautifulSoup(item._content, "html.parser")
    photos, linked = [], []
    for img in soup.find_all("img"):
        resolved = resolve(img.get("src", ""), item.relative_source_path)
        if resolved and is_photo_name(resolved[1]):
            photos.append((img, resolved[1]))
    for link in soup.find_all("a", href=True):
        resolved = resolve(link["href"], item.relative_source_path)
        if resolved and resolved[0] != "filename" and is_photo_name(resolved[1]):
            linked.append((link, resolved[1]))
    return soup, photos, linked


def _rewrite_body(item, soup: BeautifulSoup, photos: list, linked: list, registry: Registry) -> None:
    first = soup.find("img")
    for img, rel in photos:
        if rel in registry.processed:
            # The first photo is often the largest thing on screen: load it at once.
            markup = registry.picture(rel, img.get("alt", ""), eager=img is first)
            img.replace_with(BeautifulSoup(markup, "html.parser"))
    # Rewritten here rather than left to Pelican: an {attach} link would make it try to move
    # the original next to the post, and warn that it cannot.
    for link, rel in linked:
        if copy := registry.largest_copy(rel):
            link["href"] = f"{registry.site_url}/{copy}"
    item._content = str(soup)


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.all_generators_finalized.connect(process_all)
