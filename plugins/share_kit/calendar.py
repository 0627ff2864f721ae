"""The posting calendar: what is planned for the coming days, per network, with its warnings.

Pure core. Rules from the leaders we build for: plan one to two weeks ahead, keep a steady
weekly rhythm (three posts a week by default), and never two posts on one day on one network.
And one from the publishing schedule: nobody is told to share a page before it is live.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date

BLOG = "blogg"  # the post itself, on the site


@dataclass(frozen=True)
class Planned:
    when: datetime  # aware
    network: str  # BLOG or a share network's name
    label: str  # "Blogg", "LinkedIn", …
    title: str
    slug: str
    kind: str  # post or note
    status: str  # "planerad", "utkast" or "publicerad"
    source: str = ""  # the post's file, relative to the content folder
    asked: datetime | None = None  # the Share_date_<network> asked for, when it was too early


@dataclass(frozen=True)
class Day:
    day: date
    heading: str  # "tisdag 1 december"
    items: tuple[Planned, ...]


@dataclass(frozen=True)
class CalendarView:
    start: date
    days: int
    by_day: tuple[Day, ...]
    warnings: tuple[str, ...]


def share_times(date: datetime, asked: dict[str, datetime], networks, live: datetime
                ) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """When each network's post goes out: its Share_date_<network> (`asked`), else the post's Date,
    but never before `live`, when the page is on the site; earlier times move to `live`. Also
    returns the asked-for times that moved: those need a word, a plain Date moving does not."""
    times = {network: max(asked.get(network, date), live) for network in networks}
    return times, {network: when for network, when in asked.items() if when < live}


def moved_warning(source: str, network: str, label: str, asked: datetime, when: datetime) -> str:
    return (f"{source}: Share_date_{network} {asked:%Y-%m-%d %H:%M} är före {when:%H:%M}, då inlägget "
            f"finns på webbplatsen, så {label} står {when:%H:%M} i kalendern. Sätt Share_date_{network} "
            f"till {when:%Y-%m-%d %H:%M} eller senare, eller Date tidigare.")


def calendar_view(items: list[Planned], start: date, days: int, rhythm: int, networks: list[str],
                  labels: dict[str, str]) -> CalendarView:
    end = start + timedelta(days=days)
    order = {network: n for n, network in enumerate([BLOG, *networks])}
    window = sorted((i for i in items if start <= i.when.date() < end),
                    key=lambda i: (i.when, order.get(i.network, len(order)), i.title))
    grouped: dict[date, list[Planned]] = defaultdict(list)
    for item in window:
        grouped[item.when.date()].append(item)
    by_day = tuple(
        Day(start + timedelta(days=n), format_date(start + timedelta(days=n), "EEEE d MMMM", locale="sv_SE"),
            tuple(grouped.get(start + timedelta(days=n), ())))
        for n in range(days)
    )
    warnings = ([moved_warning(i.source, i.network, i.label, i.asked, i.when) for i in window if i.asked]
                + _same_day(window, labels)
                + _rhythm(window, start, end, rhythm, networks, labels))
    return CalendarView(start, days, by_day, tuple(warnings))


def _same_day(window: list[Planned], labels: dict[str, str]) -> list[str]:
    found = []
    per_day: dict[tuple[date, str], list[Planned]] = defaultdict(list)
    for item in window:
        if item.network != BLOG:
            per_day[(item.when.date(), item.network)].append(item)
    for (day, network), clash in sorted(per_day.items()):
        if len(clash) > 1:
            titles = " och ".join(f"”{i.title}”" for i in clash)
            found.append(f"{day.isoformat()}: {len(clash)} inlägg på {labels[network]} samma dag ({titles}). "
                         "Flytta ett av dem med Share_date_" + network + ".")
    return found


def _rhythm(window: list[Planned], start: date, end: date, rhythm: int, networks: list[str],
            labels: dict[str, str]) -> list[str]:
    """Whole ISO weeks inside the window must have `rhythm` posts per network; part weeks at most that."""
    if rhythm <= 0:
        return []
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    for item in window:
        year, week, _ = item.when.isocalendar()
        counts[(year, week, item.network)] += 1
    found = []
    monday = start - timedelta(days=start.weekday())
    while monday < end:
        year, week, _ = monday.isocalendar()
        whole = monday >= start and monday + timedelta(days=7) <= end
        off: dict[int, list[str]] = defaultdict(list)  # count -> networks, so one line says it all
        for network in networks:
            n = counts[(year, week, network)]
            if n > rhythm or (whole and n < rhythm):
                off[n].append(labels[network])
        for n, names in sorted(off.items()):
            found.append(f"Vecka {week}: {n} inlägg på {_join(names)}, rytmen är {rhythm} i veckan.")
        monday += timedelta(days=7)
    return found


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def text_lines(view: CalendarView) -> list[str]:
    """The calendar as plain text for the terminal."""
    lines = [f"Planerat {view.start.isoformat()} och {view.days} dagar framåt", ""]
    for day in view.by_day:
        if not day.items:
            continue
        lines.append(f"{day.day.isoformat()} {day.heading}")
        for item in day.items:
            notes = ([] if item.status == "planerad" else [item.status]) + (
                [f"flyttad från {item.asked:%H:%M}"] if item.asked else [])
            note = f" ({', '.join(notes)})" if notes else ""
            lines.append(f"  {item.when:%H:%M}  {item.label:<9} {item.title}{note}")
    if not any(day.items for day in view.by_day):
        lines.append("Inget planerat.")
    if view.warnings:
        lines += ["", "Varningar:"] + [f"  ! {w}" for w in view.warnings]
    return lines
