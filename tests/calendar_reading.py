"""The calendar as a reader sees it in the kit overview (its week tables) and in `invoke calendar`
(its lines), read back into (title, label, "YYYY-MM-DD HH:MM") so tests can compare the two."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bs4 import BeautifulSoup

from share_kit.calendar import day_heading


def overview_times(html: str) -> set[tuple[str, str, str]]:
    found = set()
    for table in BeautifulSoup(html, "html.parser").select("table.calendar"):
        labels = [th.get_text(strip=True) for th in table.thead.select("th")][1:]
        for row in table.tbody.select("tr"):
            link = row.th.a
            if link is None:
                continue
            day = row.th.time["datetime"]
            for label, cell in zip(labels, row.select("td"), strict=True):
                if cell.time:
                    found.add((link.get_text(), label, f"{day} {cell.time.get_text()}"))
    return found


def terminal_times(text: str, today: date) -> set[tuple[str, str, str]]:
    """From lines like '  ons 2 dec. (i dag): Rubrik (publicerad)' and, under them,
    '      Blogg och X 07:00 · LinkedIn 08:00 (krock)'."""
    monday = today - timedelta(days=today.weekday())
    days = {day_heading(monday + timedelta(days=n)): monday + timedelta(days=n) for n in range(7 * 8)}
    found, day, title = set(), None, None
    for line in text.splitlines():
        post = re.fullmatch(r"  (.+?)(?: \(i dag\))?: (.+?)(?: \((?:publicerad|planerad)\))?", line)
        if post and post.group(2) != "ledigt" and post.group(1) in days:
            day, title = days[post.group(1)], post.group(2)
        elif line.startswith("      ") and not line.strip().startswith("ledigt:") and title:
            for part in line.strip().split(" · "):
                labels, time = re.fullmatch(r"(.+) (\d\d:\d\d)(?: \(.+\))?", part).groups()
                for label in re.split(r", | och ", labels):
                    found.add((title, label, f"{day.isoformat()} {time}"))
        else:
            title = None
    return found
