"""The archive's platform registry (plugins/social_archive/platforms.py): one record per platform.

A made-up platform, added as one record with its reader and no other change, is imported by
`invoke import` and shown everywhere the archive shows a platform: its pages, the navigation,
the search filter, the statistics and their colours, the feed, the open data and its
documentation, with its hashtags linked where the record says.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from importlib import import_module

import feedparser
import pytest
from bs4 import BeautifulSoup

from social_archive.platforms import PLATFORMS, Platform, importable
from tests.archive_support import posts_in, run
from tests.golden import SITE
from tests.sitebuild import ROOT, build

MADE_UP = Platform("pixelfed", "Pixelfed", "#2e8b57", "tests.made_up.pixelfed", ("pixelfed.social",),
                   hashtag_url="https://pixelfed.social/discover/tags/{}")
BACKGROUNDS = re.findall(r"--bg: (#[0-9a-f]{6})", (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8"))


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, bl = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("record", [*PLATFORMS.values(), MADE_UP], ids=lambda r: r.name)
def test_every_record_is_whole(record):
    assert len(BACKGROUNDS) == 2  # light and dark
    assert all(contrast(record.colour, bg) >= 3 for bg in BACKGROUNDS), record.colour
    for template in (record.hashtag_url, record.mention_url):
        assert template is None or (template.startswith("https://") and "{}" in template)
    if record.reader and record in PLATFORMS.values():
        module = import_module(record.reader, "social_archive.exports")
        assert module.PLATFORM == record.name and callable(module.looks_like) and callable(module.read)


def test_a_made_up_platform_needs_one_record_and_its_reader(tmp_path, monkeypatch):
    monkeypatch.setitem(PLATFORMS, MADE_UP.name, MADE_UP)
    assert "pixelfed" in importable()
    export = tmp_path / "export"
    export.mkdir()
    (export / "pixelfed-posts.json").write_text(json.dumps([
        {"id": 101, "time": 1714550400, "text": "Morgon vid hamnen #ekbacka", "url": "https://pixelfed.social/p/eva/101"},
        {"id": 102, "time": 1714636800, "text": "=SUMMA(A1) <b>fet</b>", "url": "https://evil.example/p/102"},
    ]), encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    code, out, err = run(export, "--archive", content / "archive")
    assert (code, err) == (0, ""), err
    assert "export (pixelfed): 2 lästa = 2 nya" in out
    assert set(posts_in(content / "archive")) == {"pixelfed:101", "pixelfed:102"}
    code, _, err = run(export, "--archive", content / "archive", "--platform", "pixelfed")
    assert code == 0 and err == ""

    settings = tmp_path / "made_up_settings.py"
    settings.write_text(textwrap.dedent(f"""\
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(SITE)!r}]
        from settings import *  # the golden site
        from social_archive.platforms import PLATFORMS
        from tests.test_archive_platforms import MADE_UP
        PLATFORMS[MADE_UP.name] = MADE_UP
        SEARCH = {{"enabled": True}}
        """), encoding="utf-8")
    result = build(settings, tmp_path / "out", content=content)
    assert result.returncode == 0, result.log
    out_dir = tmp_path / "out" / "arkiv"

    page = BeautifulSoup((out_dir / "inlagg/pixelfed-101/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".badge").get_text(strip=True) == "Pixelfed"
    assert page.find("a", string="#ekbacka")["href"] == "https://pixelfed.social/discover/tags/ekbacka"
    assert page.find("a", string="Originalet på Pixelfed")["href"] == "https://pixelfed.social/p/eva/101"
    other = BeautifulSoup((out_dir / "inlagg/pixelfed-102/index.html").read_text(encoding="utf-8"), "html.parser")
    assert other.find("a", string="Originalet på Pixelfed") is None  # not on the platform's host
    assert "<b>fet</b>" in other.select_one(".archive-text").get_text() and other.select_one(".archive-text b") is None

    listing = BeautifulSoup((out_dir / "pixelfed/index.html").read_text(encoding="utf-8"), "html.parser")
    assert listing.find("a", href=re.compile(r"/arkiv/pixelfed/$"), string="Pixelfed") is not None
    search = BeautifulSoup((tmp_path / "out/sok/index.html").read_text(encoding="utf-8"), "html.parser")
    assert search.select_one("#search-where option[value=Pixelfed]") is not None
    stats = (out_dir / "statistik/index.html").read_text(encoding="utf-8")
    assert 'fill="#2e8b57"' in stats and "Pixelfed" in stats
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((out_dir / "posts.csv").read_text(encoding="utf-8")))}
    assert rows["pixelfed:102"]["text"].startswith("'=SUMMA")
    assert {p["platform"] for p in json.loads((out_dir / "posts.json").read_text(encoding="utf-8"))["posts"]} >= {"pixelfed"}
    docs = BeautifulSoup((out_dir / "oppna-data/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "pixelfed (Pixelfed)" in docs.get_text(" ", strip=True)
    feed = feedparser.parse((tmp_path / "out/feeds/arkiv.atom.xml").read_bytes())
    entries = {e.link.rstrip("/").rsplit("/", 1)[-1]: e for e in feed.entries}
    assert {t.term for t in entries["pixelfed-101"].tags} >= {"Pixelfed"}
