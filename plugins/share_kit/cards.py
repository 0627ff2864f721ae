"""Share images: the post's photo with its title, or a designed card in the organisation's colours,
drawn with Pillow.

Pure core: no Pelican. card_layout decides where the photo and the title go (no one cut out, no one
covered), people.py finds the people, brand.py holds the organisation's colour, logo and font. A
card is cached by everything that shapes it, so an unchanged post is never drawn twice. The title
has at least 4.5:1 contrast (WCAG AA) everywhere: on a photo, the band behind it is tinted towards
the brand colour until it does (measured against the band's worst-case pixel); on a panel, brand.py
has already made the colour readable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from file_digest import content_key
from output_files import replacing, write_whole
from PIL import Image, ImageDraw, ImageFilter, ImageOps, ImageStat

from . import card_layout, card_text, people
from .brand import DEFAULT_BRAND, FONT, INK, MIN_CONTRAST, WHITE, Brand, contrast, luminance, mix

# Bump when the drawing changes, so cached cards are redrawn (2: no longer carries the photo's JPEG
# comment; 3: people kept in frame, the title beside them, panels, the designed card, brand settings).
VERSION = "3"
LOGO_CONTRAST = 3.0  # WCAG's minimum for graphics; a logo below it gets a plate of its own
RULE = (96, 8)  # the accent rule above a panel's title


@dataclass(frozen=True)
class Spec:
    name: str
    width: int
    height: int
    max_size: int  # title font size to start from
    min_size: int
    margin: int
    small: int  # the site line's font size


LINK_CARD = Spec("link", 1200, 630, 68, 30, 60, 26)  # og:image, and the link card networks draw from it
PICTURE = Spec("picture", 1080, 1350, 84, 36, 72, 32)  # 4:5, for a network whose post is a picture
CARDS = {spec.name: spec for spec in (LINK_CARD, PICTURE)}  # what a network's record names as its card


@dataclass(frozen=True)
class Card:
    file: str  # name inside the cache folder
    width: int
    height: int
    title_box: tuple[int, int, int, int]  # where the title was drawn: left, top, right, bottom
    title_drawn: str  # the title as drawn (characters the font lacks are left out)
    font_size: int
    contrast: float  # the title's, at its worst pixel
    layout: str = "no-photo"  # a key of card_layout.DESCRIPTIONS
    crop: tuple[float, float, float, float] | None = None  # the part of the photo shown, in fractions
    photo_box: tuple[int, int, int, int] | None = None  # where on the card it is shown
    logo_box: tuple[int, int, int, int] | None = None
    people: int = 0  # faces and people found in the photo


def drawable(title: str, font_path: Path = FONT) -> str:
    return card_text.drawable(title, font_path)


@dataclass(frozen=True)
class _Row:
    height: int
    logo: Image.Image | None  # already scaled
    site_size: int
    stacked: bool  # the logo above the site line


class _Text:
    """The words on a card: the title, and a row with the site line and the logo.

    Two arrangements: "band" (over the photo: the row, then the title) and "panel" (on the brand
    colour: an accent rule and the title, the row at the bottom)."""

    def __init__(self, spec: Spec, brand: Brand, title: str, site_line: str, large: bool = False):
        self.spec, self.brand = spec, brand
        self.title = drawable(title, brand.font)
        self.site = drawable(site_line, brand.font)
        self.largest = round(spec.max_size * 1.15) if large else spec.max_size
        self.logo = _logo(brand.logo)
        m = spec.margin
        self.pad = {"band": round(m * 0.6), "panel": m}
        self.logo_height = {"band": round(spec.small * 1.5), "panel": round(m * (1.2 if large else 0.9))}
        self.gap = round(m * 0.4)
        self._rows: dict[tuple[str, int], _Row] = {}  # the layout asks often; a large logo scales slowly

    def row(self, arrangement: str, width: int) -> _Row:
        if (arrangement, width) not in self._rows:
            self._rows[arrangement, width] = self._row(arrangement, width)
        return self._rows[arrangement, width]

    def _row(self, arrangement: str, width: int) -> _Row:
        """The site line and the logo side by side, or the logo above the line when the two do not
        fit one row without shrinking the line too far (a narrow panel, a long name)."""
        inner = width - 2 * self.spec.margin
        line = round(self.spec.small * 1.3)
        if self.logo is None:
            return _Row(line, None, card_text.shrink_to(self.site, self.brand.font, self.spec.small, inner), False)
        logo = _scaled(self.logo, self.logo_height[arrangement], round(self.spec.width * 0.3))
        room = inner - logo.width - self.gap
        beside = card_text.shrink_to(self.site, self.brand.font, self.spec.small, room, round(self.spec.small * 0.8))
        if card_text.font(self.brand.font, beside).getlength(self.site) <= room:
            return _Row(max(line, logo.height), logo, beside, False)
        size = card_text.shrink_to(self.site, self.brand.font, self.spec.small, inner)
        return _Row(logo.height + self.gap // 2 + line, logo, size, True)

    def fixed(self, arrangement: str, width: int) -> int:
        """Everything but the title's lines."""
        row = self.row(arrangement, width).height
        if arrangement == "band":
            return 2 * self.pad["band"] + row + self.gap
        return 2 * self.pad["panel"] + RULE[1] + self.gap + self.gap + row

    def needed(self, arrangement: str, width: int, max_height: int) -> int | None:
        """card_layout.Needed: a band's title must stay large; a panel's may shrink to the smallest size."""
        smallest = max(self.spec.min_size, round(self.spec.max_size * 0.6)) if arrangement == "band" else self.spec.min_size
        fixed = self.fixed(arrangement, width)
        title = card_text.fit(self.title, self.brand.font, width - 2 * self.spec.margin,
                              max_height - fixed, self.largest, smallest)
        return fixed + title.height if title else None

    def fitted(self, arrangement: str, width: int, height: int) -> card_text.Title:
        room = max(self.spec.min_size, height - self.fixed(arrangement, width))
        width = width - 2 * self.spec.margin
        return (card_text.fit(self.title, self.brand.font, width, room, self.largest, self.spec.min_size)
                or card_text.squeeze(self.title, self.brand.font, width, room, self.spec.min_size))


def render(spec: Spec, title: str, site_line: str, photo: Path | None, focus=None, brand: Brand = DEFAULT_BRAND,
           subjects: people.Subjects | None = None) -> tuple[Image.Image, Card]:
    """The card as an image. focus: (x, y) fractions from `Focus:`, or None to find the people;
    subjects: what people.find said of the photo (looked for here when not given)."""
    text = _Text(spec, brand, title, site_line, large=photo is None)
    size = (spec.width, spec.height)
    canvas = Image.new("RGB", size, brand.colour)
    if photo is None:
        plan = card_layout.Plan("no-photo", None, None, (0, 0, *size), False)
        _decorate(canvas, brand)
    else:
        image = _open(photo, size)
        if subjects is None:
            subjects = people.detect(photo)
        plan = card_layout.plan(size, image.size, subjects, focus, text.needed)
        _paste(canvas, image, plan)
    if plan.band:
        worst = _tint_band(canvas, plan.text_area, brand)
        drawn = _draw_band(canvas, plan.text_area, text)
    else:
        worst = contrast(brand.colour, brand.text)
        drawn = _draw_panel(canvas, plan.text_area, text)
    title_box, title_drawn, font_size, logo_box = drawn
    card = Card("", spec.width, spec.height, title_box, title_drawn, font_size, round(worst, 2), plan.layout,
                plan.crop, plan.photo_area, logo_box, len(subjects.boxes) if photo is not None else 0)
    return canvas, card


def _open(photo: Path, size) -> Image.Image:
    with Image.open(photo) as image:
        image.draft("RGB", size)  # reduced-size JPEG decoding, never smaller than the card
        return ImageOps.exif_transpose(image).convert("RGB")


def _paste(canvas: Image.Image, image: Image.Image, plan: card_layout.Plan) -> None:
    x0, y0, x1, y1 = plan.crop
    box = (x0 * image.width, y0 * image.height, x1 * image.width, y1 * image.height)
    if plan.backdrop:
        _paste_backdrop(canvas, image, plan.backdrop)
    left, top, right, bottom = plan.photo_area
    canvas.paste(image.resize((right - left, bottom - top), Image.Resampling.LANCZOS, box=box), (left, top))


def _paste_backdrop(canvas: Image.Image, image: Image.Image, area) -> None:
    """The photo enlarged to cover the area, blurred and dimmed: the frame of a photo shown whole."""
    left, top, right, bottom = area
    w, h = right - left, bottom - top
    scale = max(w / image.width, h / image.height) / 8  # blurred at an eighth of the size: cheap
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    x, y = (small.width - w / 8) / 2, (small.height - h / 8) / 2
    blurred = small.crop((round(x), round(y), round(x + w / 8), round(y + h / 8))).filter(ImageFilter.GaussianBlur(4))
    blurred = Image.blend(blurred, Image.new("RGB", blurred.size, (0, 0, 0)), 0.35)
    canvas.paste(blurred.resize((w, h), Image.Resampling.BILINEAR), (left, top))


def _worst_contrast(region: Image.Image, text) -> float:
    """Contrast of the text against the region's worst colour, bounded per channel (no pixel can be
    lighter, for light text, or darker, for dark text, than that bound), so the figure is a worst case."""
    extrema = region.getextrema()
    bound = tuple(high if luminance(text) > 0.5 else low for low, high in extrema)
    return contrast(bound, text)


def _tint_band(canvas: Image.Image, area, brand: Brand) -> float:
    region = canvas.crop(area)
    solid = Image.new("RGB", region.size, brand.colour)
    for alpha in (0.55, 0.65, 0.75, 0.85, 0.95, 1.0):  # at 1.0 the band is the brand colour itself
        tinted = Image.blend(region, solid, alpha)
        worst = _worst_contrast(tinted, brand.text)
        if worst >= MIN_CONTRAST:
            break
    canvas.paste(tinted, area[:2])
    return worst


def _decorate(canvas: Image.Image, brand: Brand) -> None:
    """A card without a photo: a large circle in a deeper shade of the colour, and a strip of the
    accent along the bottom. Deeper means further from the text colour, so contrast only grows."""
    width, height = canvas.size
    away = INK if luminance(brand.text) > luminance(brand.colour) else WHITE
    draw = ImageDraw.Draw(canvas)
    side = min(width, height)
    radius = round(side * 0.62)
    cx, cy = width - round(side * 0.18), round(side * 0.12)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=mix(brand.colour, away, 0.18))
    draw.rectangle((0, height - round(height * 0.018), width, height), fill=brand.accent)


def _draw_band(canvas, area, text: _Text):
    left, top, right, bottom = area
    m = text.spec.margin
    y = top + text.pad["band"]
    row = text.row("band", right - left)
    logo_box = _draw_row(canvas, (left + m, y, right - m, y + row.height), text, row)
    y += row.height + text.gap
    title = text.fitted("band", right - left, bottom - top)
    return (*_draw_title(canvas, left + m, y, title, text), logo_box)


def _draw_panel(canvas, area, text: _Text):
    left, top, right, bottom = area
    m = text.spec.margin
    row = text.row("panel", right - left)
    row_top = bottom - m - row.height
    title = text.fitted("panel", right - left, bottom - top)
    # The rule and the title, centred in the space above the row.
    block = RULE[1] + text.gap + title.height
    space_top, space_bottom = top + m, row_top - text.gap
    y = space_top + max(0, (space_bottom - space_top - block) // 2)
    ImageDraw.Draw(canvas).rectangle((left + m, y, left + m + RULE[0], y + RULE[1]), fill=text.brand.accent)
    drawn = _draw_title(canvas, left + m, y + RULE[1] + text.gap, title, text)
    logo_box = _draw_row(canvas, (left + m, row_top, right - m, row_top + row.height), text, row)
    return (*drawn, logo_box)


def _draw_title(canvas, x: int, y: int, title: card_text.Title, text: _Text):
    draw = ImageDraw.Draw(canvas)
    face = card_text.font(text.brand.font, title.size)
    top, right = y, x
    for line in title.lines:
        draw.text((x, y), line, font=face, fill=text.brand.text)
        right = max(right, x + round(face.getlength(line)))
        y += title.line_height
    return (x, top, right, y), " ".join(title.lines), title.size


def _draw_row(canvas, box, text: _Text, row: _Row):
    """The site line at the left and the logo at the right, or the logo above the line;
    returns where the logo went."""
    left, top, right, bottom = box
    logo_box = None
    face = card_text.font(text.brand.font, row.site_size)
    ascent, descent = face.getmetrics()
    line_top = top + (bottom - top - ascent - descent) // 2
    if row.logo is not None and row.stacked:
        logo_box = _place_logo(canvas, row.logo, (left, top))
        line_top = bottom - round(text.spec.small * 1.3) + (round(text.spec.small * 1.3) - ascent - descent) // 2
    elif row.logo is not None:
        logo_box = _place_logo(canvas, row.logo, (right - row.logo.width, top + (bottom - top - row.logo.height) // 2))
    ImageDraw.Draw(canvas).text((left, line_top), text.site, font=face, fill=text.brand.text)
    return logo_box


def _logo(path: Path | None) -> Image.Image | None:
    if path is None:
        return None
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image).convert("RGBA")
    box = image.getbbox()  # trim transparent edges, so the logo's size is the mark's own
    return image.crop(box) if box else image


def _scaled(logo: Image.Image, height: int, max_width: int) -> Image.Image:
    scale = min(height / logo.height, max_width / logo.width)
    return logo.resize((max(1, round(logo.width * scale)), max(1, round(logo.height * scale))),
                       Image.Resampling.LANCZOS)


def _place_logo(canvas: Image.Image, logo: Image.Image, at) -> tuple[int, int, int, int]:
    """Paste the logo; on a plate of white or ink, in the same box, when it would not stand out
    from what is behind it (a dark logo on a dark brand colour, for example)."""
    x, y = at
    box = (x, y, x + logo.width, y + logo.height)
    mark = _mean_colour(logo)
    if contrast(mark, _mean_colour(canvas.crop(box))) < LOGO_CONTRAST:
        plate = max((WHITE, INK), key=lambda c: contrast(mark, c))
        pad = max(4, round(logo.height * 0.15))
        ImageDraw.Draw(canvas).rounded_rectangle(box, radius=pad, fill=plate)
        logo = _scaled(logo, logo.height - 2 * pad, logo.width - 2 * pad)
        x, y = x + (box[2] - box[0] - logo.width) // 2, y + (box[3] - box[1] - logo.height) // 2
    canvas.paste(logo, (x, y), logo)
    return box


def _mean_colour(image: Image.Image):
    """The mean colour of the image's visible pixels."""
    rgba = image.convert("RGBA")
    visible = rgba.getchannel("A").point(lambda a: 255 if a > 128 else 0)
    if not visible.getbbox():
        return (128, 128, 128)
    return tuple(round(v) for v in ImageStat.Stat(rgba.convert("RGB"), visible).mean)


@lru_cache(maxsize=16)
def _fields(spec: Spec) -> dict:
    return asdict(spec)


def cache_key(spec: Spec, title: str, site_line: str, photo: Path | None, focus, brand: Brand = DEFAULT_BRAND) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([VERSION, _fields(spec), title, site_line, list(focus) if focus else None,
                         brand.colour, brand.text, brand.accent]).encode())
    h.update(content_key(brand.font).encode())
    if brand.logo is not None:
        h.update(content_key(brand.logo).encode())
    if photo is not None:  # where the people are is part of the card: a new detector redraws photo cards only
        h.update(people.VERSION.encode())
        h.update(content_key(photo).encode())
    return h.hexdigest()[:20]


_manifests: dict[str, Card] = {}  # key -> card, for cards already found in the cache
_TUPLES = ("title_box", "crop", "photo_box", "logo_box")


def _card(data: dict) -> Card:
    return Card(**{k: tuple(v) if k in _TUPLES and v is not None else v for k, v in data.items()})


def cached_card(cache_dir: Path, key: str) -> Card | None:
    if not (cache_dir / f"{key}.jpg").is_file():
        return None
    if key not in _manifests:
        manifest = cache_dir / f"{key}.json"
        if not manifest.is_file():
            return None
        _manifests[key] = _card(json.loads(manifest.read_text(encoding="utf-8")))
    return _manifests[key]


def make_card(cache_dir: Path, key: str, spec: Spec, title: str, site_line: str, photo: Path | None,
              focus=None, brand: Brand = DEFAULT_BRAND) -> Card:
    # The people in a photo are looked for once per photo, whatever its title or cards.
    subjects = people.find(photo, cache_dir / "people") if photo is not None else None
    canvas, card = render(spec, title, site_line, photo, focus, brand, subjects)
    # Pillow carries the photo's info (EXIF, XMP, comment) through every step, and its JPEG
    # encoder writes the comment: a card is published, so it starts with none of it.
    canvas.info = {}
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A flat card compresses well as it is; the extra passes only pay off on photos.
    extra = {"optimize": True, "progressive": True} if photo is not None else {}
    with replacing(cache_dir / f"{key}.jpg") as draft:  # whole: two processes may draw the same card
        canvas.save(draft, "JPEG", quality=85, **extra)
    card = _card({**asdict(card), "file": f"{key}.jpg"})
    write_whole(cache_dir / f"{key}.json", json.dumps(asdict(card)))
    return card
