"""kalender.ics from fixed inputs: the same instant in every parser across both daylight-saving
switches, DTSTAMP the time the file was made, UIDs that survive a change, the window it holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar

from share_kit.calendar import BLOG, Planned
from share_kit.ical import LENGTH, RECENT_DAYS, calendar_file, calendar_items, event_uid
from tests.ics_readers import disagreements, read_everywhere

TZ = ZoneInfo("Europe/Stockholm")
UTC = timezone.utc
LABELS = {BLOG: "Blogg", "linkedin": "LinkedIn", "x": "X"}
MADE = datetime(2026, 12, 2, 10, 3, 7, tzinfo=TZ)

# In 2027 summer time starts on Sunday 28 March at 02:00 (CET, UTC+1, to CEST, UTC+2) and ends on
# Sunday 31 October at 03:00 (back to 02:00 CET): 02:30 that night happens twice. Each case is a
# local time and the instant it is, written out by hand.
ACROSS_THE_SWITCHES = [
    (datetime(2027, 1, 15, 9, 15), datetime(2027, 1, 15, 8, 15)),
    (datetime(2027, 3, 27, 9, 15), datetime(2027, 3, 27, 8, 15)),  # the Saturday before: winter time
    (datetime(2027, 3, 28, 1, 30), datetime(2027, 3, 28, 0, 30)),  # the switch night, before 02:00
    (datetime(2027, 3, 28, 3, 30), datetime(2027, 3, 28, 1, 30)),  # and after
    (datetime(2027, 3, 28, 9, 15), datetime(2027, 3, 28, 7, 15)),
    (datetime(2027, 3, 29, 9, 15), datetime(2027, 3, 29, 7, 15)),
    (datetime(2027, 7, 1, 9, 15), datetime(2027, 7, 1, 7, 15)),
    (datetime(2027, 10, 30, 9, 15), datetime(2027, 10, 30, 7, 15)),
    (datetime(2027, 10, 31, 2, 30, fold=0), datetime(2027, 10, 31, 0, 30)),  # the first 02:30, summer time
    (datetime(2027, 10, 31, 2, 30, fold=1), datetime(2027, 10, 31, 1, 30)),  # the second, winter time
    (datetime(2027, 10, 31, 9, 15), datetime(2027, 10, 31, 8, 15)),
    (datetime(2027, 11, 1, 9, 15), datetime(2027, 11, 1, 8, 15)),
]


def item(when: datetime, network: str = "linkedin", title: str = "Åsa & <b>, möte; i dag", status="planerad",
         slug: str | None = None) -> Planned:
    return Planned(when, network, LABELS[network], title, slug or f"p-{when:%m%d%H%M}-{when.fold}", "post", status)


def test_every_parser_reads_the_same_instant_across_both_switches(tmp_path):
    items = [item(local.replace(tzinfo=TZ), title=f"Inlägg {n}; ”åäö”, \\ och mer") for n, (local, _) in
             enumerate(ACROSS_THE_SWITCHES)]
    path = tmp_path / "kalender.ics"
    path.write_bytes(calendar_file(items, "provstad.example", "Kalender", {}, MADE))
    expected = {event_uid(i, "provstad.example"): {"start": utc.replace(tzinfo=UTC),
                                                   "end": utc.replace(tzinfo=UTC) + LENGTH,
                                                   "stamp": MADE.astimezone(UTC).replace(microsecond=0),
                                                   "summary": f"LinkedIn: {i.title}"}
                for i, (_, utc) in zip(items, ACROSS_THE_SWITCHES, strict=True)}
    found = read_everywhere(path)
    assert set(found) == {"icalendar", "vobject", "ical.js", "node-ical"}
    assert disagreements(found, expected) == []


def test_times_are_utc_so_there_is_no_time_zone_to_misread():
    text = calendar_file([item(datetime(2027, 7, 1, 9, 15, tzinfo=TZ))], "provstad.example", "K", {}, MADE).decode()
    assert "BEGIN:VTIMEZONE" not in text and "TZID" not in text
    assert "DTSTART:20270701T071500Z" in text.splitlines()
    assert "DTSTAMP:20261202T090307Z" in text.splitlines()


def test_dtstamp_is_when_the_file_was_made_never_the_publication_time():
    later = datetime(2030, 6, 1, 9, 0, tzinfo=TZ)
    events = Calendar.from_ical(calendar_file([item(later)], "provstad.example", "K", {}, MADE)).walk("VEVENT")
    assert [e.decoded("dtstamp") for e in events] == [MADE.replace(microsecond=0)]
    assert events[0].decoded("dtstart") == later


def test_a_moved_or_renamed_share_time_keeps_its_uid_so_clients_replace_it():
    first = [item(datetime(2027, 3, 27, 9, 15, tzinfo=TZ), slug="besok"),
             item(datetime(2027, 3, 27, 9, 15, tzinfo=TZ), network="x", slug="besok"),
             item(datetime(2027, 3, 27, 9, 15, tzinfo=TZ), network=BLOG, slug="besok")]
    moved = [replace(first[0], when=datetime(2027, 3, 29, 12, 0, tzinfo=TZ), title="Ny rubrik"), *first[1:]]
    before = Calendar.from_ical(calendar_file(first, "provstad.example", "K", {}, MADE)).walk("VEVENT")
    after = Calendar.from_ical(calendar_file(moved, "provstad.example", "K", {}, MADE + timedelta(days=1))
                               ).walk("VEVENT")
    uids = {str(e["uid"]) for e in before}
    assert len(uids) == 3, "one event per post and network"
    assert {str(e["uid"]) for e in after} == uids
    linkedin = next(e for e in after if str(e["uid"]) == event_uid(first[0], "provstad.example"))
    assert linkedin.decoded("dtstart") == datetime(2027, 3, 29, 10, 0, tzinfo=UTC)  # 12:00 summer time
    assert str(linkedin["summary"]) == "LinkedIn: Ny rubrik"


def test_the_file_holds_recent_and_planned_share_times_but_no_drafts():
    now = datetime(2026, 12, 2, 10, 0, tzinfo=TZ)
    kept = [item(now - timedelta(days=RECENT_DAYS) + timedelta(minutes=1), status="publicerad"),
            item(now - timedelta(days=1), status="publicerad"), item(now + timedelta(days=1)),
            item(datetime(2030, 6, 1, 9, 0, tzinfo=TZ))]
    left = [item(now - timedelta(days=RECENT_DAYS + 1), status="publicerad"), item(now + timedelta(days=2), status="utkast")]
    assert calendar_items(left + kept, now) == kept
