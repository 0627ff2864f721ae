"""The share texts of a real preview build: the hook first and the visit in the tense of its share day."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.golden import SITE as GOLDEN
from tests.sample_site import PHOTOS, PREVIEW_SETTINGS, draw_photo
from tests.sitebuild import build

HOOK = "Brandlarmet gick mitt i fikat."


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    root = tmp_path_factory.mktemp("texts")
    content = root / "content"
    shutil.copytree(GOLDEN / "content", content)
    draw_photo(content / "images" / "samir.jpg", PHOTOS["samir.jpg"][:2], PHOTOS["samir.jpg"][2])
    tomorrow = datetime.now(ZoneInfo("Europe/Stockholm")).date() + timedelta(days=1)
    (content / "posts" / f"{tomorrow}-brandstationen.md").write_text(
        f"Title: En dag på brandstationen\nDate: {tomorrow} 09:00\nCategory: Besök\n"
        f"Summary: Räddningstjänsten övar varje dag. I dag fick jag vara med.\nHook: {HOOK}\n"
        "People: Jonas Berg (brandman); Sara Lind (styrkeledare)\nPlace: Brandstationen, Provstad\n"
        f"Share_date_x: {tomorrow + timedelta(days=1)} 08:00\nShare_date_bluesky: {tomorrow + timedelta(days=4)} 08:00\n\n"
        "Räddningstjänsten övar varje dag.\n", encoding="utf-8")
    folder = root / "share-kit"
    result = build(PREVIEW_SETTINGS, root / "output", content=content, fatal=False,
                   extra={"SHARE_KIT": json.dumps({"folder": str(folder)})})
    assert result.returncode == 0, result.log
    return {post["source"]: post for post in json.loads((folder / "kit.json").read_text(encoding="utf-8"))["posts"]}


def test_a_planned_visit_starts_with_its_hook_and_says_today_only_where_shared_that_day(kit):
    post = next(p for p in kit.values() if p["title"] == "En dag på brandstationen")
    texts = post["texts"]
    for network, text in texts.items():
        assert text["text"].startswith(HOOK), network
    assert f"{HOOK} I dag träffade jag Jonas Berg (brandman) och Sara Lind (styrkeledare)" in texts["linkedin"]["text"]
    assert "Jonas Berg" in texts["instagram"]["before_fold"] and "Sara Lind" in texts["instagram"]["before_fold"]
    assert "I går träffade jag Jonas Berg" in texts["x"]["text"]  # shared the next day
    assert "Jag träffade Jonas Berg" in texts["bluesky"]["text"]  # four days later
    assert texts["linkedin"]["text"].endswith(post["url"])


def test_a_visit_dated_in_the_past_never_says_today(kit):
    post = kit["posts/2025-01-10-forsta-besoket.md"]
    for network, text in post["texts"].items():
        assert "I dag träffade" not in text["text"], network
        assert "Jag träffade Maria Svensson" in text["text"], network
        # No Hook: the Summary's first sentence comes first.
        assert text["text"].startswith("Jag besökte Lindgårdens äldreboende"), network
