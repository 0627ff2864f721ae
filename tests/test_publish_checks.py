"""What must stop publishing does, with a Swedish message naming the file and the field; once the
post is fixed it publishes. Real builds of a small fixture site with the publishing settings."""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from blog.scaffold import BODY_PLACEHOLDER, SUMMARY_PLACEHOLDER, new_post
from content_checks import TODO_MARKER
from tests.sample_site import PREVIEW_SETTINGS as SAMPLE_PREVIEW  # the preview settings, the fixture owner
from tests.sitebuild import ROOT, build

GOLDEN = ROOT / "tests/sites/golden"
HEADER = "Title: Ett besök\nDate: 2025-06-01 09:00\nCategory: Besök\nSummary: Ett besök på förskolan.\n"
PHOTO = "Image: images/besok.jpg\nImage_alt: Två personer vid ett bord.\n"
PEOPLE = "People: Maria Svensson (förskollärare)\n"
CONSENT = ("Consent: bilden visar namngivna personer (People) men Consent är inte yes; fråga dem och skriv "
           "Consent: yes, eller ta bort bilden")

# case: (folder, the broken file, the message it must give, the same file fixed)
CASES = {
    "consent-no": (
        "posts", HEADER + PHOTO + PEOPLE + "Consent: no\n\nText.\n", CONSENT,
        HEADER + PHOTO + PEOPLE + "Consent: yes\n\nText.\n",
    ),
    "consent-missing-photo-in-text": (
        "posts", HEADER + PEOPLE + "\nText.\n\n![Två personer]({static}/images/besok.jpg)\n", CONSENT,
        HEADER + PEOPLE + "Consent: ja\n\nText.\n\n![Två personer]({static}/images/besok.jpg)\n",
    ),
    "template-summary": (
        "posts", HEADER.replace("Ett besök på förskolan.", SUMMARY_PLACEHOLDER) + "\nText.\n",
        f"Summary: mallens text ”{SUMMARY_PLACEHOLDER}” står kvar; skriv en egen text",
        HEADER + "\nText.\n",
    ),
    "template-body": (
        "posts", HEADER + f"\n{BODY_PLACEHOLDER}\n",
        f"texten, rad 6: mallens text ”{BODY_PLACEHOLDER}” står kvar",
        HEADER + "\nEn text av mitt eget.\n",
    ),
    "todo-in-summary": (
        "posts", HEADER.replace("Ett besök på förskolan.", f"{TODO_MARKER}: skriv en sammanfattning") + "\nText.\n",
        f"Summary: {TODO_MARKER} står kvar (”{TODO_MARKER}: skriv en sammanfattning”); skriv klart och ta bort",
        HEADER + "\nText.\n",
    ),
    "todo-in-page": (
        "pages", f"Title: Om mig\nSlug: om-mig\n\nJag heter {TODO_MARKER} ditt namn.\n",
        f"texten, rad 4: {TODO_MARKER} står kvar",
        "Title: Om mig\nSlug: om-mig\n\nJag heter Kim.\n",
    ),
    "unknown-category": (
        "posts", HEADER.replace("Category: Besök", "Category: Besöket") + "\nText.\n",
        "Category: ”Besöket” finns inte; skriv en av Besök, Ledarskap, Verksamhet, Anteckningar. Menade du Besök?",
        HEADER + "\nText.\n",
    ),
    "bad-share-date": (
        "posts", HEADER + "Share_date_linkedin: i morgon bitti\n\nText.\n",
        "Share_date_linkedin: ”i morgon bitti” är inget datum som går att läsa; skriv till exempel",
        HEADER + "Share_date_linkedin: 2 juni 2025 08:00\n\nText.\n",
    ),
    "bad-swedish-date": (
        "posts", HEADER.replace("2025-06-01 09:00", "31 majj 2025") + "\nText.\n",
        "Date: ”31 majj 2025” är inget datum som går att läsa",
        HEADER.replace("2025-06-01 09:00", "31 maj 2025") + "\nText.\n",
    ),
}


def site_with(tmp_path, folder: str, name: str, text: str):
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(GOLDEN / "content", content)
    (content / folder / f"{name}.md").write_text(text, encoding="utf-8")
    return content


def publish(tmp_path, content):
    return build(GOLDEN / "settings.py", tmp_path / "out", content=content, fatal=True)


@pytest.mark.parametrize("case", sorted(CASES))
def test_publishing_stops_with_the_file_the_field_and_the_fix(tmp_path, case):
    folder, broken, expected, _ = CASES[case]
    result = publish(tmp_path, site_with(tmp_path, folder, case, broken))
    assert result.returncode != 0, result.log
    lines = [line for line in result.log.splitlines() if f"content/{folder}/{case}.md" in line]
    assert any(expected in line for line in lines), result.log
    assert "Traceback" not in result.log
    assert str(tmp_path) not in result.log, "paths are relative to the project"


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_fixed_file_publishes(tmp_path, case):
    folder, _, _, fixed = CASES[case]
    result = publish(tmp_path, site_with(tmp_path, folder, case, fixed))
    assert result.returncode == 0, result.log
    assert not result.warnings, result.log


def test_an_untouched_invoke_new_post_does_not_publish(tmp_path):
    content = site_with(tmp_path, "posts", "placeholder", "")
    (content / "posts/placeholder.md").unlink()
    path = new_post(content, "Besök hos parkförvaltningen", datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm")))
    path.write_text(path.read_text(encoding="utf-8").replace("Status: draft\n", ""), encoding="utf-8")
    result = publish(tmp_path, content)
    assert result.returncode != 0
    assert f"content/posts/{path.name}: Summary: mallens text" in result.log, result.log


def test_swedish_dates_are_read_in_every_date_field(tmp_path):
    text = ("Title: Maj\nDate: fredag 2 maj 2025 kl. 07:30\nModified: 3 maj 2025 10:00\nCategory: Besök\n"
            "Share_date_linkedin: 5 maj 2025 08:00\n\nText.\n")
    result = publish(tmp_path, site_with(tmp_path, "posts", "maj", text))
    assert result.returncode == 0, result.log
    soup = BeautifulSoup((tmp_path / "out/2025/maj/index.html").read_text(encoding="utf-8"), "html.parser")
    times = [t["datetime"] for t in soup.select("article header time")]
    assert times[:2] == ["2025-05-02T07:30:00+02:00", "2025-05-03T10:00:00+02:00"], times


def test_a_draft_never_stops_publishing(tmp_path):
    text = HEADER.replace("Category: Besök", "Category: Besöket") + PHOTO + PEOPLE + "Status: draft\n\n" + \
        f"{TODO_MARKER}: skriv.\n\n![]({{static}}/images/besok.jpg)\n\n![Ännu inte tagen]({{static}}/images/kommer-sen.jpg)\n"
    result = publish(tmp_path, site_with(tmp_path, "posts", "utkast-med-fel", text))
    assert result.returncode == 0, result.log
    assert "utkast-med-fel" not in result.log and "kommer-sen.jpg" not in result.log


def test_a_photo_that_is_not_a_photo_is_named_not_a_traceback(tmp_path):
    content = site_with(tmp_path, "posts", "trasig", HEADER + "Image: images/trasig.jpg\nImage_alt: En bild.\n\nText.\n")
    (content / "images/trasig.jpg").write_text("inte en bild", encoding="utf-8")
    result = publish(tmp_path, content)
    assert result.returncode != 0
    assert "content/images/trasig.jpg: är ingen bild som går att läsa" in result.log, result.log
    assert "Traceback" not in result.log
    preview = build(SAMPLE_PREVIEW, tmp_path / "preview", content=content, fatal=False,
                    extra={"SEARCH": '{"enabled": false}', "SHARE_KIT": f'{{"folder": "{tmp_path / "kit"}"}}',
                           "CACHE_PATH": f'"{tmp_path / "cache"}"'})
    assert preview.returncode == 0 and "Traceback" not in preview.log, preview.log
    assert (tmp_path / "kit/ett-besok/link.jpg").is_file(), "the share kit draws its card without the photo"
