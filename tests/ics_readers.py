"""An .ics file as four independent parsers read it: icalendar and vobject (Python), ical.js and
node-ical (npm, in node: tests/ics_readers.cjs). Calendar clients are built on libraries like
these; a file is only right when every one of them reads the same instants."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import vobject
from icalendar import Calendar

from tests.sitebuild import ROOT


def read_everywhere(path: Path) -> dict[str, dict[str, dict]]:
    """{parser: {uid: {"summary", "start", "end", "stamp"}}}, every time an aware datetime."""
    data = path.read_bytes()
    found = {
        "icalendar": {str(e["uid"]): {"summary": str(e["summary"]), "start": e.decoded("dtstart"),
                                      "end": e.decoded("dtend"), "stamp": e.decoded("dtstamp")}
                      for e in Calendar.from_ical(data).walk("VEVENT")},
        "vobject": {e.uid.value: {"summary": e.summary.value, "start": e.dtstart.value, "end": e.dtend.value,
                                  "stamp": e.dtstamp.value}
                    for e in getattr(vobject.readOne(data.decode("utf-8")), "vevent_list", [])},
    }
    node = subprocess.run(["node", str(ROOT / "tests/ics_readers.cjs"), str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert node.returncode == 0, f"ical.js or node-ical failed (npm ci installs them):\n{node.stderr}"
    for parser, events in json.loads(node.stdout).items():
        found[parser] = {e["uid"]: {"summary": e["summary"], **{key: datetime.fromisoformat(e[key])
                                                                 for key in ("start", "end", "stamp")}}
                         for e in events}
    return found


def disagreements(found: dict[str, dict[str, dict]], expected: dict[str, dict]) -> list[str]:
    """Where any parser reads an event otherwise than `expected` ({uid: {field: value}}): a naive
    time never equals an aware one, so a parser that loses the zone is caught too."""
    wrong = []
    for parser, events in found.items():
        if set(events) != set(expected):
            wrong.append(f"{parser}: events {sorted(set(events) ^ set(expected))[:3]} differ")
        for uid, fields in expected.items():
            for key, value in fields.items():
                got = events.get(uid, {}).get(key)
                if got != value:
                    wrong.append(f"{parser}: {uid} {key} {got} is not {value}")
    return wrong
