"""Colour arithmetic for WCAG contrast, shared by the theme's accent and the share images.

The organisation's colour (BRAND_COLOUR) is rarely readable as it is on both a light and a dark
page, so it is moved towards black or white in small steps until text in it reaches 4.5:1.
"""

from __future__ import annotations

from PIL import ImageColor

WHITE = (255, 255, 255)
INK = (20, 20, 20)
MIN_CONTRAST = 4.5
# The page backgrounds of theme/static/css/site.css (--bg), light and dark.
LIGHT_PAGE = (0xFD, 0xFC, 0xF9)
DARK_PAGE = (0x15, 0x15, 0x15)


def luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a, b, share: float) -> tuple[int, int, int]:
    """a moved `share` of the way towards b."""
    return tuple(round(x + (y - x) * share) for x, y in zip(a[:3], b[:3], strict=True))


def rgb(colour) -> tuple[int, int, int]:
    """A CSS colour string ("#0b5c8a", "rgb(…)", "navy") or an RGB triple; ValueError if neither."""
    if isinstance(colour, str):
        return ImageColor.getrgb(colour)[:3]
    return tuple(int(c) for c in colour)[:3]


def hex_of(colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def readable_on(colour, page, tint_share: float) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(text colour, tint) for links and badges in `colour` on `page`: the colour moved away from
    the page until it reaches 4.5:1 against both the page and its own tint (the badges' ground)."""
    away = INK if luminance(page) > 0.5 else WHITE
    text = tuple(colour[:3])
    for _ in range(40):
        tint = mix(colour, page, tint_share)
        if contrast(text, page) >= MIN_CONTRAST and contrast(text, tint) >= MIN_CONTRAST:
            break
        text = mix(text, away, 0.05)
    return text, mix(colour, page, tint_share)


def site_accents(colour) -> dict[str, str]:
    """The theme's --accent and --accent-bg for light and dark pages, from one brand colour."""
    light, light_tint = readable_on(rgb(colour), LIGHT_PAGE, 0.88)
    dark, dark_tint = readable_on(rgb(colour), DARK_PAGE, 0.82)
    return {"light": hex_of(light), "light_bg": hex_of(light_tint), "dark": hex_of(dark), "dark_bg": hex_of(dark_tint)}
