"""The calendar in a real preview build of a small site (the golden content plus posts planned for
the coming days and around next year's daylight-saving switches): kalender.ics read alike by four
parsers, the overview's week grid, `invoke calendar`, and the overview in Chromium."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from share_kit.calendar import day_heading
from share_kit.cli import calendar_text, load
from share_kit.ical import LENGTH, RECENT_DAYS
from share_kit.kit_folder import labels
from share_kit.networks import NAMES
from tests.calendar_reading import overview_times, terminal_times
from tests.conftest import free_port, serve
from tests.ics_readers import disagreements, read_everywhere
from tests.sample_site import PREVIEW_SETTINGS
from tests.sitebuild import ROOT, build

TZ = ZoneInfo(read_settings(str(PREVIEW_SETTINGS))["TIMEZONE"])
NETWORKS = list(NAMES)  # SHARE_KIT without "networks": every network the kit has a record for
CLASH_NETWORKS = "LinkedIn, X, Mastodon, Bluesky, Facebook och Threads"  # the photo-less post has no Instagram


def last_sunday(year: int, month: int) -> date:
    end = date(year, month + 1, 1) - timedelta(days=1)
    return end - timedelta(days=(end.weekday() + 1) % 7)


def write(content, name: str, text: str) -> None:
    (content / "posts" / f"{name}.md").write_text(text + "\nEn text.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("calendar")
    content, kit = root / "content", root / "share-kit"
    shutil.copytree(ROOT / "tests/sites/golden/content", content)
    today = datetime.now(TZ).date()
    at = lambda days, hour, minute=0: datetime.combine(today + timedelta(days=days), datetime.min.time(),  # noqa: E731
                                                       TZ).replace(hour=hour, minute=minute)
    write(content, "krock-a", f"Title: Krock med bild\nDate: {at(2, 9, 15):%Y-%m-%d %H:%M}\nSummary: A.\n"
          "Image: images/besok.jpg\nImage_alt: Två personer vid ett bord.")
    write(content, "krock-b", f"Title: Krock utan bild\nDate: {at(2, 14):%Y-%m-%d %H:%M}\nSummary: B.")
    write(content, "flyttad", f"Title: Flyttad tid\nDate: {at(5, 7):%Y-%m-%d %H:%M}\nSummary: C.\n"
          f"Share_date_linkedin: {at(5, 6):%Y-%m-%d %H:%M}")
    write(content, "utkast-i-dag", f"Title: Utkast för i dag\nDate: {at(0, 8):%Y-%m-%d %H:%M}\nStatus: draft\n"
          "Summary: D.")
    write(content, "nyligen", f"Title: Nyligen ute\nDate: {at(-3, 9):%Y-%m-%d %H:%M}\nSummary: E.")
    # Around next year's switches: 09:15 local is 08:15Z in winter time and 07:15Z in summer time.
    march, october = last_sunday(today.year + 1, 3), last_sunday(today.year + 1, 10)
    for name, day in (("fore-mars", march - timedelta(days=1)), ("mars", march), ("efter-mars", march + timedelta(days=1)),
                      ("fore-oktober", october - timedelta(days=1)), ("oktober", october),
                      ("efter-oktober", october + timedelta(days=1))):
        write(content, name, f"Title: Sommartid {name}\nDate: {day} 09:15\nSummary: F.")
    # and one network's time in the night summer time ends, before the clocks go back
    write(content, "natt", f"Title: Natten\nDate: {october - timedelta(days=2)} 09:15\nSummary: G.\n"
          f"Share_date_x: {october} 01:30")
    before = datetime.now(timezone.utc).replace(microsecond=0)
    port = free_port()
    result = build(PREVIEW_SETTINGS, root / "output", content=content, fatal=False,
                   extra={"SITEURL": json.dumps(f"http://127.0.0.1:{port}"),
                          "SHARE_KIT": json.dumps({"folder": str(kit), "rhythm": 3, "days": 14})})
    assert result.returncode == 0, result.log
    result.kit, result.content, result.today, result.made_between = kit, content, today, (
        before, datetime.now(timezone.utc))
    result.switches = march, october
    result.url = f"http://127.0.0.1:{port}"
    shutil.copytree(kit, root / "output" / "delningskit")  # where invoke serve serves it
    server = serve(root / "output", port)
    yield result
    server.shutdown()


def test_every_parser_reads_the_kit_calendar_alike_across_both_switches(site):
    """The truth is kit.json (the post's Date, each network's share time, with their offsets); the
    .ics holds the last RECENT_DAYS days and everything planned, never a draft."""
    data = load(site.kit)
    since = datetime.now(timezone.utc) - timedelta(days=RECENT_DAYS)
    expected = {}
    for post in (p for p in data["posts"] if p["status"] != "utkast"):
        for network, when in [("blogg", post["date"]), *post["share_dates"].items()]:
            start = datetime.fromisoformat(when)
            if start >= since:
                expected[(labels()[network], post["title"])] = start
    found = read_everywhere(site.kit / "kalender.ics")
    icalendar = found["icalendar"]
    assert {e["summary"] for e in icalendar.values()} == {f"{label}: {title}" for label, title in expected}
    truth = {uid: {"summary": e["summary"], "start": expected[tuple(e["summary"].split(": ", 1))],
                   "end": expected[tuple(e["summary"].split(": ", 1))] + LENGTH} for uid, e in icalendar.items()}
    assert disagreements(found, truth) == []
    assert len({(e["summary"]) for e in icalendar.values()}) == len(icalendar) == len(expected)

    march, october = site.switches
    utc = lambda day, hour, minute: datetime.combine(day, datetime.min.time(), timezone.utc).replace(  # noqa: E731
        hour=hour, minute=minute)
    assert expected[("Blogg", "Sommartid fore-mars")] == utc(march - timedelta(days=1), 8, 15)
    assert expected[("Blogg", "Sommartid efter-mars")] == utc(march + timedelta(days=1), 7, 15)
    assert expected[("Blogg", "Sommartid fore-oktober")] == utc(october - timedelta(days=1), 7, 15)
    assert expected[("Blogg", "Sommartid efter-oktober")] == utc(october + timedelta(days=1), 8, 15)
    assert expected[("X", "Natten")] == utc(october - timedelta(days=1), 23, 30), "01:30 summer time"
    assert ("Blogg", "Utkast för i dag") not in expected and ("Blogg", "Nyligen ute") in expected
    assert not any(title.startswith("Första besöket") for _, title in expected), "older than the window"

    stamps = {e["stamp"] for parser in found.values() for e in parser.values()}
    low, high = site.made_between
    assert len(stamps) == 1 and low <= stamps.pop() <= high, "DTSTAMP: when the file was made, in every parser"


def test_the_overview_is_a_week_grid_with_one_warning_per_clash_and_drafts_apart(site):
    html = (site.kit / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.select("table.calendar")
    monday = site.today - timedelta(days=site.today.weekday())
    horizon = site.today + timedelta(days=13)
    assert len(tables) == (horizon - monday).days // 7 + 1
    for n, table in enumerate(tables):
        assert table.caption.get_text(strip=True).startswith(f"Vecka {(monday + timedelta(days=7 * n)).isocalendar().week}:")
        assert [(th["scope"], th.get_text(strip=True)) for th in table.thead.select("th")] == [
            ("col", "Dag och inlägg"), *(("col", labels()[n]) for n in ["blogg", *NETWORKS])]
        days = [tr.th.time["datetime"] for tr in table.tbody.select("tr")]
        assert sorted(set(days)) == [(monday + timedelta(days=7 * n + d)).isoformat() for d in range(7)]
        assert all(tr.th["scope"] == "row" for tr in table.select("tbody tr, tfoot tr"))

    clash_day = (site.today + timedelta(days=2)).isoformat()
    rows = [tr for tr in soup.select("table.calendar tbody tr") if tr.th.time["datetime"] == clash_day]
    assert [tr.th.a.get_text() for tr in rows] == ["Krock med bild", "Krock utan bild"]
    for row in rows:
        marked = [labels()[n] for n, td in zip(["blogg", *NETWORKS], row.select("td"), strict=True)
                  if "krock" in td.get_text()]
        assert marked == ["LinkedIn", "X", "Mastodon", "Bluesky", "Facebook", "Threads"], "in words, not colour alone"
    warnings = [li.get_text() for li in soup.select(".kit-warnings li")]
    clashes = [w for w in warnings if "delas samma dag" in w]
    assert clashes == [f"{clash_day}: ”Krock med bild” och ”Krock utan bild” delas samma dag på {CLASH_NETWORKS}. "
                       "Flytta ett av dem till en annan dag, till exempel med Share_date_linkedin, Share_date_x, "
                       "Share_date_mastodon, Share_date_bluesky, Share_date_facebook och Share_date_threads i "
                       "content/posts/krock-b.md."]

    grid = soup.select_one("table.calendar").find_parent("section")
    drafts = [li.a.get_text() for li in grid.select(".kit-drafts li")]
    assert drafts == ["Hemligt utkast", "Utkast för i dag"]
    assert not [tr for tr in soup.select("table.calendar tbody tr") if tr.th.a and "tkast" in tr.th.a.get_text()]
    first_week = tables[0].tfoot.select("td")
    planned_this_week = {p["slug"] for p in load(site.kit)["posts"] if p["status"] != "utkast"
                         and monday <= date.fromisoformat(p["share_dates"]["linkedin"][:10]) < monday + timedelta(days=7)}
    assert first_week[1].get_text().startswith(f"{len(planned_this_week)} av 3"), "drafts are never counted"


def test_invoke_calendar_says_what_the_overview_shows(site):
    data = load(site.kit)
    text = calendar_text(data, site.today, 14, 3, NETWORKS, str(TZ))
    html = (site.kit / "index.html").read_text(encoding="utf-8")
    assert terminal_times(text, site.today) == overview_times(html) != set()
    assert text.count("delas samma dag") == 1
    assert f"  {day_heading(site.today)} (i dag): ledigt" in text.splitlines(), "today's draft is no plan"
    assert "  Utkast för i dag (content/posts/utkast-i-dag.md)" in text.splitlines()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_overview_passes_axe_and_fits_the_screen(browser, site, width, scheme):
    from tests.test_browser import axe_violations

    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/delningskit/")
        assert axe_violations(page) == []
        layout = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            tables: [...document.querySelectorAll('table.calendar')].map(t => t.scrollWidth - t.parentElement.clientWidth),
            wrapped: [...document.querySelectorAll('table.calendar td time')].filter(t => t.getClientRects().length > 1
                       || t.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(t).fontSize)).length,
            css: getComputedStyle(document.querySelector('table.calendar')).borderCollapse,
        })""")
    finally:
        context.close()
    assert layout["css"] == "collapse", "the kit's stylesheet was loaded"
    assert layout["page"] <= width and max(layout["tables"]) <= 0, layout
    assert layout["wrapped"] == 0, "every time stays on one line"
