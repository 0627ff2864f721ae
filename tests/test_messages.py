"""Pelican's messages in Swedish (build_report/messages.py) and dates as Swedes write them
(blog/dates.py): pure functions, inputs written inline as Pelican words them."""

from __future__ import annotations

from datetime import datetime

import pytest

from blog.dates import parse_date
from build_report.messages import translate
from content_checks.rules import category_problem, consent_problem, unfinished_text

PROJECT = "/home/kim/blogg"


@pytest.mark.parametrize("english, swedish", [
    ("Could not process posts/x.md: Date: ”1 maj” är inget datum",
     "content/posts/x.md kunde inte läsas: Date: ”1 maj” är inget datum"),
    (f"Skipping {PROJECT}/content/posts/x.md: could not find information about 'title'",
     "content/posts/x.md: Title saknas, så filen hoppades över; skriv Title: … överst i filen"),
    (f'There are 2 items "with slug "om"" with lang sv: \n{PROJECT}/content/posts/a.md\n{PROJECT}/content/posts/b.md',
     "content/posts/a.md och content/posts/b.md har samma adress (Slug: om); ge det ena en egen Slug eller en "
     "annan Title"),
    (f'There are 2 original (not translated) items with slug "om": \n{PROJECT}/content/posts/a.md\n'
     f"{PROJECT}/content/posts/b.md",
     "content/posts/a.md och content/posts/b.md har samma adress (Slug: om); ge det ena en egen Slug eller en "
     "annan Title"),
    (f'FileOverwriteFailedError: Failed to overwrite "{PROJECT}/output/2025/om/index.html" as Pelican has already '
     "written to it previously (set `override=True` if intended)",
     "Två inlägg eller sidor skulle skrivas till samma fil, output/2025/om/index.html; ge det ena en egen Slug "
     "eller en annan Title"),
    ("'2025-13-45' is not a valid date",
     "Date: ”2025-13-45” är inget datum som går att läsa; skriv till exempel 2026-05-01 07:00 eller 1 maj 2026 07:00"),
    (f"Cannot get modification stamp for {PROJECT}/content/images/x.jpg\n\t[Errno 2] No such file or directory",
     "content/images/x.jpg finns inte, men ett inlägg eller en sida länkar till den; lägg filen där eller rätta länken"),
])
def test_pelicans_messages_become_swedish_with_relative_paths(english, swedish):
    translation = translate(english, PROJECT, "content")
    assert translation.text == swedish
    assert translation.known


def test_a_broken_link_pelican_finds_when_writing_repeats_the_checks_message():
    translation = translate("Unable to find '/posts/gone.md', skipping url replacement.", PROJECT, "content")
    assert translation.covered_by == "posts/gone.md"
    assert translation.text.startswith("En länk till content/posts/gone.md går inte att följa")


def test_an_unknown_message_is_left_as_it_is_but_with_relative_paths():
    translation = translate(f"Something new in {PROJECT}/content/x.md", PROJECT, "content")
    assert translation == translation.__class__("Something new in content/x.md", False)


@pytest.mark.parametrize("text, expected", [
    ("2026-05-01 07:00", datetime(2026, 5, 1, 7, 0)),
    ("1 maj 2026 07:00", datetime(2026, 5, 1, 7, 0)),
    ("1 december 2026", datetime(2026, 12, 1)),
    ("fredag 1 maj 2026 kl. 07:00", datetime(2026, 5, 1, 7, 0)),
    ("den 3 mars 2026 klockan 08:15", datetime(2026, 3, 3, 8, 15)),
    ("12 okt 2026", datetime(2026, 10, 12)),
    ("sön 4 okt 2026 kl 07:30", datetime(2026, 10, 4, 7, 30)),
    ("2026-05-01_07:00", datetime(2026, 5, 1, 7, 0)),
])
def test_dates_as_swedes_write_them(text, expected):
    assert parse_date("Date", text) == expected


@pytest.mark.parametrize("field, text", [("Date", "2025-13-45"), ("Modified", "igår"),
                                         ("Share_date_x", "1 majj 2026")])
def test_an_unreadable_date_names_its_field_and_shows_how(field, text):
    with pytest.raises(ValueError, match=rf"^{field}: ”{text}” är inget datum .* 1 maj 2026 07:00$"):
        parse_date(field, text)


@pytest.mark.parametrize("meta, html, needs", [
    ({"image": "images/a.jpg", "people": "Maria (lärare)", "consent": "no"}, "", True),
    ({"people": "Maria (lärare)"}, '<p><img src="a.jpg" alt="Maria"></p>', True),
    ({"image": "images/a.jpg", "people": "Maria (lärare)", "consent": "Yes"}, "", False),
    ({"image": "images/a.jpg", "people": "Maria (lärare)", "consent": "ja"}, "", False),
    ({"image": "images/a.jpg", "people": ""}, "", False),
    ({"people": "Maria (lärare)"}, "<p>Ingen bild.</p>", False),
])
def test_consent_is_needed_for_a_photo_of_named_people(meta, html, needs):
    assert bool(consent_problem(meta, html)) is needs


def test_the_closest_category_is_suggested():
    allowed = ["Besök", "Ledarskap", "Verksamhet", "Anteckningar"]
    assert "Menade du Ledarskap?" in category_problem("Ledarskapet", allowed, "Blogg")
    assert category_problem("Blogg", allowed, "Blogg") is None
    assert category_problem("Vad som helst", [], "Blogg") is None, "no list in the settings: no check"


def test_unfinished_text_names_the_field_or_the_line():
    source = "Title: Om mig\nSummary: TODO\n  och mer\n\nText.\n\nTODO: skriv om rollen.\nTODOS är inte ett ord.\n"
    assert [p.split(":")[0] for p in unfinished_text(source)] == ["Summary", "texten, rad 7"]
