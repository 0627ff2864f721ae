"""The share kit of the sample site: a kit for every post and note, private, accessible, working."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from PIL import Image

from share_kit.networks import NETWORKS
from tests.content_files import is_unpublished, sources
from tests.sitebuild import ROOT


@pytest.fixture(scope="module")
def kit(sample_preview):
    return json.loads((sample_preview.kit / "kit.json").read_text(encoding="utf-8"))


def test_every_post_and_note_has_a_kit_with_every_network(sample_preview, kit):
    content = sample_preview.content
    files = sources(content, "posts") + sources(content, "notes")
    assert len(kit["posts"]) == len(files) - 1, "every post and note but the hidden one"
    assert {p["source"] for p in kit["posts"]} == {str(path.relative_to(content)) for path, meta in files
                                                   if meta.get("status") != "hidden"}
    for post in kit["posts"]:
        assert set(post["texts"]) == set(NETWORKS)  # SHARE_KIT without "networks": every record
        for text in post["texts"].values():
            assert 0 < text["length"] <= text["limit"], (post["slug"], text["label"])
        assert (content / post["source"]).exists()


def test_planned_and_draft_posts_are_marked(sample_preview, kit):
    statuses = {p["source"]: p["status"] for p in kit["posts"]}
    for path, meta in sources(sample_preview.content, "posts"):
        if meta.get("status") == "hidden":
            continue
        source = str(path.relative_to(sample_preview.content))
        expected = "utkast" if meta.get("status") == "draft" else "planerad" if is_unpublished(meta) else "publicerad"
        assert statuses[source] == expected, source


def test_kit_images_have_their_sizes_and_alt_text(sample_preview, kit):
    for post in kit["posts"]:
        for image in post["images"]:
            with Image.open(sample_preview.kit / post["slug"] / image["name"]) as made:
                assert made.size == (image["width"], image["height"])
            assert image["alt"].strip()
        assert {(i["width"], i["height"]) for i in post["images"]} == {(1200, 630), (1080, 1350)}


def test_kit_never_reaches_the_public_output(sample_site, kit):
    assert not (sample_site.output / "delningskit").exists()
    for path in sample_site.output.rglob("*"):
        assert path.name not in {"kit.json", "kalender.ics"}
    published = [p for p in kit["posts"] if p["status"] == "publicerad"]
    cards = list((sample_site.output / "images/share").iterdir())
    assert len(cards) == len(published) + 1, "only published posts' link cards, and the site's own card"
    for card in cards:
        with Image.open(card) as image:
            assert image.size == (1200, 630)


def test_articles_use_their_link_card_as_og_image(sample_site, page_types):
    soup = BeautifulSoup(sample_site.read(page_types["post"]), "html.parser")
    image = soup.find("meta", property="og:image")["content"]
    assert image.startswith(f"{sample_site.url}/images/share/")
    assert soup.find("meta", property="og:image:width")["content"] == "1200"
    assert soup.find("meta", property="og:image:height")["content"] == "630"
    assert "Text på bilden:" in soup.find("meta", property="og:image:alt")["content"]


def test_calendar_file_parses_and_lists_planned_posts(sample_preview, kit):
    calendar = Calendar.from_ical((sample_preview.kit / "kalender.ics").read_bytes())
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    planned = next(p for p in kit["posts"] if p["status"] == "planerad")
    assert f"LinkedIn: {planned['title']}" in summaries
    assert f"Blogg: {planned['title']}" in summaries


def test_invoke_share_prints_one_network_for_piping(sample_preview, kit, tmp_path):
    from share_kit.cli import KitError, calendar_text, find_post, share_text

    post = next(p for p in kit["posts"] if p["status"] == "publicerad" and p["kind"] == "post")
    assert share_text(kit, post["slug"], "linkedin") == post["texts"]["linkedin"]["text"]
    assert "== LinkedIn" in share_text(kit, post["slug"], None)
    with pytest.raises(KitError, match="inget inlägg"):
        find_post(kit, "finns-inte")
    with pytest.raises(KitError, match="nätverket 'myspace' finns inte"):
        share_text(kit, post["slug"], "myspace")
    from datetime import date, timedelta

    planned = next(p for p in kit["posts"] if p["status"] == "planerad")
    text = calendar_text(kit, date.fromisoformat(planned["date"][:10]) - timedelta(days=3), 14, 3, ["linkedin"],
                         "Europe/Stockholm")
    assert planned["title"] in text


def test_invoke_share_without_a_kit_says_what_to_do(tmp_path):
    result = subprocess.run([sys.executable, "-c", (
        "import sys; sys.path.insert(0, 'plugins'); from pathlib import Path; "
        "from share_kit.cli import load; load(Path(sys.argv[1]))"), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert "bygg webbplatsen först" in result.stderr


@pytest.mark.browser
def test_kit_pages_pass_axe_and_copy_buttons_work(browser, sample_preview, kit):
    from tests.test_browser import axe_violations

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sample_preview.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(sample_preview.url)
               else (outside.append(route.request.url), route.abort()))
    try:
        page.goto(f"{sample_preview.url}/delningskit/")
        assert axe_violations(page) == []
        post = next(p for p in kit["posts"] if p["images"] and p["status"] == "publicerad")
        page.goto(f"{sample_preview.url}/delningskit/{post['slug']}/")
        assert axe_violations(page) == []
        page.click("button[data-copy='text-linkedin']")
        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0", timeout=5000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == post["texts"]["linkedin"]["text"]
        assert page.locator("#copy-status").inner_text() == "Kopierat."
    finally:
        context.close()
    assert outside == [] and errors == []


def test_second_build_draws_no_share_image(tmp_path):
    from tests.golden import SITE
    from tests.sitebuild import build

    settings = {"SHARE_KIT": json.dumps({"cache": str(tmp_path / "cache"), "write_kit": False})}
    first = build(SITE / "settings.py", tmp_path / "one", extra=settings, verbose=True)
    second = build(SITE / "settings.py", tmp_path / "two", extra=settings, verbose=True)
    assert "share_kit: 5 share images, 5 made, 0 reused from cache" in first.log, "published link cards only"
    assert "share_kit: 5 share images, 0 made, 5 reused from cache" in second.log, second.log


def test_cards_off_draws_no_post_image_and_falls_back_to_the_site_card(tmp_path):
    from tests.golden import SITE
    from tests.sitebuild import build

    settings = {"SHARE_KIT": json.dumps({"cache": str(tmp_path / "cache"), "write_kit": False, "cards": False})}
    result = build(SITE / "settings.py", tmp_path / "out", extra=settings, verbose=True)
    assert result.returncode == 0, result.log
    assert "share_kit: 0 share images, 0 made" in result.log
    # Only the site's own card, drawn from the owner's name and role, is published.
    [site_card] = (tmp_path / "out" / "images" / "share").iterdir()
    page = BeautifulSoup((tmp_path / "out" / "2025" / "om-planering" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("meta", property="og:image")["content"] == f"https://golden.example/images/share/{site_card.name}"
    assert page.find("meta", property="og:image:alt")["content"] == \
        "Text på bilden: Kim Provare, Förvaltningschef, Provstads kommun."
    with Image.open(site_card) as card:
        assert card.size == (1200, 630)


def test_bad_share_kit_settings_are_one_clear_error(tmp_path):
    from tests.golden import SITE
    from tests.sitebuild import build

    result = build(SITE / "settings.py", tmp_path / "out", extra={"SHARE_KIT": '{"networks": ["myspace"]}'})
    assert result.returncode != 0
    assert "SHARE_KIT i pelicanconf.py: networks nämner okända nätverk: myspace; kända är linkedin" in result.log
    assert "Traceback" not in result.log


def test_publishing_after_the_preview_leaves_no_kit_in_the_output(tmp_path):
    from tests.golden import SITE
    from tests.sitebuild import build

    output = tmp_path / "out"
    (output / "delningskit").mkdir(parents=True)  # a stale copy (invoke serve once put the kit there)
    (output / "delningskit" / "kit.json").write_text("{}")
    result = build(SITE / "settings.py", output)
    assert result.returncode == 0, result.log
    assert not (output / "delningskit").exists()
