"""Hand-edited or hostile archive files on the site: what they may not do once built.

The archive's JSON can be edited by hand or changed in a pull request. Whatever it says, the site
shows no link that runs script or leads off the platform as "the original", ties no stranger's
page to a blog post, lets no direction control run past a title, feeds no formula to a
spreadsheet, and never crashes on a character XML cannot hold. (A javascript: link or a symbolic
link in the archive is refused by the store itself: tests/test_archive_hostile.py.)
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime, timezone

import feedparser
import pytest
from bs4 import BeautifulSoup

from social_archive.model import ArchivedPost, Provenance, StoredPost
from social_archive.store import post_path, to_json
from tests.golden import SITE
from tests.sitebuild import build

PROVENANCE = (Provenance("a" * 64, "posts.json", "2024-05-01T08:00:00Z"),)
FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"klicka\")", "+46 70 123", "-1+1", "@SUM(A1:A2)", "\tTab först"]
OVERRIDE = "Besök \u202eredrevnav\u202c? nej: \u202ebara början"
XML_HOSTILE = "Noll\x00byte, vertikal\x0btab och \uffff icke-tecken."


def post(platform, post_id, day, text, **fields):
    return ArchivedPost(platform, post_id, "post", datetime(2024, 5, day, 8, 0, tzinfo=timezone.utc), text,
                        provenance=PROVENANCE, **fields)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-archive")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    posts = [
        post("linkedin", "1", 1, "\n".join(FORMULAS)),
        post("instagram", "2", 2, OVERRIDE),
        post("instagram", "3", 3, XML_HOSTILE),
        post("linkedin", "4", 4, "Läs mer om vårt arbete.", url="https://evil.example/feed/update/urn:li:activity:4/",
             shared_url="https://exempel.se/delad-artikel"),
        post("linkedin", "5", 5, "En stulen väg: https://evil.example/2025/om-planering/"),
        post("linkedin", "6", 6, "Mitt blogginlägg: https://provstad.example/blogg/2025/om-planering/",
             url="https://www.linkedin.com/feed/update/urn:li:activity:6/"),
    ]
    for item in posts:
        path = content / "archive" / post_path(item)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_json(StoredPost(item)))
    result = build(SITE / "settings.py", root / "out", content=content, fatal=False)
    assert result.returncode == 0 and "Traceback" not in result.log, result.log
    return root / "out", result.log


def page(output, key):
    folder = next(p for p in (output / "arkiv/inlagg").iterdir() if p.name.endswith(f"-{key}"))
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_open_data_csv_cells_never_start_a_formula_and_json_keeps_the_text(site):
    output, _ = site
    rows = list(csv.DictReader(io.StringIO((output / "arkiv/posts.csv").read_text(encoding="utf-8"))))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    text = next(row["text"] for row in rows if row["id"] == "linkedin:1")
    assert text == "'" + "\n".join(FORMULAS), "a leading apostrophe, the rest exact"
    exact = json.loads((output / "arkiv/posts.json").read_text(encoding="utf-8"))["posts"]
    assert next(p["text"] for p in exact if p["id"] == "linkedin:1") == "\n".join(FORMULAS)
    assert "apostrof" in (output / "arkiv/oppna-data/index.html").read_text(encoding="utf-8")


def test_no_direction_control_runs_past_a_title(site):
    output, _ = site
    shown = page(output, "2")
    for text in (shown.title.get_text(), shown.h1.get_text()):
        assert "\u202e" not in text and "\u202c" not in text, text
    listed = BeautifulSoup((output / "arkiv/index.html").read_text(encoding="utf-8"), "html.parser")
    assert not any("\u202e" in a.get_text() for a in listed.select(".entry-title a"))
    assert "\u202e" in shown.select_one(".archive-text").get_text(), "the text itself stays exact"


def test_characters_xml_cannot_hold_are_left_out_of_pages_and_feeds(site):
    output, _ = site
    for feed in (output / "feeds").rglob("*.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, f"{feed.name}: {parsed.get('bozo_exception')}"
    entry = next(e for e in feedparser.parse((output / "feeds/arkiv.atom.xml").read_bytes()).entries
                 if "Noll" in e.title)
    assert entry.title == "Nollbyte, vertikaltab och icke-tecken"
    body = page(output, "3").select_one(".archive-text").get_text()
    assert not any(c in body for c in "\x00\x0b\uffff") and "Nollbyte" in body


def test_no_link_runs_script_or_calls_another_host_the_original(site):
    output, _ = site
    shown = page(output, "4")
    assert not [a for a in shown.find_all("a", href=True) if a["href"].lower().startswith(("javascript:", "data:"))]
    assert not shown.find("a", string=lambda s: s and s.startswith("Originalet")), "evil.example is not LinkedIn"
    assert page(output, "6").find("a", string="Originalet på LinkedIn")["href"].startswith("https://www.linkedin.com/")


def test_only_a_link_to_the_blog_itself_ties_an_archived_post_to_a_blog_post(site):
    output, _ = site
    blog = BeautifulSoup((output / "2025/om-planering/index.html").read_text(encoding="utf-8"), "html.parser")
    discussion = blog.find("section", class_="discussions")
    linked = {a["href"] for a in discussion.find_all("a")}
    assert any(href.endswith("-6/") for href in linked), "the post linking the blog's public address"
    assert not any(href.endswith("-5/") for href in linked), "a path on another host is not the blog"

