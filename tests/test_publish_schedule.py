"""The publishing schedule: when a planned post is live, which posts are due, and a share kit that
never tells anyone to share a page before it exists (pure cores inline, then one real build)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from pelican.settings import read_settings
from pelican.utils import get_date, set_date_tzinfo

from publish_schedule import RUN_MINUTE, due_digest, first_run_at_or_after, live_at, parse_date, setting
from share_kit.calendar import BLOG, Planned, calendar_view, share_times, text_lines
from share_kit.cli import calendar_text, load
from share_kit.networks import NAMES
from tests.calendar_reading import overview_times, terminal_times
from tests.sample_site import PREVIEW_SETTINGS as SAMPLE_PREVIEW  # the preview settings, the fixture owner
from tests.sitebuild import ROOT, build

TZ = ZoneInfo("Europe/Stockholm")


def at(text: str, tz=TZ) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


@pytest.mark.parametrize("when, live", [
    ("2026-12-02 07:00", "2026-12-02 07:30"),  # winter: UTC+1
    ("2026-06-02 07:00", "2026-06-02 07:30"),  # summer: UTC+2, the same minute past the hour
    ("2026-12-02 07:07", "2026-12-02 07:30"),  # exactly when a run starts
    ("2026-12-02 07:08", "2026-12-02 08:30"),  # a minute after: the next hour's run
    ("2026-12-02 23:45", "2026-12-03 00:30"),  # into the next day
    ("2026-03-29 01:50", "2026-03-29 03:30"),  # the night clocks go forward, 02:00 -> 03:00
])
def test_a_post_is_live_at_half_past_the_first_run_at_or_after_its_date(when, live):
    assert live_at(at(when)) == at(live)
    assert live_at(at(when)).utcoffset() == at(live).utcoffset()


def test_runs_are_hourly_at_the_run_minute():
    run = first_run_at_or_after(at("2026-12-02 10:20"))
    assert (run.hour, run.minute) == (11, RUN_MINUTE)
    assert first_run_at_or_after(run) == run
    assert first_run_at_or_after(run + timedelta(seconds=1)) == run + timedelta(hours=1)


def test_share_times_never_come_before_the_page():
    post = at("2026-12-02 07:00")
    live = live_at(post)
    asked = {"linkedin": at("2026-12-02 06:00"), "x": at("2026-12-02 12:00")}
    times, moved = share_times(post, asked, ["linkedin", "x", "mastodon"], live)
    assert times == {"linkedin": live, "x": at("2026-12-02 12:00"), "mastodon": live}
    assert moved == {"linkedin": at("2026-12-02 06:00")}, "a plain Date moving needs no word"


def test_a_moved_share_time_is_named_in_the_calendar_with_its_file_and_fix():
    item = Planned(at("2026-12-02 07:30"), "linkedin", "LinkedIn", "Rubrik", "rubrik", "post", "planerad",
                   source="content/posts/2026-12-02-rubrik.md", asked=at("2026-12-02 07:00"))
    view = calendar_view([item], date(2026, 12, 1), 7, 0, ["linkedin"], {BLOG: "Blogg", "linkedin": "LinkedIn"})
    assert view.warnings == (
        "content/posts/2026-12-02-rubrik.md: Share_date_linkedin 2026-12-02 07:00 är före 07:30, då inlägget finns på "
        "webbplatsen, så LinkedIn står 07:30 i kalendern. Sätt Share_date_linkedin till 2026-12-02 07:30 "
        "eller senare, eller Date tidigare.",)
    assert "      LinkedIn 07:30 (flyttad från 07:00)" in text_lines(view)


@pytest.mark.parametrize("value", ["2026-12-01 07:00", "2026-12-01", "2026-12-1 7:05", "2026-12-01T07:00",
                                   "2026-12-01  07:00:30", "2026-12-01T07:00:00+00:00", "2026-06-01 07:00"])
def test_dates_are_read_as_pelican_reads_them(value):
    assert parse_date(value, TZ) == set_date_tzinfo(get_date(value), "Europe/Stockholm")


@pytest.mark.parametrize("value", ["1 december 2026", "imorgon", "2026-13-01 07:00", ""])
def test_dates_it_cannot_read_are_none(value):
    assert parse_date(value, TZ) is None


def post(folder, name: str, header: str, body: str = "Text.\n") -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + body, encoding="utf-8")


def test_the_digest_changes_exactly_when_another_post_comes_due(tmp_path):
    post(tmp_path, "posts/a.md", "Title: A\nDate: 2026-12-01 07:00\n")
    post(tmp_path, "posts/b.md", "---\nTitle: B\nTags: a,\n    b\ndate: 2026-12-02 07:00\n---\n")
    post(tmp_path, "notes/c.md", "Title: C\n", body="Date: 2026-12-01 06:00 is the text, not a field\n")
    post(tmp_path, "pages/om.md", "Title: Om\n")
    before, warnings = due_digest(tmp_path, TZ, at("2026-12-02 06:59"))
    assert warnings == []
    assert due_digest(tmp_path, TZ, at("2026-12-02 06:00"))[0] == before, "nothing new came due"
    after, _ = due_digest(tmp_path, TZ, at("2026-12-02 07:00"))
    assert after != before, "B came due at its Date"
    assert due_digest(tmp_path, TZ, at("2026-12-30 12:00"))[0] == after


def test_a_date_it_cannot_read_makes_every_run_build(tmp_path):
    post(tmp_path, "posts/a.md", "Title: A\nDate: 1 december 2026 07:00\n")
    first, warnings = due_digest(tmp_path, TZ, at("2026-12-02 07:00"))
    assert first != due_digest(tmp_path, TZ, at("2026-12-02 07:00"))[0]
    assert warnings == ["posts/a.md: schemat kan inte läsa Date: '1 december 2026 07:00', så varje schemalagd "
                        "körning bygger webbplatsen. Skriv datumet som 2026-12-01 07:00."]


def test_the_workflow_step_runs_without_any_installed_package():
    result = subprocess.run([sys.executable, "-S", "plugins/publish_schedule.py"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"digest=[0-9a-f]{16}\n", result.stdout)


def test_it_reads_the_time_zone_the_public_build_uses():
    assert setting(ROOT, "TIMEZONE", None) == read_settings(str(ROOT / "publishconf.py"))["TIMEZONE"]


def test_the_kit_never_says_to_share_before_the_page_is_live(tmp_path):
    """A real preview build of a small site with a post planned in two days at 07:00, LinkedIn asked
    for at the same 07:00 and X for later: the kit, the .ics, the overview and invoke calendar agree."""
    tz = ZoneInfo(read_settings(str(ROOT / "pelicanconf.py"))["TIMEZONE"])
    content, kit = tmp_path / "content", tmp_path / "share-kit"
    shutil.copytree(ROOT / "tests/sites/golden/content", content)
    when = datetime.combine(datetime.now(tz).date() + timedelta(days=2), datetime.min.time(), tz).replace(hour=7)
    later = when + timedelta(days=1, hours=5)
    post(content, f"posts/{when:%Y-%m-%d}-planerat.md",
         f"Title: Planerat besök\nDate: {when:%Y-%m-%d %H:%M}\nSummary: Ett planerat besök.\n"
         f"Share_date_linkedin: {when:%Y-%m-%d %H:%M}\nShare_date_x: {later:%Y-%m-%d %H:%M}\n")
    result = build(SAMPLE_PREVIEW, tmp_path / "output", content=content, fatal=False,
                   extra={"SHARE_KIT": json.dumps({"folder": str(kit), "rhythm": 0, "days": 14})})
    assert result.returncode == 0, result.log
    live = live_at(when)
    data = load(kit)

    for entry in data["posts"]:  # no post in the kit, planned or published, is shared before it is live
        post_live = live_at(datetime.fromisoformat(entry["date"]))
        assert all(datetime.fromisoformat(d) >= post_live for d in entry["share_dates"].values()), entry["slug"]
    planned = next(p for p in data["posts"] if p["title"] == "Planerat besök")
    assert datetime.fromisoformat(planned["share_dates"]["linkedin"]) == live
    assert datetime.fromisoformat(planned["share_dates"]["x"]) == later
    assert planned["share_moved"] == {"linkedin": when.isoformat()}
    assert any("Share_date_linkedin" in w and w.startswith(f"content/{planned['source']}:") for w in planned["warnings"])

    ics = {(str(e["summary"]).split(":")[0], e.decoded("dtstart").astimezone(tz).strftime("%Y-%m-%d %H:%M"))
           for e in Calendar.from_ical((kit / "kalender.ics").read_bytes()).walk("VEVENT")
           if str(e["summary"]).endswith("Planerat besök")}
    html = (kit / "index.html").read_text(encoding="utf-8")
    overview = {(label, when) for title, label, when in overview_times(html) if title == "Planerat besök"}
    today = datetime.now(tz).date()
    text = calendar_text(data, today, 14, 0, list(NAMES), str(tz))  # the build's: SHARE_KIT names none
    lines = text.splitlines()
    terminal = {(label, when) for title, label, when in terminal_times(text, today) if title == "Planerat besök"}
    expected = {("Blogg", f"{when:%Y-%m-%d %H:%M}"), ("LinkedIn", f"{live:%Y-%m-%d %H:%M}"),
                ("X", f"{later:%Y-%m-%d %H:%M}")} | {(n, f"{live:%Y-%m-%d %H:%M}")
                                                     for n in ("Mastodon", "Bluesky", "Facebook", "Threads")}
    assert ics == overview == terminal == expected
    assert any(line.strip().startswith(f"! content/{planned['source']}:") for line in lines), text
    assert "flyttad från 07:00" in BeautifulSoup(html, "html.parser").get_text()


def test_the_readme_gives_the_schedules_own_times():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Publicera\n")[1].split("\n## ")[0]
    assert f"07.{RUN_MINUTE:02d}, 08.{RUN_MINUTE:02d}" in section
    assert f"syns ungefär mellan 07.10 och {live_at(at('2026-12-02 07:00')):%H.%M}" in section
    assert f"körningen 08.{RUN_MINUTE:02d} och syns senast {live_at(at('2026-12-02 07:15')):%H.%M}" in section
    assert "Enable workflow" in section and "Run workflow" in section
