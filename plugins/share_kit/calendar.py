"""The posting calendar: whole weeks from this Monday, one row per post and day, one column per
network, free slots and clashes marked, with its warnings.

Pure core. Rules from the leaders we build for: plan one to two weeks ahead, keep a steady
weekly rhythm (three posts a week by default), and never two posts on one day on one network.
And one from the publishing schedule: nobody is told to share a page before it is live.
Drafts are not planned: they are listed apart, never given a day and never counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby

from babel.dates import format_date

BLOG = "blogg"  # the post itself, on the site
DRAFT = "utkast"
PUBLISHED = "publicerad"


@dataclass(frozen=True)
class Planned:
    when: datetime  # aware
    network: str  # BLOG or a share network's name
    label: str  # "Blogg", "LinkedIn", …
    title: str
    slug: str
    kind: str  # post or note
    status: str  # "planerad", DRAFT or PUBLISHED
    source: str = ""  # the post's file, as the user names it (content/posts/x.md)
    asked: datetime | None = None  # the Share_date_<network> asked for, when it was too early


@dataclass(frozen=True)
class Cell:
    item: Planned | None  # what goes out in this column of the row
    free: bool  # nothing at all in this column that day: room for a post
    clash: bool  # this column has two posts or more that day


@dataclass(frozen=True)
class Row:
    """One post on one day: its time on the blog and on each network, a Cell per column."""

    post: Planned  # the row's first item: title, slug, status and file
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Day:
    day: date
    heading: str  # "ons 2 dec."
    rows: tuple[Row, ...]  # none on a free day


@dataclass(frozen=True)
class Total:
    """What goes out in one column in one week."""

    count: int
    shown: str  # "2 av 3", or "2" where no rhythm is checked
    note: str  # "för få" or "för många" when the count breaks the rhythm, else ""


@dataclass(frozen=True)
class Week:
    number: int
    caption: str  # "Vecka 49: 30 november–6 december"
    days: tuple[Day, ...]
    totals: tuple[Total, ...]  # one per column


@dataclass(frozen=True)
class CalendarView:
    today: date
    horizon: date  # the last day the plan is asked to cover
    columns: tuple[tuple[str, str], ...]  # (network, label), BLOG first
    rhythm: int  # posts a week per network; 0: not checked
    weeks: tuple[Week, ...]
    drafts: tuple[Planned, ...]  # one per draft, by title
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


def day_heading(day: date) -> str:
    return format_date(day, "EEE d MMM", locale="sv_SE")


def calendar_view(items: list[Planned], today: date, days: int, rhythm: int, networks: list[str],
                  labels: dict[str, str]) -> CalendarView:
    """The weeks from this week's Monday to the Sunday after `days` days from today: whole weeks,
    so that a week's rhythm counts what already went out this week too."""
    horizon = today + timedelta(days=max(days, 1) - 1)
    first = today - timedelta(days=today.weekday())
    last = horizon + timedelta(days=6 - horizon.weekday())
    columns = tuple((network, labels[network]) for network in [BLOG, *networks])
    index = {network: n for n, (network, _) in enumerate(columns)}
    planned = [i for i in items if i.status != DRAFT and i.network in index and first <= i.when.date() <= last]
    per_day: dict[date, list[Planned]] = defaultdict(list)
    for item in planned:
        per_day[item.when.date()].append(item)
    weeks = []
    for monday in (first + timedelta(days=7 * n) for n in range((last - first).days // 7 + 1)):
        week_days = tuple(_day(monday + timedelta(days=d), per_day[monday + timedelta(days=d)], index)
                          for d in range(7))
        counts = [sum(1 for d in week_days for r in d.rows if r.cells[n].item) for n in range(len(columns))]
        planned_by_now = monday + timedelta(days=6) <= horizon
        totals = tuple(_total(count, rhythm if network != BLOG else 0, planned_by_now)
                       for (network, _), count in zip(columns, counts, strict=True))
        weeks.append(Week(monday.isocalendar().week, _week_caption(monday), week_days, totals))
    drafts: dict[str, Planned] = {}  # one entry per draft: its blog item, not one per network
    for draft in sorted((i for i in items if i.status == DRAFT), key=lambda i: i.network != BLOG):
        drafts.setdefault(draft.slug, draft)
    warnings = ([moved_warning(i.source, i.network, i.label, i.asked, i.when)
                 for i in sorted(planned, key=lambda i: (i.when, index[i.network]))
                 if i.asked and i.status != PUBLISHED]
                + [w for week in weeks for d in week.days if d.day >= today for w in _clash_warnings(d, columns)]
                + _rhythm_warnings(weeks, columns, rhythm))
    return CalendarView(today, horizon, columns, rhythm, tuple(weeks),
                        tuple(sorted(drafts.values(), key=lambda i: i.title)), tuple(warnings))


def _total(count: int, rhythm: int, planned_by_now: bool) -> Total:
    """Too many is always worth a word; too few only in a week the plan should cover by now."""
    if rhythm <= 0:
        return Total(count, str(count), "")
    note = "för många" if count > rhythm else "för få" if count < rhythm and planned_by_now else ""
    return Total(count, f"{count} av {rhythm}", note)


def _week_caption(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    start = format_date(monday, "d" if monday.month == sunday.month else "d MMMM", locale="sv_SE")
    return f"Vecka {monday.isocalendar().week}: {start}–{format_date(sunday, 'd MMMM', locale='sv_SE')}"


def _day(day: date, items: list[Planned], index: dict[str, int]) -> Day:
    per_post: dict[str, list[Planned]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.when, index[i.network])):
        per_post[item.slug].append(item)
    blog = index[BLOG]  # two posts on the blog on one day is no clash: only a network's followers tire
    used = defaultdict(int)  # column -> posts in it this day
    for item in items:
        used[index[item.network]] += 1
    rows = []
    for post_items in per_post.values():
        by_column = {index[i.network]: i for i in post_items}
        rows.append(Row(post_items[0], tuple(Cell(by_column.get(n), used[n] == 0, used[n] > 1 and n != blog)
                                             for n in range(len(index)))))
    return Day(day, day_heading(day), tuple(rows))


def _clash_warnings(day: Day, columns) -> list[str]:
    """One warning per set of posts that share a day on one network or more, naming the networks."""
    clashing: dict[tuple[str, ...], list[int]] = defaultdict(list)  # the posts' slugs -> columns
    for n, (network, _) in enumerate(columns):
        if network != BLOG:
            posts = tuple(r.post.slug for r in day.rows if r.cells[n].item)
            if len(posts) > 1:
                clashing[posts].append(n)
    found = []
    for slugs, where in clashing.items():
        rows = [r for r in day.rows if r.post.slug in slugs]
        movable = [r for r in rows if r.post.status != PUBLISHED] or rows
        move = movable[-1].post  # the later one, unless only it is out already
        names = _join([columns[n][1] for n in where])
        fields = _join([f"Share_date_{columns[n][0]}" for n in where])
        titles = _join([f"”{r.post.title}”" for r in rows])
        found.append(f"{day.day.isoformat()}: {titles} delas samma dag på {names}. Flytta ett av dem till en annan "
                     f"dag, till exempel med {fields} i {move.source}.")
    return found


def _rhythm_warnings(weeks: list[Week], columns, rhythm: int) -> list[str]:
    found = []
    for week in weeks:
        off: dict[int, list[str]] = defaultdict(list)  # count -> networks, so one line says it all
        for (_, label), total in zip(columns, week.totals, strict=True):
            if total.note:
                off[total.count].append(label)
        for count, names in sorted(off.items()):
            found.append(f"Vecka {week.number}: {count} inlägg på {_join(names)}, rytmen är {rhythm} i veckan. "
                         "Planera fler eller färre med Date eller Share_date_<nätverk> i inläggen, eller ändra "
                         "\"rhythm\" i SHARE_KIT i pelicanconf.py.")
    return found


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def text_lines(view: CalendarView) -> list[str]:
    """The calendar for the terminal: a line per post and day, free days run together."""
    first, last = view.weeks[0].days[0].day, view.weeks[-1].days[-1].day
    lines = [f"Kalender {first.isoformat()} – {last.isoformat()}, i dag {day_heading(view.today)}", ""]
    for week in view.weeks:
        lines.append(week.caption)
        # Free days run together on one line; today always has a line of its own.
        for free, run in groupby(week.days, key=lambda d: not d.rows and d.day != view.today):
            days = list(run)
            if free:
                lines.append(f"  {days[0].heading}{f'–{days[-1].heading}' if len(days) > 1 else ''}: ledigt")
            else:
                lines += [line for day in days for line in _day_lines(view, day)]
        counts = " · ".join(f"{label} {total.shown}" + (f" ({total.note})" if total.note else "")
                            for (_, label), total in zip(view.columns, week.totals, strict=True))
        lines += [f"  I veckan: {counts}", ""]
    if view.drafts:
        lines.append("Utkast (ingen dag i kalendern, räknas inte i rytmen):")
        lines += [f"  {draft.title} ({draft.source})" for draft in view.drafts]
        lines.append("")
    if view.warnings:
        lines += ["Varningar:"] + [f"  ! {w}" for w in view.warnings]
    return lines


def _day_lines(view: CalendarView, day: Day) -> list[str]:
    today = " (i dag)" if day.day == view.today else ""
    if not day.rows:
        return [f"  {day.heading}{today}: ledigt"]
    lines = []
    for row in day.rows:
        status = f" ({row.post.status})" if row.post.status != "planerad" else ""
        lines.append(f"  {day.heading}{today}: {row.post.title}{status}")
        times: dict[str, list[str]] = defaultdict(list)  # "09:30 (krock)" -> labels: equal times share
        for cell, (_, label) in zip(row.cells, view.columns, strict=True):
            if cell.item:
                notes = (["krock"] if cell.clash else []) + (
                    [f"flyttad från {cell.item.asked:%H:%M}"] if cell.item.asked else [])
                times[f"{cell.item.when:%H:%M}" + (f" ({', '.join(notes)})" if notes else "")].append(label)
        lines.append("      " + " · ".join(f"{_join(labels)} {when}" for when, labels in sorted(times.items())))
    free = [label for n, (_, label) in enumerate(view.columns) if day.rows[0].cells[n].free]
    if free:
        lines.append(f"      ledigt: {_join(free)}")
    return lines
