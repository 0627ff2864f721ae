"""The title on a share image: what the font can draw, wrapped and sized to fit a given space.

A title is never cut off: it shrinks to fit, and only a title too long even at the smallest size
breaks its longest words and ends with an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

LINE = 1.2  # line height, times the font size


@dataclass(frozen=True)
class Title:
    size: int
    lines: tuple[str, ...]
    line_height: int

    @property
    def height(self) -> int:
        return len(self.lines) * self.line_height


@lru_cache(maxsize=4)
def _supported(font_path: Path) -> frozenset[int]:
    with TTFont(font_path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=64)
def font(font_path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path), size)


def drawable(title: str, font_path: Path) -> str:
    """The title without characters the font cannot draw (emoji, for example), tidied."""
    supported = _supported(font_path)
    kept = "".join(ch if ord(ch) in supported else " " for ch in title)
    return " ".join(kept.split())


def _wrap(words: list[str], face: ImageFont.FreeTypeFont, width: int) -> list[str] | None:
    """Greedy word wrap; None when a single word is wider than the line."""
    lines: list[str] = []
    for word in words:
        if face.getlength(word) > width:
            return None
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit(text: str, font_path: Path, width: int, max_height: int, largest: int, smallest: int,
        max_lines: int = 5) -> Title | None:
    """The largest size from `largest` down to `smallest` at which the whole title fits, or None."""
    words = text.split() or [""]
    for size in range(largest, smallest - 1, -2):
        lines = _wrap(words, font(font_path, size), width)
        line_height = round(size * LINE)
        if lines and len(lines) <= max_lines and len(lines) * line_height <= max_height:
            return Title(size, tuple(lines), line_height)
    return None


def squeeze(text: str, font_path: Path, width: int, max_height: int, size: int) -> Title:
    """At the smallest size: break over-long words, fill the height, and end with an ellipsis
    if the title still does not fit (never letting letters run off the card)."""
    face = font(font_path, size)
    words = text.split() or [""]
    lines = _wrap([piece for word in words for piece in _split_long(word, face, width)], face, width)
    line_height = round(size * LINE)
    room = max(1, max_height // line_height)
    if len(lines) > room:
        lines = lines[:room]
        while lines[-1] and face.getlength(lines[-1] + " …") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return Title(size, tuple(lines), line_height)


def _split_long(word: str, face, width: int) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and face.getlength(current + ch + "-") > width:
            pieces.append(current + "-")
            current = ""
        current += ch
    return pieces + [current]


def shrink_to(text: str, font_path: Path, size: int, width: int, smallest: int = 14) -> int:
    """The size, at most `size`, at which one line of text fits the width."""
    while size > smallest and font(font_path, size).getlength(text) > width:
        size -= 1
    return size
