"""The archive's statistics: posts per month per platform, and their bar chart as server-side SVG.

The chart has no viewBox, so its user units are CSS pixels and its text keeps the size the
stylesheet gives it (in rem) at any width, 320 px included. Heights are pixels; horizontal
positions are percentages of the plot, which the SVG's own left padding (CSS) keeps clear for
the y-axis labels drawn at negative x. Months are named by Babel, never by the machine's locale.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from .platforms import platform as record
from .presentation import label

LOCALE = "sv_SE"

PLOT_TOP = 14  # px above the highest gridline, for its label
PLOT_HEIGHT = 200  # px from the highest gridline to the baseline
AXIS_HEIGHT = 44  # px below the baseline: two lines of month labels
MAX_X_LABELS = 6  # what fits under a 320 px wide chart
MAX_STEPS = 5  # gridlines above the baseline
MONTH_STRIDES = (1, 2, 3, 6, 12, 24, 60, 120)


@dataclass(frozen=True)
class MonthCount:
    month: str  # 2025-03
    counts: dict[str, int]  # platform -> posts

    @property
    def day(self) -> date:
        year, month = map(int, self.month.split("-"))
        return date(year, month, 1)

    @property
    def name(self) -> str:
        """'mars 2025', for the table and the bars' tooltips."""
        return month_name(self.day)


def month_name(day: date, with_year: bool = True) -> str:
    """'mars 2025', or 'mars'."""
    return format_date(day, "LLLL yyyy" if with_year else "LLLL", locale=LOCALE)


def colour(platform: str) -> str:
    return record(platform).colour


def per_month(entries: list[tuple[datetime, str]], platforms: list[str]) -> list[MonthCount]:
    """Posts per month per platform, every month from the first to the last (gaps shown as 0)."""
    if not entries:
        return []
    counted = Counter((f"{when:%Y-%m}", platform) for when, platform in entries)
    first, last = min(w for w, _ in entries), max(w for w, _ in entries)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        months.append(MonthCount(key, {p: counted[(key, p)] for p in platforms}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def scale(largest: int) -> list[int]:
    """The gridlines' values: 0 and round steps (1, 2 or 5 times a power of ten) up to the first
    step at or above the largest bar, at most MAX_STEPS of them."""
    step = 1
    while -(-max(largest, 1) // step) > MAX_STEPS:
        step = next(s * 10 ** k for k in range(12) for s in (1, 2, 5) if s * 10 ** k > step)
    steps = -(-max(largest, 1) // step)
    return [i * step for i in range(steps + 1)]


def labelled(months: list[MonthCount]) -> tuple[list[int], bool]:
    """Which months get a label, and whether the labels are years: calendar-aligned (every
    quarter, half year, January...), few enough to fit at 320 px."""
    stride = next((s for s in MONTH_STRIDES if -(-len(months) // s) <= MAX_X_LABELS), MONTH_STRIDES[-1])
    if stride < 12:
        return [i for i, m in enumerate(months) if (m.day.month - 1) % stride == 0], False
    januaries = [i for i, m in enumerate(months) if m.day.month == 1 and m.day.year % (stride // 12) == 0]
    # The first year is named too when its label has half a year of room before the next one.
    first = [0] if 1 < months[0].day.month <= 7 and stride == 12 else []
    return first + januaries, True


def _x_label(month: MonthCount, first: bool, years_only: bool) -> str:
    if years_only:
        return str(month.day.year)
    name = format_date(month.day, "LLL", locale=LOCALE)
    if first or month.day.month == 1:
        return f'{escape(name)}<tspan x="{{x}}" dy="1.25em">{month.day.year}</tspan>'
    return escape(name)


def bar_chart_svg(months: list[MonthCount], platforms: list[str], title_id: str, desc_id: str) -> Markup:
    """Stacked bars per month with a y scale, gridlines and month names; the same figures are in
    the table beside it."""
    values = scale(max((sum(m.counts.values()) for m in months), default=1))
    top, base = values[-1], PLOT_TOP + PLOT_HEIGHT
    slot = 100 / max(len(months), 1)
    parts = [f'<svg class="chart" width="100%" height="{base + AXIS_HEIGHT}" role="img" '
             f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">']
    for value in values:
        y = base - PLOT_HEIGHT * value / top
        parts.append(f'<line class="{"chart-axis" if value == 0 else "chart-grid"}" x1="0" x2="100%" '
                     f'y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="chart-y" x="-8" y="{y:.1f}" dy="0.35em">{format_decimal(value, locale=LOCALE)}</text>')
    for i, month in enumerate(months):
        counts = [(p, month.counts.get(p, 0)) for p in platforms if month.counts.get(p, 0)]
        if not counts:
            continue
        said = ", ".join(f"{label(p)} {n}" for p, n in counts)
        parts.append(f"<g><title>{escape(month.name)}: {sum(n for _, n in counts)} ({escape(said)})</title>")
        y = float(base)
        for platform, n in counts:
            height = PLOT_HEIGHT * n / top
            y -= height
            parts.append(f'<rect class="chart-bar" x="{i * slot + slot * 0.14:.3f}%" width="{slot * 0.72:.3f}%" '
                         f'y="{y:.1f}" height="{height:.1f}" fill="{colour(platform)}"/>')
        parts.append("</g>")
    shown, years_only = labelled(months)
    for n, i in enumerate(shown):
        x = f"{(i + 0.5) * slot:.3f}%"
        text = _x_label(months[i], n == 0, years_only).replace("{x}", x)
        parts.append(f'<text class="chart-x" x="{x}" y="{base + 18}">{text}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


