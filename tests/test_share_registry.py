"""Adding a network is one record: in a copy of the project, a made-up network (Pixelfed) is added to
the records in plugins/share_kit/networks.py and no other code is touched; the owner lists it in
SHARE_KIT "networks" in pelicanconf.py, as they would any network. A real preview build and the real
`invoke` tasks then give it everything the others have: its text, Pixelfed_text, Share_date_pixelfed,
Posted_pixelfed, its column in the week grid, its events in kalender.ics, its kit.json entry with the
card its record names, and its place among `invoke share --network`'s choices and help. Facebook and
Threads, configured in the same build, get the same."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from tests.calendar_reading import overview_times, terminal_times
from tests.project_copy import copy_project, invoke
from tests.sample_site import draw_photo

TZ = ZoneInfo("Europe/Stockholm")
RECORD = ('    Network("pixelfed", "Pixelfed", 500, utf16_length, fold=None, max_hashtags=3, links_clickable=True,\n'
          '            needs_image=True, card="picture", post_hosts=("pixelfed.social",)),\n')
CONFIGURED = ("linkedin", "facebook", "threads", "pixelfed")
HOOK = "Larmet gick mitt i fikat."
OWN_TEXT = "Egen text för Pixelfed, skriven för hand."
OWN_FACEBOOK = "Egen text för Facebook. Välkommen på öppet hus!"
POSTED = "https://pixelfed.social/p/kim/760000000000000001"


def at(days: int, hour: int) -> datetime:
    today = datetime.now(TZ).date()
    return datetime.combine(today + timedelta(days=days), datetime.min.time(), TZ).replace(hour=hour)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("registry") / "blogg")
    networks = project / "plugins/share_kit/networks.py"
    source = networks.read_text(encoding="utf-8")
    end_of_records = "\n)\n\nNETWORKS: Mapping"
    assert source.count(end_of_records) == 1
    networks.write_text(source.replace(end_of_records, f"\n{RECORD}){end_of_records[2:]}"), encoding="utf-8")
    settings = project / "pelicanconf.py"
    listed = '"networks": ("linkedin", "instagram", "x", "mastodon", "bluesky"),'
    assert listed in settings.read_text(encoding="utf-8")
    settings.write_text(settings.read_text(encoding="utf-8").replace(listed, f'"networks": {CONFIGURED},'),
                        encoding="utf-8")
    shutil.rmtree(project / "content")
    posts = project / "content" / "posts"
    posts.mkdir(parents=True)
    draw_photo(project / "content/images/brandstation.jpg", (1200, 800), (170, 30, 30))
    common = ("Category: Besök\nTags: räddningstjänst, arbetsmiljö\nImage: images/brandstation.jpg\n"
              "Image_alt: Illustration: två personer framför en brandbil.\nConsent: yes\n"
              "People: Jonas Berg (brandman); Sara Lind (styrkeledare)\nPlace: Brandstationen, Ekbacka\n")
    (posts / "planerad.md").write_text(
        f"Title: Övning på brandstationen\nDate: {at(1, 9):%Y-%m-%d %H:%M}\n{common}Hook: {HOOK}\n"
        "Summary: Räddningstjänsten övar varje dag.\n"
        f"Share_date_threads: {at(2, 8):%Y-%m-%d %H:%M}\nShare_date_pixelfed: {at(3, 12):%Y-%m-%d %H:%M}\n"
        f"Facebook_text: {OWN_FACEBOOK}\n\nRäddningstjänsten övar varje dag.\n", encoding="utf-8")
    (posts / "delad.md").write_text(
        f"Title: Besök hos räddningstjänsten\nDate: {at(-1, 9):%Y-%m-%d %H:%M}\n{common}"
        f"Summary: Jag fick följa med på en övning.\nPixelfed_text: {OWN_TEXT}\n\nJag fick följa med.\n",
        encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def shared(project):
    """`invoke posted` (a build, then the field written), then `invoke share` (a build with the field)."""
    wrong = invoke(project, "posted", "besok-hos", "--network", "pixelfed", "--url", "https://x.com/kim/status/1")
    done = invoke(project, "posted", "besok-hos", "--network", "pixelfed", "--url", POSTED)
    text = invoke(project, "share", "ovning", "--network", "pixelfed")
    every = invoke(project, "share", "ovning")
    return wrong, done, text, every


@pytest.fixture(scope="module")
def kit(project, shared):
    return {post["slug"]: post for post in json.loads((project / "share-kit/kit.json").read_text("utf-8"))["posts"]}


def test_the_new_network_has_a_text_by_the_same_rules_and_an_override(kit):
    planned, published = kit["ovning-pa-brandstationen"], kit["besok-hos-raddningstjansten"]
    assert list(planned["texts"]) == list(CONFIGURED)
    pixelfed = planned["texts"]["pixelfed"]
    assert (pixelfed["label"], pixelfed["limit"], pixelfed["fold"], pixelfed["card"]) == ("Pixelfed", 500, None,
                                                                                        "picture")
    # Shared three days after the visit: no "I dag", the hook first, the link last.
    assert pixelfed["text"].startswith(f"{HOOK} Jag träffade Jonas Berg (brandman) och Sara Lind (styrkeledare)")
    assert pixelfed["text"].endswith(f"\n\n{planned['url']}") and pixelfed["length"] <= 500
    assert planned["texts"]["linkedin"]["text"].startswith(f"{HOOK} I dag träffade jag Jonas Berg")
    assert planned["texts"]["threads"]["text"].startswith(f"{HOOK} I går träffade jag Jonas Berg")
    assert planned["texts"]["facebook"]["text"] == OWN_FACEBOOK  # Facebook_text, as written
    assert published["texts"]["pixelfed"]["text"] == OWN_TEXT  # Pixelfed_text, as written
    assert published["texts"]["linkedin"]["text"] != OWN_TEXT


def test_its_share_date_moves_it_in_kit_json_the_week_grid_and_kalender_ics(project, kit):
    planned = kit["ovning-pa-brandstationen"]
    when = {n: datetime.fromisoformat(d) for n, d in planned["share_dates"].items()}
    assert list(when) == list(CONFIGURED)
    assert (when["pixelfed"], when["threads"]) == (at(3, 12), at(2, 8))
    assert when["facebook"] == when["linkedin"] > at(1, 9)  # no Share_date: when the page is live
    events = {str(e["summary"]): e.decoded("dtstart") for e in
              Calendar.from_ical((project / "share-kit/kalender.ics").read_bytes()).walk("VEVENT")}
    for network, label in (("pixelfed", "Pixelfed"), ("threads", "Threads"), ("facebook", "Facebook")):
        assert events[f"{label}: Övning på brandstationen"] == when[network].astimezone(timezone.utc)
    soup = BeautifulSoup((project / "share-kit/index.html").read_text(encoding="utf-8"), "html.parser")
    heads = [th.get_text(strip=True) for th in soup.select_one("table.calendar").thead.select("th")]
    assert heads == ["Dag och inlägg", "Blogg", "LinkedIn", "Facebook", "Threads", "Pixelfed"]
    grid = overview_times(str(soup))
    assert ("Övning på brandstationen", "Pixelfed", f"{at(3, 12):%Y-%m-%d %H:%M}") in grid


def test_invoke_calendar_shows_it_as_the_grid_does(project, kit):
    result = invoke(project, "calendar")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "share-kit/index.html").read_text(encoding="utf-8")
    today = datetime.now(TZ).date()
    assert terminal_times(result.stdout, today) == overview_times(html)
    assert ("Övning på brandstationen", "Pixelfed", f"{at(3, 12):%Y-%m-%d %H:%M}") in terminal_times(
        result.stdout, today)


def test_its_card_is_the_one_its_record_names(project, kit):
    """Instagram is not configured: the 4:5 picture is drawn because Pixelfed's record asks for it."""
    planned = kit["ovning-pa-brandstationen"]
    assert [(i["card"], i["use"]) for i in planned["images"]] == [
        ("link", "Länkkort (Open Graph): LinkedIn, Facebook, Threads"), ("picture", "Bild 4:5: Pixelfed")]
    page = BeautifulSoup((project / "share-kit/ovning-pa-brandstationen/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    for network in CONFIGURED:
        shown = page.find(id=f"h-{network}").find_parent("section").select_one("figure.network-post")
        assert [img["src"] for img in shown.find_all("img")] == [f"{planned['texts'][network]['card']}.jpg"]
    assert (project / "share-kit/ovning-pa-brandstationen/picture.jpg").is_file()


def test_invoke_posted_and_share_offer_it_and_check_its_address(project, shared, kit):
    wrong, done, text, every = shared
    assert wrong.returncode != 0 and wrong.stderr.startswith(
        "invoke posted: Posted_pixelfed: ”https://x.com/kim/status/1” är ingen adress till ett inlägg på "
        "pixelfed.social"), wrong.stderr
    assert done.returncode == 0 and "Skrev Posted_pixelfed i content/posts/delad.md" in done.stdout, done.stderr
    assert f"Posted_pixelfed: {POSTED}\n" in (project / "content/posts/delad.md").read_text(encoding="utf-8")
    assert kit["besok-hos-raddningstjansten"]["posted"] == {"pixelfed": POSTED}
    page = next((project / "output").glob("*/besok-hos-raddningstjansten/index.html"))
    links = {a.get_text(): a["href"] for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
             .select(".discussions li > a:first-child")}
    assert links == {"Diskussion på Pixelfed": POSTED}
    assert text.returncode == 0 and text.stdout == kit["ovning-pa-brandstationen"]["texts"]["pixelfed"]["text"] + "\n"
    assert "== Pixelfed (" in every.stdout and "== Threads (" in every.stdout and "== Facebook (" in every.stdout
    unknown = invoke(project, "share", "ovning", "--network", "myspace")
    assert unknown.stderr.strip() == ("invoke share: nätverket 'myspace' finns inte; välj bland linkedin, facebook, "
                                      "threads, pixelfed")
    for task in ("share", "posted"):
        help_text = invoke(project, "--help", task)
        assert help_text.returncode == 0
        assert "--network=TEXT linkedin, instagram, x, mastodon, bluesky, facebook, threads eller pixelfed" in " ".join(
            help_text.stdout.split()), help_text.stdout  # the help's columns wrap
