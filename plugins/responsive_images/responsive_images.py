"""Responsive photos: <picture> with WebP and JPEG srcsets, width and height, made once and cached.

Photos in post bodies are rewritten once all content is read, so the work can be done in one
batch (in parallel when there is more than one photo to make). Templates call picture() for
metadata photos (Image:) and author portraits, and og_image() for share tags.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html import escape
from itertools import chain
from pathlib import Path, PurePosixPath

from bs4 import BeautifulSoup
from content_links import resolve
from markupsafe import Markup
from pelican import signals
from plugin_settings import read_plugin_settings
from user_paths import project_path

from . import variants

log = logging.getLogger(__name__)
CONTEXT_KEY = "responsive_images"


@dataclass(frozen=True)
class Options:
    widths: tuple[int, ...] = (480, 960, 1440)
    quality: int = 72
    cache: str = ".cache/images"  # relative to the project folder
    sizes: str = "(min-width: 48rem) 44rem, 100vw"
    output_folder: str = "images/v"


class Registry:
    """The photos of one build: which were processed, and how to write their markup."""

    def __init__(self, settings: dict):
        self.options = read_plugin_settings(settings, "RESPONSIVE_IMAGES", Options)
        self.settings = settings
        self.content_dir = Path(settings["PATH"])
        cache = Path(self.options.cache)
        self.cache_dir = cache if cache.is_absolute() else self.content_dir.parent / cache
        self.output_dir = Path(settings["OUTPUT_PATH"]) / self.options.output_folder
        self.base_url = f"{settings['SITEURL']}/{self.options.output_folder}"
        self.processed: dict[str, variants.Processed] = {}
        self.made = 0
        self.reused = 0

    def process(self, paths) -> None:
        """Make or reuse the variants of every photo in paths (relative to the content folder),
        and put them in the output. Pelican has already emptied the output folder by now."""
        widths, quality = tuple(self.options.widths), self.options.quality
        todo = []
        new = sorted(set(paths) - set(self.processed))
        for rel in new:
            source = self.content_dir / rel
            if not source.is_file():
                continue  # content_checks names the file that links to it
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
        for (rel, _), made in zip(todo, results, strict=True):
            if made is None:
                log.warning("%s: bilden går inte att läsa; spara den igen som JPEG, PNG eller WebP, eller byt bild",
                            project_path(self.content_dir / rel, self.settings))
            else:
                self.processed[rel] = made
        self.made += len(todo)
        self._copy_to_output(self.processed[rel] for rel in new if rel in self.processed)

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

    def og_image(self, rel: str) -> dict | None:
        """The largest JPEG of a photo, with its size in pixels and bytes, for share tags and feeds."""
        self.process([rel])
        info = self.processed.get(rel)
        if info is None:
            return None
        best = info.largest("image/jpeg")
        return {"url": f"{self.base_url}/{best.file}", "width": best.width, "height": best.height,
                "mime": best.mime, "length": (self.cache_dir / best.file).stat().st_size}

    def _copy_to_output(self, processed) -> None:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        for variant in chain.from_iterable(p.variants for p in processed):
            target = self.output_dir / variant.file
            if not target.exists():
                shutil.copyfile(self.cache_dir / variant.file, target)


def _make(args) -> variants.Processed | None:
    """The photo's variants; None for a file Pillow cannot read as a photo (reported by the caller)."""
    try:
        return variants.make(*args)
    except (OSError, ValueError):  # UnidentifiedImageError is an OSError
        return None


def registry_of(context: dict, settings: dict) -> Registry:
    if CONTEXT_KEY not in context:
        context[CONTEXT_KEY] = Registry(settings)
    return context[CONTEXT_KEY]


def add_template_helpers(generator) -> None:
    registry = registry_of(generator.context, generator.settings)
    generator.env.globals.update(picture=registry.picture, og_image=registry.og_image)


def process_all(generators) -> None:
    """Make every photo of the build in one batch, then rewrite <img> in bodies to <picture>."""
    context = generators[0].context
    registry = registry_of(context, generators[0].settings)
    items = [
        item
        for generator in generators
        for name in ("articles", "translations", "pages", "hidden_pages", "hidden_translations")
        for item in getattr(generator, name, [])
    ]
    # Each body is parsed once, both to find its photos and to rewrite them.
    bodies = [(item, *_body_photos(item)) for item in items]
    wanted = [rel for _, _, photos in bodies for _, rel in photos]
    wanted.extend(item.metadata["image"] for item in items if item.metadata.get("image"))
    wanted.extend(a["image"] for a in generators[0].settings.get("AUTHORS", {}).values() if a.get("image"))
    registry.process(wanted)
    for item, soup, photos in bodies:
        if photos:
            _rewrite_body(item, soup, photos, registry)
    log.info("responsive_images: %d photos, %d made, %d reused from cache",
             len(registry.processed), registry.made, registry.reused)


def _body_photos(item) -> tuple[BeautifulSoup | None, list]:
    """The parsed body and its local photos as (img element, content path); (None, []) if none."""
    if "<img" not in item._content:
        return None, []
    soup = BeautifulSoup(item._content, "html.parser")
    photos = []
    for img in soup.find_all("img"):
        resolved = resolve(img.get("src", ""), item.relative_source_path)
        if resolved and resolved[1].lower().endswith((".jpg", ".jpeg", ".png", ".webp")):
            photos.append((img, resolved[1]))
    return soup, photos


def _rewrite_body(item, soup: BeautifulSoup, photos: list, registry: Registry) -> None:
    first = soup.find("img")
    for img, rel in photos:
        if rel in registry.processed:
            # The first photo is often the largest thing on screen: load it at once.
            markup = registry.picture(rel, img.get("alt", ""), eager=img is first)
            img.replace_with(BeautifulSoup(markup, "html.parser"))
    item._content = str(soup)


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.all_generators_finalized.connect(process_all)
