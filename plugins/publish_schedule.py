"""The publishing schedule: when the scheduled build runs, when a planned post is therefore live,
and which posts are due, so that a scheduled run can skip the build when nothing new came due.

The one place for these facts. `.github/workflows/site.yml` runs this file before anything is
installed (so: standard library only) and its cron must equal CRON (tests/test_workflow.py checks);
the share kit's calendar uses live_at() so that nobody is told to share a page before it exists.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import sys
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

# Every hour at seven minutes past (UTC, which is also seven past in Swedish time). Hourly keeps a
# post within about an hour of its Date at 24 runs a day; minute 7 is early in the hour, so a post
# planned on the full hour comes out soon, but off the top of the hour, when GitHub starts
# scheduled runs latest and sometimes drops them.
RUN_MINUTE = 7
CRON = f"{RUN_MINUTE} * * * *"
# GitHub often starts a scheduled run some minutes late, and installing, building and deploying take
# about five: the page counts as live at half past, and the calendar says to share it then.
LIVE_MARGIN = timedelta(minutes=23)

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}  # what Pelican's Markdown reader reads


def first_run_at_or_after(when: datetime) -> datetime:
    """The first scheduled run starting at or after `when` (aware), in `when`'s time zone."""
    utc = when.astimezone(timezone.utc)
    run = utc.replace(minute=RUN_MINUTE, second=0, microsecond=0)
    if run < utc:
        run += timedelta(hours=1)
    return run.astimezone(when.tzinfo)


@lru_cache(maxsize=65536)  # the share kit asks for every post on every preview build
def live_at(when: datetime) -> datetime:
    """When a post dated `when` is on the public site, if its commit was pushed before that."""
    return (first_run_at_or_after(when).astimezone(timezone.utc) + LIVE_MARGIN).astimezone(when.tzinfo)


# Pelican reads "2026-12-01 07:00" and many other forms; these are the ones this project writes.
# A Date this module cannot read makes every scheduled run build (see due_digest), never skip one.
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?")


def parse_date(value: str, tz: ZoneInfo) -> datetime | None:
    """A post's Date as Pelican reads it (a date without zone is in TIMEZONE), or None."""
    value = " ".join(value.split())
    match = _DATE.fullmatch(value)
    try:
        if match:
            year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
            return datetime(year, month, day, hour, minute, second, tzinfo=tz)
        parsed = datetime.fromisoformat(value)  # with a zone: 2026-12-01T07:00:00+01:00
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def date_field(text: str) -> str | None:
    """The Date in a Markdown file's metadata block (Python-Markdown's meta rules), or None."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        lines = lines[1:]
    for line in lines:
        field = re.match(r" {0,3}([A-Za-z0-9_-]+):\s*(.*)", line)
        if field and field.group(1).lower() == "date":
            return field.group(2).strip()
        if not field and not re.match(r" {4,}\S", line):  # not a field nor its next line: the text
            break
    return None


def due_digest(content: Path, tz: ZoneInfo, now: datetime) -> tuple[str, list[str]]:
    """A digest of which posts are due (Date at or before `now`), and warnings for the Dates that
    could not be read. The digest changes exactly when another post comes due; an unreadable Date
    makes it differ on every call, so that such a site is always built rather than ever missed."""
    due, warnings = [], []
    for path in sorted(p for p in content.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES):
        name = path.relative_to(content).as_posix()
        value = date_field(path.read_text(encoding="utf-8-sig", errors="replace"))
        if value is None:
            continue
        when = parse_date(value, tz)
        if when is None:
            warnings.append(f"{name}: schemat kan inte läsa Date: {value!r}, så varje schemalagd körning "
                            "bygger webbplatsen. Skriv datumet som 2026-12-01 07:00.")
            due.append(f"{name}\t{os.urandom(8).hex()}")
        elif when <= now:
            due.append(f"{name}\t{when.isoformat()}")
    return hashlib.sha256("\n".join(due).encode()).hexdigest()[:16], warnings


def setting(project: Path, name: str, default):
    """A setting as the public build sees it (publishconf.py over pelicanconf.py), read without
    running them, since nothing is installed yet. ValueError if it is not a plain literal."""
    value = default
    for conf in (project / "pelicanconf.py", project / "publishconf.py"):
        for node in ast.parse(conf.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
                value = ast.literal_eval(node.value)
    return value


def main() -> None:
    """For the workflow: print digest=… for $GITHUB_OUTPUT; unreadable Dates become annotations."""
    project = Path(__file__).resolve().parents[1]
    try:
        tz = ZoneInfo(setting(project, "TIMEZONE", "UTC"))  # Pelican's default too
        content = project / setting(project, "PATH", "content")
    except (ValueError, KeyError, SyntaxError, OSError) as error:  # settings it cannot follow: build
        print(f"::warning file=pelicanconf.py::schemat kan inte läsa TIMEZONE eller PATH ({error!r}), "
              "så varje schemalagd körning bygger webbplatsen. Skriv dem som text, t.ex. "
              'TIMEZONE = "Europe/Stockholm".', file=sys.stderr)
        print(f"digest=unknown-{os.urandom(8).hex()}")
        return
    digest, warnings = due_digest(content, tz, datetime.now(timezone.utc))
    for warning in warnings:
        print(f"::warning::{warning}", file=sys.stderr)
    print(f"digest={digest}")


if __name__ == "__main__":
    main()
