"""The posting calendar as an iCalendar file (RFC 5545) the communications staff can subscribe to.

Every time is written in UTC (`DTSTART:20270329T071500Z`). A post goes out at one instant, and
every calendar client shows a UTC time in its user's own zone, so there is no time-zone
description in the file for a client to misread (ical.js and vobject read summer time an hour
off in the VTIMEZONE icalendar wrote for us), and the two 02:30 of the night summer time ends
stay two different instants.

The file holds what is worth subscribing to: the last RECENT_DAYS days (what just went out,
to follow up on) and everything planned. Never drafts: they have no date in the plan yet.
Each event's UID comes from the post and the network alone, so a client that imports the
file again or refreshes its subscription replaces the event instead of adding a second one.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from .calendar import DRAFT, Planned

RECENT_DAYS = 14
LENGTH = timedelta(minutes=30)  # how long an event looks in the calendar; a post takes a moment
REFRESH = timedelta(hours=1)  # a hint to subscribing clients: the kit is rebuilt with the site


def calendar_items(items: list[Planned], now: datetime) -> list[Planned]:
    """What the file holds: every share time from RECENT_DAYS days ago on, drafts left out."""
    since = now - timedelta(days=RECENT_DAYS)
    return [item for item in items if item.status != DRAFT and item.when >= since]


def event_uid(item: Planned, authority: str) -> str:
    """Stable per post and network: a moved share time is the same event at another time."""
    return f"{hashlib.sha256(f'{item.slug}/{item.network}'.encode()).hexdigest()[:24]}@{authority}"


def calendar_file(items: list[Planned], authority: str, name: str, urls: dict[str, str], made: datetime) -> bytes:
    """One event per item; `made`, when the file is made, is every event's DTSTAMP (RFC 5545
    3.8.7.2: the time the object was created, never a publication time)."""
    # Imported here: a publishing build writes no calendar, and icalendar takes 40 ms to import.
    from icalendar import Calendar, Event, vDuration

    stamp = made.astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//Ledarblogg//Publiceringskalender//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("x-published-ttl", vDuration(REFRESH))  # the same hint in Outlook's words
    for item in sorted(items, key=lambda i: (i.when, i.network, i.slug)):
        start = item.when.astimezone(timezone.utc)
        event = Event()
        event.add("uid", event_uid(item, authority))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + LENGTH)
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: nobody's time shows as busy
        event.add("summary", f"{item.label}: {item.title}")
        status = "" if item.status == "planerad" else f" ({item.status})"
        moved = f" Flyttad från {item.asked:%H:%M}: sidan finns på webbplatsen först nu." if item.asked else ""
        event.add("description", f"{item.label}{status}.{moved} {urls.get(item.slug, '')}".strip())
        if item.slug in urls:
            event.add("url", urls[item.slug])
        calendar.add_component(event)
    return calendar.to_ical()
