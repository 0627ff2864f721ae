"""Share images: the post's photo (or the site's colours) with its title set on it, made with Pillow.

Pure core: no Pelican. A card is cached by everything that shapes it, so an unchanged post is
never drawn twice. The title is wrapped and shrunk until it fits; it is never cut off, and the
band behind it is darkened until white text has at least 4.5:1 contrast (WCAG AA) everywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from file_digest import file_sha256
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont, ImageOps

FONT = Path(__file__).with_name("fonts") / "DejaVuSans-Bold-subset.ttf"
# Bump when the drawing changes, so cached cards are redrawn (2: no longer carries the photo's JPEG comment).
VERSION = "2"
WHITE = (255, 255, 255)
MIN_CONTRAST = 4.5
BACKGROUND = (11, 92, 138)  # the site's accent colour, for posts without a photo


@dataclass(frozen=True)
class Spec:
    name: str
    width: int
    height: int
    max_size: int  # title font size to start from
    min_size: int
    margin: int


LINK_CARD = Spec("link", 1200, 630, 68, 30, 60)
INSTAGRAM = Spec("instagram", 1080, 1350, 84, 36, 72)


@dataclass(frozen=True)
class Card:
    file: str  # name inside the cache folder
    width: int
    height: int
    title_box: tuple[int, int, int, int]  # where the title was drawn: left, top, right, bottom
    title_drawn: str  # the title as drawn (characters the font lacks are left out)
    font_size: int
    contrast: float


@lru_cache(maxsize=4)
def _supported(font_path: Path) -> frozenset[int]:
    with TTFont(font_path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def drawable(title: str, font_path: Path = FONT) -> str:
    """The title without characters the font cannot draw (emoji, for example), tidied."""
    supported = _supported(font_path)
    kept = "".join(ch if ord(ch) in supported else " " for ch in title)
    return " ".join(kept.split())


def _wrap(words: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str] | None:
    """Greedy word wrap; None when a single word is wider than the line."""
    lines: list[str] = []
    for word in words:
        if font.getlength(word) > width:
            return None
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def layout(title: str, spec: Spec, font_path: Path = FONT, max_lines: int = 5):
    """The largest font size at which the whole title fits; returns (size, lines, line height)."""
    width = spec.width - 2 * spec.margin
    max_height = spec.height * 0.55
    words = title.split() or [""]
    for size in range(spec.max_size, spec.min_size - 1, -2):
        font = ImageFont.truetype(str(font_path), size)
        lines = _wrap(words, font, width)
        line_height = round(size * 1.2)
        if lines and len(lines) <= max_lines and len(lines) * line_height <= max_height:
            return size, lines, line_height
    # Even the smallest size is too big: break over-long words, use the whole height, and end
    # with an ellipsis if the title still does not fit (never letting letters run off the card).
    font = ImageFont.truetype(str(font_path), spec.min_size)
    lines = _wrap([piece for word in words for piece in _split_long(word, font, width)], font, width)
    line_height = round(spec.min_size * 1.2)
    room = int((spec.height - 3 * spec.margin - spec.min_size) // line_height)
    if len(lines) > room:
        lines = lines[:room]
        while lines[-1] and font.getlength(lines[-1] + " …") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return spec.min_size, lines, line_height


def _split_long(word: str, font, width: int) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and font.getlength(current + ch + "-") > width:
            pieces.append(current + "-")
            current = ""
        current += ch
    return pieces + [current]


def _cover(photo: Path, spec: Spec, focus: tuple[float, float]) -> Image.Image:
    """Crop the photo to the card's shape around the focus point (fractions of width and height)."""
    with Image.open(photo) as image:
        image.draft("RGB", (spec.width, spec.height))  # reduced-size JPEG decoding
        image = ImageOps.exif_transpose(image).convert("RGB")
    scale = max(spec.width / image.width, spec.height / image.height)
    resized = image.resize((max(spec.width, round(image.width * scale)), max(spec.height, round(image.height * scale))),
                           Image.Resampling.LANCZOS)
    fx, fy = focus
    left = min(max(round(fx * resized.width - spec.width / 2), 0), resized.width - spec.width)
    top = min(max(round(fy * resized.height - spec.height / 2), 0), resized.height - spec.height)
    return resized.crop((left, top, left + spec.width, top + spec.height))


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast_with_white(region: Image.Image) -> float:
    """Contrast of white against the region's brightest colour, bounded from above per channel
    (no pixel can be lighter than that bound), so the figure is a worst case."""
    brightest = tuple(high for _, high in region.getextrema())
    return 1.05 / (_luminance(brightest) + 0.05)


def render(spec: Spec, title: str, site_line: str, photo: Path | None, focus=(0.5, 0.5),
           background=BACKGROUND, font_path: Path = FONT) -> tuple[Image.Image, Card]:
    text = drawable(title, font_path)
    size, lines, line_height = layout(text, spec, font_path)
    site_text = drawable(site_line, font_path)
    small = max(20, round(size * 0.45))
    while small > 14 and ImageFont.truetype(str(font_path), small).getlength(site_text) > spec.width - 2 * spec.margin:
        small -= 1
    text_height = len(lines) * line_height
    band_top = spec.height - spec.margin - text_height - round(small * 1.6) - spec.margin // 2
    if photo is not None:
        canvas = _cover(photo, spec, focus)
        band = canvas.crop((0, band_top, spec.width, spec.height))
        for alpha in (0.55, 0.65, 0.75, 0.85, 0.95):
            darkened = Image.blend(band, Image.new("RGB", band.size, (0, 0, 0)), alpha)
            contrast = _contrast_with_white(darkened)
            if contrast >= MIN_CONTRAST:
                break
        canvas.paste(darkened, (0, band_top))
    else:
        canvas = Image.new("RGB", (spec.width, spec.height), background)
        contrast = 1.05 / (_luminance(background) + 0.05)  # one flat colour: no need to scan pixels
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(str(font_path), size)
    site_font = ImageFont.truetype(str(font_path), small)
    y = band_top + spec.margin // 2
    draw.text((spec.margin, y), site_text, font=site_font, fill=WHITE)
    y += round(small * 1.6)
    top = y
    right = spec.margin
    for line in lines:
        draw.text((spec.margin, y), line, font=font, fill=WHITE)
        right = max(right, spec.margin + round(font.getlength(line)))
        y += line_height
    box = (spec.margin, top, right, y)
    card = Card("", spec.width, spec.height, box, " ".join(lines), size, round(contrast, 2))
    return canvas, card


def cache_key(spec: Spec, title: str, site_line: str, photo: Path | None, focus, background) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([VERSION, asdict(spec), title, site_line, list(focus), list(background)]).encode())
    h.update(file_sha256(FONT).digest())
    if photo is not None:
        h.update(file_sha256(photo).digest())
    return h.hexdigest()[:20]


_manifests: dict[str, Card] = {}  # key -> card, for cards already found in the cache


def cached_card(cache_dir: Path, key: str) -> Card | None:
    if not (cache_dir / f"{key}.jpg").is_file():
        return None
    if key not in _manifests:
        manifest = cache_dir / f"{key}.json"
        if not manifest.is_file():
            return None
        data = json.loads(manifest.read_text(encoding="utf-8"))
        _manifests[key] = Card(**{**data, "title_box": tuple(data["title_box"])})
    return _manifests[key]


def make_card(cache_dir: Path, key: str, spec: Spec, title: str, site_line: str, photo: Path | None,
              focus=(0.5, 0.5), background=BACKGROUND) -> Card:
    canvas, card = render(spec, title, site_line, photo, focus, background)
    # Pillow carries the photo's info (EXIF, XMP, comment) through every step, and its JPEG
    # encoder writes the comment: a card is published, so it starts with none of it.
    canvas.info = {}
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / f".{key}.{os.getpid()}.tmp"  # two processes may draw the same card
    # A flat card compresses well as it is; the extra passes only pay off on photos.
    extra = {"optimize": True, "progressive": True} if photo is not None else {}
    canvas.save(tmp, "JPEG", quality=85, **extra)
    os.replace(tmp, cache_dir / f"{key}.jpg")
    card = Card(**{**asdict(card), "file": f"{key}.jpg", "title_box": card.title_box})
    (cache_dir / f"{key}.json").write_text(json.dumps(asdict(card)), encoding="utf-8")
    return card
