"""The organisation's look on the share images: colour, accent, logo and font (SHARE_KIT card_*).

Any brand colour is made readable: the title is white or near-black, whichever contrasts more with
the colour, and when even that stays under 4.5:1 (WCAG AA) the colour itself is darkened or lightened
step by step until it holds. A setting that cannot be used gives a Swedish warning naming the setting
and the file, and the card falls back to the bundled font, no logo, or the site's blue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageFont

from colours import INK, MIN_CONTRAST, WHITE, contrast, luminance, mix, rgb  # noqa: F401 (cards.py imports them here)
from photo_files import UNREADABLE
from user_paths import project_folder, project_path

FONT = Path(__file__).with_name("fonts") / "DejaVuSans-Bold-subset.ttf"
DEFAULT_COLOUR = "#0b5c8a"  # the site's accent (theme/static/css/site.css), when BRAND_COLOUR is ""
SWEDISH = "åäöÅÄÖ"


@dataclass(frozen=True)
class Brand:
    colour: tuple[int, int, int]  # panels and cards without a photo; already readable under `text`
    text: tuple[int, int, int]  # the title's colour on `colour`
    accent: tuple[int, int, int]  # the rule above the title and the shapes: decoration only
    font: Path = FONT
    logo: Path | None = None


def readable(colour) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(background, text) for a brand colour: the text colour that contrasts more, and the
    background moved away from it until the pair reaches 4.5:1."""
    text = max((WHITE, INK), key=lambda t: contrast(colour, t))
    away = INK if text == WHITE else WHITE
    background = tuple(colour[:3])
    while contrast(background, text) < MIN_CONTRAST:
        background = mix(background, away, 0.05)
    return background, text


def make_brand(colour=DEFAULT_COLOUR, accent=None, logo: Path | None = None, font: Path = FONT) -> Brand:
    """A Brand from settings already checked (see read_brand); colours as CSS colour strings or RGB."""
    background, text = readable(rgb(colour))
    # The default accent is a tint of the colour towards the text colour: visible, never the text's.
    shade = rgb(accent) if accent else mix(background, text, 0.55)
    return Brand(background, text, shade, font, logo)


DEFAULT_BRAND = make_brand()


def read_brand(options, settings, warn) -> Brand:
    """The Brand from SHARE_KIT's card_colour, card_accent, card_logo and card_font; warn(message)
    for each that cannot be used (the card then does without it)."""
    colours = {}
    for key in ("card_colour", "card_accent"):
        value = getattr(options, key)
        if value is None:
            continue
        try:
            colours[key] = rgb(value)
        except (ValueError, TypeError):
            warn(f"Inställningar: SHARE_KIT i pelicanconf.py: {key} ”{value}” är ingen färg; skriv till exempel "
                 f"”#0b5c8a”. Delningsbilderna använder {'webbplatsens blå' if key == 'card_colour' else 'en ton av färgen'}.")
    logo = _file(options.card_logo, "card_logo", settings, warn, _logo_problem)
    font = _file(options.card_font, "card_font", settings, warn, _font_problem) or FONT
    return make_brand(colours.get("card_colour", site_colour(settings)), colours.get("card_accent"), logo, font)


def site_colour(settings) -> str:
    """BRAND_COLOUR when it is a colour (the blog plugin warns when it is not), else the site's blue."""
    colour = settings.get("BRAND_COLOUR") or DEFAULT_COLOUR
    try:
        rgb(colour)
    except (ValueError, TypeError):
        return DEFAULT_COLOUR
    return colour


def _file(value, key: str, settings, warn, problem) -> Path | None:
    if not value:
        return None
    path = Path(value)
    path = path if path.is_absolute() else project_folder(settings) / path
    shown = project_path(path, settings)
    fallback = "utan logotyp" if key == "card_logo" else "med det inbyggda typsnittet (DejaVu Sans)"
    if not path.is_file():
        warn(f"Inställningar: SHARE_KIT i pelicanconf.py: {key}: filen {shown} finns inte; rätta sökvägen "
             f"(räknas från projektmappen, till exempel content/images/logo.png). Delningsbilderna görs {fallback}.")
        return None
    why = problem(path)
    if why:
        warn(f"Inställningar: SHARE_KIT i pelicanconf.py: {key}: filen {shown} {why}. Delningsbilderna görs {fallback}.")
        return None
    return path


def _logo_problem(path: Path) -> str | None:
    try:
        with Image.open(path) as image:
            image.load()
    except UNREADABLE:
        return "går inte att läsa som bild; spara logotypen som PNG (gärna med genomskinlig bakgrund)"
    return None


def _font_problem(path: Path) -> str | None:
    try:
        ImageFont.truetype(str(path), 20)
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, ValueError, KeyError, AssertionError, *UNREADABLE):
        return "går inte att läsa som typsnitt; ange en .ttf- eller .otf-fil"
    missing = [ch for ch in SWEDISH if ord(ch) not in cmap]
    if missing:
        return f"saknar bokstäverna {' '.join(missing)}; välj ett typsnitt som har å, ä och ö"
    return None
