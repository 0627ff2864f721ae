"""The pure helpers behind the theme: strings, dates, reading time, people, links, related posts."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag

from blog import i18n, reading, related
from blog.people import Person, parse_people
from content_links import resolve
from tests.sitebuild import ROOT

STOCKHOLM = ZoneInfo("Europe/Stockholm")
STRINGS = ROOT / "theme/strings.toml"


def test_swedish_and_english_dates_do_not_depend_on_the_machine_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    day = datetime(2025, 3, 12, 9, 0, tzinfo=STOCKHOLM)
    assert i18n.long_date(day, "sv") == "12 mars 2025"
    assert i18n.long_date(day, "en") == "12 March 2025"
    assert i18n.long_date(day, "de") == "12 mars 2025", "unknown languages fall back to Swedish"


def test_iso_dates_carry_the_offset_and_refuse_naive_times():
    assert i18n.iso_datetime(datetime(2025, 7, 1, 9, 0, tzinfo=STOCKHOLM)) == "2025-07-01T09:00:00+02:00"
    assert i18n.iso_datetime(datetime(2025, 1, 1, 9, 0, tzinfo=STOCKHOLM)) == "2025-01-01T09:00:00+01:00"
    with pytest.raises(ValueError, match="no time zone"):
        i18n.iso_datetime(datetime(2025, 1, 1))


def test_string_table_falls_back_to_swedish_and_names_missing_keys():
    strings = i18n.StringTable(STRINGS, "sv")
    assert strings.get("skip_to_content", "en") == "Skip to content"
    assert strings.get("search_hint", "en") == strings.get("search_hint", "sv")
    with pytest.raises(KeyError, match="no_such_key"):
        strings.get("no_such_key", "sv")


def test_every_string_the_templates_use_exists_in_swedish():
    strings = i18n.StringTable(STRINGS, "sv")
    used = set()
    for template in (ROOT / "theme/templates").rglob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'\)", template.read_text(encoding="utf-8")))
    assert used, "the templates use the string table"
    missing = sorted(key for key in used if key not in strings.tables["sv"])
    assert missing == []
    assert set(strings.tables["en"]) <= set(strings.tables["sv"])


def test_reading_time_counts_swedish_words():
    words = " ".join(["ord"] * 600)
    assert reading.reading_minutes(f"<p>{words}</p>") == 3
    assert reading.reading_minutes("<p>Kort.</p>") == 1
    assert reading.reading_minutes("<p>å ä ö " * 100 + "</p>") == 2


def test_description_cuts_at_a_word_and_unescapes():
    text = "<p>Personalen på Lindgården &amp; hemtjänsten visade " + "hur de planerar dagen " * 20 + "</p>"
    description = reading.description(text)
    assert len(description) <= 160
    assert description.endswith("…")
    assert "&amp;" not in description and "Lindgården & hemtjänsten" in description
    assert not description[:-1].endswith(" ")


@pytest.mark.parametrize(
    "value, people",
    [
        ("Maria Svensson (undersköterska); Ali Hassan (enhetschef)",
         [Person("Maria Svensson", "undersköterska"), Person("Ali Hassan", "enhetschef")]),
        ("Åsa Öberg", [Person("Åsa Öberg")]),
        ("", []),
        ("Lena Ek (rektor, Ekskolan);", [Person("Lena Ek", "rektor, Ekskolan")]),
    ],
)
def test_people_field(value, people):
    assert parse_people(value) == people


def test_people_field_error_names_the_part():
    with pytest.raises(ValueError, match="kan inte läsa ”Maria \\(undersköterska”"):
        parse_people("Maria (undersköterska; Ali")


@pytest.mark.parametrize(
    "link, source, expected",
    [
        ("{filename}/posts/a.md", "posts/b.md", ("filename", "posts/a.md")),
        ("{filename}a.md#rubrik", "posts/b.md", ("filename", "posts/a.md")),
        ("{static}../images/x.jpg", "posts/en/b.md", ("static", "posts/images/x.jpg")),
        ("{attach}x.jpg?v=1", "notes/n.md", ("attach", "notes/x.jpg")),
        ("https://example.org/", "posts/b.md", None),
        ("", "posts/b.md", None),
    ],
)
def test_internal_links_resolve_like_pelican(link, source, expected):
    assert resolve(link, source) == expected


def post(title, tags, category="Besök", lang="sv", day=1):
    """A real Pelican Article, as the plugin receives it."""
    settings = dict(DEFAULT_CONFIG, TIMEZONE="Europe/Stockholm")
    metadata = {
        "title": title,
        "date": datetime(2025, 1, day, tzinfo=STOCKHOLM),
        "tags": [Tag(name, settings) for name in tags],
        "category": Category(category, settings),
        "lang": lang,
    }
    return Article("<p>Text.</p>", metadata=metadata, settings=settings)


def test_related_posts_prefer_shared_tags_then_category_and_keep_the_language():
    a = post("a", ["skola", "tillit"])
    b = post("b", ["skola", "tillit"], category="Ledarskap", day=2)
    c = post("c", ["skola"], day=3)
    d = post("d", [], day=4)
    e = post("e", [], category="Ledarskap", day=5)
    english = post("en", ["skola", "tillit"], lang="en")
    assert related.related_posts(a, [a, b, c, d, e, english]) == [b, c, d]


def test_neighbours_are_within_one_language_newest_first():
    first, second, third = post("1", [], day=1), post("2", [], day=2), post("3", [], day=3)
    english = post("en", [], lang="en", day=2)
    related.attach_neighbours([second, english, first, third])
    assert second.newer_article is third and second.older_article is first
    assert third.newer_article is None and first.older_article is None
    assert english.newer_article is None and english.older_article is None
