"""Where a share image's photo and title go, so that no one is cut out and the title covers no one.

Pure geometry, no drawing. The choices, best first:
1. cover: the photo fills the card, cropped around the people (or `Focus:`, or the photo's detail),
   with the title in a band at the bottom or the top where no person is;
2. panel: when the band would cover someone, the photo fills part of the card and the title sits on a
   panel of the brand colour below it (or beside it, on a landscape card): of the panels where
   everyone fits, the one that cuts the least of the photo;
3. fit: when no crop of the card's shape holds everyone (two people at the far sides of a wide photo
   in a 4:5 frame), the whole photo is shown, uncropped, with the title on the panel.
Card coordinates are pixels (left, top, right, bottom); photo boxes are fractions of the photo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .people import Box, Subjects

PANEL_BELOW = (0.3, 0.5)  # a panel under the photo takes this share of the card's height, at least and at most
PANEL_BESIDE = 0.5  # of the card's width, on a landscape card

DESCRIPTIONS = {
    "cover-bottom": "fotot fyller bilden, rubriken nederst",
    "cover-top": "fotot fyller bilden, rubriken överst, ovanför personerna",
    "panel-below": "rubriken i en panel under fotot, så att den inte täcker någon",
    "panel-beside": "rubriken i en panel bredvid fotot, så att den inte täcker någon",
    "fit-below": "hela fotot visas (alla personer får inte plats i en beskärning), rubriken i en panel under",
    "fit-beside": "hela fotot visas (alla personer får inte plats i en beskärning), rubriken i en panel bredvid",
    "no-photo": "utan foto: rubriken på organisationens färg",
}


@dataclass(frozen=True)
class Plan:
    layout: str  # a key of DESCRIPTIONS
    photo_area: tuple[int, int, int, int] | None  # where the photo goes on the card
    crop: tuple[float, float, float, float] | None  # the part of the photo shown there
    text_area: tuple[int, int, int, int]  # the band over the photo, or the panel
    band: bool  # True: the title is set on the photo itself (darkened); False: on a panel
    backdrop: tuple[int, int, int, int] | None = None  # fit: the area the photo sits in, on a blurred copy


# needed(arrangement, width, max_height) -> the height the text needs ("band" or "panel"), or None
# when the title fits there only below a comfortable size.
Needed = Callable[[str, int, int], int | None]


def keep_box(box: Box, roomy: bool = True) -> tuple[float, float, float, float]:
    """What must stay in frame. Roomy: a face with its hair, hat and chin, a person down to the waist;
    else (when nothing roomy fits) the face itself, a person's head and shoulders."""
    w, h = box.right - box.left, box.bottom - box.top
    if box.kind == "face":
        if not roomy:
            return (box.left, box.top, box.right, box.bottom)
        return (max(0.0, box.left - 0.25 * w), max(0.0, box.top - 0.45 * h),
                min(1.0, box.right + 0.25 * w), min(1.0, box.bottom + 0.25 * h))
    return (box.left, box.top, box.right, box.top + (0.55 if roomy else 0.3) * h)


def body_box(box: Box) -> tuple[float, float, float, float]:
    """What the title must not cover: a face's head, shoulders and everything below; a whole person."""
    w, h = box.right - box.left, box.bottom - box.top
    if box.kind == "face":
        return (max(0.0, box.left - 0.7 * w), max(0.0, box.top - 0.45 * h), min(1.0, box.right + 0.7 * w), 1.0)
    return (box.left, box.top, box.right, box.bottom)


def plan(card: tuple[int, int], photo: tuple[int, int], subjects: Subjects | None,
         focus: tuple[float, float] | None, needed: Needed) -> Plan:
    width, height = card
    boxes = subjects.boxes if subjects else ()
    bodies = [body_box(b) for b in boxes]
    keeps = [[(*focus, *focus)]] if focus else [[keep_box(b, roomy) for b in boxes] for roomy in (True, False)]
    for keep in keeps:
        crop = window(width / height, photo, keep, focus, subjects)
        chosen = _band(card, crop, bodies, needed) if crop is not None else None
        if chosen:
            return chosen
        fitting = {}  # layout -> (how much is cut, plan): the first of each layout where everyone fits
        for layout, area, text_area in _panels(card, needed):
            aspect = (area[2] - area[0]) / (area[3] - area[1])
            shown = window(aspect, photo, keep, focus, subjects)
            if shown is not None and layout not in fitting:
                fitting[layout] = (_cut(aspect, photo), Plan(layout, area, shown, text_area, False))
        if fitting:
            return min(fitting.values(), key=lambda f: f[0])[1]
    return _fit(card, photo, needed)


def window(aspect: float, photo: tuple[int, int], keep, focus, subjects: Subjects | None):
    """The largest crop of the given shape that holds every keep box, or None when none does."""
    pw, ph = photo
    if pw / ph > aspect:
        fw, fh = ph * aspect / pw, 1.0
    else:
        fw, fh = 1.0, pw / aspect / ph
    if keep:
        left, top = min(k[0] for k in keep), min(k[1] for k in keep)
        right, bottom = max(k[2] for k in keep), max(k[3] for k in keep)
        if right - left > fw + 1e-6 or bottom - top > fh + 1e-6:
            return None
        x = _place((left + right) / 2 - fw / 2, fw, left, right)
        y = _place((top + bottom) / 2 - fh / 2, fh, top, bottom)
    else:
        x = _richest(subjects.columns, fw) if subjects else (1 - fw) / 2
        y = _richest(subjects.rows, fh) if subjects else (1 - fh) / 2
    return (round(x, 4), round(y, 4), round(x + fw, 4), round(y + fh, 4))


def _place(start: float, size: float, low: float, high: float) -> float:
    """start kept within the photo and so that [low, high] stays inside [start, start + size]."""
    start = min(max(start, high - size), low)
    return min(max(start, 0.0), 1.0 - size)


def _richest(shares, size: float) -> float:
    """Where a window of `size` (a fraction) holds most of the photo's detail; the middle when equal."""
    if size >= 1:
        return 0.0
    bins = len(shares)
    span = max(1, round(size * bins))
    best, best_score = (1 - size) / 2, -1.0
    for start in range(0, bins - span + 1):
        # A little weight on the middle, so a photo without detail anywhere is cropped centrally.
        score = sum(shares[start:start + span]) - 0.02 * abs((start + span / 2) / bins - 0.5)
        if score > best_score + 1e-9:
            best, best_score = start / bins, score
    return min(max(best, 0.0), 1.0 - size)


def _band(card, crop, bodies, needed: Needed) -> Plan | None:
    """Cover the card with the crop and put the title where no one is: bottom first, then top."""
    width, height = card
    cx0, cy0, cx1, cy1 = crop
    seen = []
    for left, top, right, bottom in bodies:
        if right <= cx0 or left >= cx1 or bottom <= cy0 or top >= cy1:
            continue  # cropped away
        seen.append((max(0.0, (top - cy0) / (cy1 - cy0)) * height, min(1.0, (bottom - cy0) / (cy1 - cy0)) * height))
    area = (0, 0, width, height)
    if not seen:
        band = needed("band", width, round(height * 0.55)) or round(height * 0.55)
        return Plan("cover-bottom", area, crop, (0, height - band, width, height), True)
    free_below = height - max(b for _, b in seen)
    band = needed("band", width, round(free_below)) if free_below > 0 else None
    if band:
        return Plan("cover-bottom", area, crop, (0, height - band, width, height), True)
    free_above = min(t for t, _ in seen)
    band = needed("band", width, round(free_above)) if free_above > 0 else None
    if band:
        return Plan("cover-top", area, crop, (0, 0, width, band), True)
    return None


def _panels(card, needed: Needed):
    """(layout, photo area, panel): below at the height the title asks for, and at the least height
    (more room for the photo); beside on a landscape card."""
    width, height = card
    low, high = (round(height * share) for share in PANEL_BELOW)
    for below in sorted({min(max(needed("panel", width, high) or high, low), high), low}, reverse=True):
        yield "panel-below", (0, 0, width, height - below), (0, height - below, width, height)
    if width > height:
        beside = round(width * PANEL_BESIDE)
        yield "panel-beside", (beside, 0, width, height), (0, 0, beside, height)


def _cut(aspect: float, photo: tuple[int, int]) -> float:
    """How much of the photo a crop of this shape leaves out (0 = none)."""
    ratio = aspect / (photo[0] / photo[1])
    return 1 - min(ratio, 1 / ratio)


def _fit(card, photo, needed: Needed) -> Plan:
    """The whole photo, as large as a panel layout allows, on a blurred copy of itself."""
    pw, ph = photo
    best = None
    for layout, (left, top, right, bottom), text_area in _panels(card, needed):
        scale = min((right - left) / pw, (bottom - top) / ph)
        if best is None or scale > best[0]:
            best = (scale, layout.replace("panel", "fit"), (left, top, right, bottom), text_area)
    scale, layout, area, text_area = best
    w, h = round(pw * scale), round(ph * scale)
    x = area[0] + (area[2] - area[0] - w) // 2
    y = area[1] + (area[3] - area[1] - h) // 2
    return Plan(layout, (x, y, x + w, y + h), (0.0, 0.0, 1.0, 1.0), text_area, False, backdrop=area)
