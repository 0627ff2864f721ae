"""The posting calendar as an iCalendar file (RFC 5545) the communications staff can subscribe to."""

from __future__ import annotations

import hashlib
from datetime import timedelta, timezone

from icalendar import Calendar, Event

from .calendar import Planned


def calendar_file(items: list[Planned], authority: str, name: str, urls: dict[str, str]) -> bytes:
    """One event per planned item. Stamps come from the items, never the clock, so an unchanged
    plan gives the same file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ledarblogg//Publiceringskalender//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in sorted(items, key=lambda i: (i.when, i.network, i.slug)):
        event = Event()
        uid = hashlib.sha256(f"{item.slug}/{item.network}".encode()).hexdigest()[:24]
        event.add("uid", f"{uid}@{authority}")
        event.add("dtstamp", item.when.astimezone(timezone.utc))
        event.add("dtstart", item.when)
        event.add("dtend", item.when + timedelta(minutes=30))
        event.add("summary", f"{item.label}: {item.title}")
        status = "" if item.status == "planerad" else f" ({item.status})"
        moved = f" Flyttad från {item.asked:%H:%M}: sidan finns på webbplatsen först nu." if item.asked else ""
        event.add("description", f"{item.label}{status}.{moved} {urls.get(item.slug, '')}".strip())
        if item.slug in urls:
            event.add("url", urls[item.slug])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
