"""A draft in the preview looks as it will once published, and the warning box shows its problems
once each, marked as a draft's, with paths relative to the project. Real preview build, real
Chromium."""

from __future__ import annotations

import functools
import json
import shutil
import threading

import pytest

from content_checks import TODO_MARKER, consent_problem
from tests.conftest import QuietHandler, QuietServer, free_port
from tests.sample_site import PREVIEW_SETTINGS as SAMPLE_PREVIEW  # the preview settings, the fixture owner
from tests.sitebuild import ROOT, build

GOLDEN = ROOT / "tests/sites/golden"
SLUG = "besok-pa-forskolan-solen"
DRAFT = """Title: Besök på förskolan Solen
Date: 2025-06-01 09:00
Category: Besök
Summary: Jag besökte förskolan Solen.
Image: images/besok.jpg
Image_alt: Två personer vid ett bord.
Consent: no
People: Maria Svensson (förskollärare); Ali Hassan (rektor)
Place: Solen, Ekbacka
Status: draft

Förskolan Solen har gjort om gården. Barnen planerade den själva tillsammans med personalen.

Se också [det här inlägget]({filename}/posts/2020-01-01-finns-inte.md).
"""
FILE = "content/posts/2025-06-01-solen.md"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("draft-preview")
    content = root / "content"
    shutil.copytree(GOLDEN / "content", content)
    (content / "posts/2025-06-01-solen.md").write_text(DRAFT, encoding="utf-8")
    (content / "pages/om-mig.md").write_text(f"Title: Om mig\nSlug: om-mig\nStatus: draft\n\n{TODO_MARKER}: skriv om dig.\n",
                                              encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # As tests/conftest.py's preview_site: the preview settings, the kit in a folder of its own.
    result = build(SAMPLE_PREVIEW, root / "output", content=content, fatal=False,
                   extra={"SITEURL": json.dumps(url), "SEARCH": '{"enabled": false}',
                          "SHARE_KIT": json.dumps({"folder": str(root / "kit")}),
                          "CACHE_PATH": json.dumps(str(root / "cache"))})
    assert result.returncode == 0, result.log
    server = QuietServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(root / "output")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, url, result
    server.shutdown()


def test_the_warnings_of_a_draft_are_listed_once_marked_and_relative(preview):
    root, _, result = preview
    warnings = json.loads((root / "output/_build/warnings.json").read_text(encoding="utf-8"))
    mine = [w for w in warnings if f"{FILE} (utkast)" in w]
    assert len([w for w in mine if "Consent:" in w]) == 1, warnings
    link = [w for w in warnings if "2020-01-01-finns-inte.md" in w]
    assert len(link) == 1 and f"{FILE} (utkast): texten: länken" in link[0], warnings
    assert not any(str(root) in w for w in warnings), warnings
    assert len(warnings) == len(set(warnings))
    assert any(f"content/pages/om-mig.md (utkast): texten, rad 5: {TODO_MARKER} står kvar" in w for w in warnings)
    assert f"{FILE} (utkast): Consent:" in result.log, "the terminal says it too"


def test_the_share_kit_warns_with_the_same_consent_rule(preview):
    root, _, _ = preview
    kit = json.loads((root / "kit/kit.json").read_text(encoding="utf-8"))
    post = next(p for p in kit["posts"] if p["slug"] == SLUG)
    assert consent_problem({"image": "x.jpg", "people": "Maria"}, "") in post["warnings"]


@pytest.mark.browser
def test_a_draft_page_shows_its_people_reading_time_and_warnings(preview, browser):
    _, url, _ = preview
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(f"{url}/utkast/{SLUG}/")
    page.wait_for_selector("#build-warnings:not([hidden])")
    people = page.locator("section.people li").all_inner_texts()
    assert people == ["Maria Svensson, förskollärare", "Ali Hassan, rektor"]
    assert "1 min läsning" in page.locator("article header").inner_text()
    items = page.locator("#build-warnings li").all_inner_texts()
    consent = [item for item in items if "Consent:" in item]
    assert len(consent) == 1 and f"{FILE} (utkast)" in consent[0], items
    assert len(items) == len(set(items)), items
    context.close()
