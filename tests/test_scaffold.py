"""`invoke new`: today's date, a slug from the Swedish title, every field, never overwriting."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from blog.scaffold import ScaffoldError, new_post, slug_for
from tests.content_files import metadata
from tests.sitebuild import ROOT

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Besök på hemtjänsten i Norra Provstad", "besok-pa-hemtjansten-i-norra-provstad"),
        ("Öppenhet – därför skriver jag!", "oppenhet-darfor-skriver-jag"),
        ("ÅÄÖ åäö: 10 år", "aao-aao-10-ar"),
        ("Kaffe & kanelbullar", "kaffe-kanelbullar"),
    ],
)
def test_slug_from_swedish_title(title, slug):
    assert slug_for(title) == slug


def test_new_post_has_date_slug_and_every_field(tmp_path):
    path = new_post(tmp_path, "Besök hos räddningstjänsten", NOW)
    assert path == tmp_path / "posts/2026-11-24-besok-hos-raddningstjansten.md"
    meta = metadata(path)
    assert meta["title"] == "Besök hos räddningstjänsten"
    assert meta["date"] == "2026-11-24 09:30"
    assert meta["status"] == "draft"
    for field in ("category", "tags", "summary", "image", "image_alt", "consent", "people", "place", "hook", "lang"):
        assert field in meta


def test_new_note_and_english_post_go_to_their_folders(tmp_path):
    note = new_post(tmp_path, "Fika", NOW, note=True)
    assert note.parent == tmp_path / "notes"
    assert metadata(note)["category"] == "Anteckningar"
    english = new_post(tmp_path, "A visit to the library", NOW, lang="en")
    assert english.parent == tmp_path / "posts/en"
    assert metadata(english)["lang"] == "en"


def test_never_overwrites(tmp_path):
    new_post(tmp_path, "Samma titel", NOW)
    with pytest.raises(ScaffoldError, match="/posts/2026-11-24-samma-titel.md finns redan"):
        new_post(tmp_path, "Samma titel", NOW)


def test_title_without_letters_is_refused(tmp_path):
    with pytest.raises(ScaffoldError, match="rubriken ”!!!” ger ingen adress"):
        new_post(tmp_path, "!!!", NOW)


def test_invoke_new_reports_errors_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "new", "!!!"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "invoke new: rubriken ”!!!” ger ingen adress" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_category_comes_from_the_sites_list(tmp_path):
    own = ("Samhällsbyggnad", "Omsorg")
    post = metadata(new_post(tmp_path, "Ett besök", NOW, categories=own))
    note = metadata(new_post(tmp_path, "En anteckning", NOW, note=True, categories=own))
    assert post["category"] == note["category"] == "Samhällsbyggnad"
    listed = metadata(new_post(tmp_path, "En till", NOW, note=True, categories=("Besök", "Anteckningar")))
    assert listed["category"] == "Anteckningar"
