"""Share images and the posting calendar: pure cores with inputs written inline."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from PIL import Image

from share_kit import cards
from share_kit.calendar import BLOG, Planned, calendar_view, text_lines
from share_kit.ical import calendar_file

TZ = ZoneInfo("Europe/Stockholm")
LABELS = {BLOG: "Blogg", "linkedin": "LinkedIn", "instagram": "Instagram"}
SITE = "Kim Provare · Förvaltningschef, Provstads kommun"


def photo(path, size=(1600, 1067), colour=(250, 240, 220)):
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


@pytest.mark.parametrize("spec", [cards.LINK_CARD, cards.INSTAGRAM], ids=lambda s: s.name)
@pytest.mark.parametrize("title", [
    "Besök hos hemtjänsten",
    "Ett mycket långt " * 40,
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsbetrieb i Provstad",
    "",
])
def test_title_stays_inside_the_card_whatever_its_length(tmp_path, spec, title):
    image, card = cards.render(spec, title, SITE, photo(tmp_path / "p.jpg"))
    assert image.size == (spec.width, spec.height)
    left, top, right, bottom = card.title_box
    assert 0 <= left and right <= spec.width - spec.margin + 1
    assert 0 <= top and bottom <= spec.height
    assert card.font_size >= spec.min_size


def test_long_titles_shrink_and_short_titles_stay_large(tmp_path):
    _, short = cards.render(cards.LINK_CARD, "Kort", SITE, None)
    _, long = cards.render(cards.LINK_CARD, "En betydligt längre rubrik om budgeten " * 3, SITE, None)
    assert short.font_size >= cards.LINK_CARD.max_size, "a card without a photo sets a short title larger still"
    assert long.font_size < short.font_size


def test_swedish_letters_are_drawn_and_emoji_left_out_cleanly():
    assert cards.drawable("Åsa 😀 på äventyr – ”öppet” 👨‍👩‍👧") == "Åsa på äventyr – ”öppet”"


@pytest.mark.parametrize("colour", [(255, 255, 255), (255, 255, 0), (20, 20, 20)])
def test_white_title_has_enough_contrast_on_any_photo(tmp_path, colour):
    _, card = cards.render(cards.LINK_CARD, "Rubrik", SITE, photo(tmp_path / "p.jpg", colour=colour))
    assert card.contrast >= 4.5


def test_photo_is_cropped_around_the_focus_point(tmp_path):
    source = Image.new("RGB", (2000, 500), (255, 255, 255))
    source.paste((255, 0, 0), (1800, 0, 2000, 500))  # red stripe at the right edge
    source.save(tmp_path / "wide.jpg")
    left, _ = cards.render(cards.INSTAGRAM, "", SITE, tmp_path / "wide.jpg", focus=(0.0, 0.5))
    right, _ = cards.render(cards.INSTAGRAM, "", SITE, tmp_path / "wide.jpg", focus=(1.0, 0.5))
    assert left.getpixel((cards.INSTAGRAM.width - 5, 100))[1] > 200, "no red when focused left"
    assert right.getpixel((cards.INSTAGRAM.width - 5, 100))[1] < 60, "red when focused right"


def test_card_cache_key_follows_every_input(tmp_path):
    p = photo(tmp_path / "p.jpg")
    key = cards.cache_key(cards.LINK_CARD, "A", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key == cards.cache_key(cards.LINK_CARD, "A", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key != cards.cache_key(cards.LINK_CARD, "B", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key != cards.cache_key(cards.INSTAGRAM, "A", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key != cards.cache_key(cards.LINK_CARD, "A", SITE, p, (0.2, 0.5), cards.DEFAULT_BRAND)
    made = cards.make_card(tmp_path / "cache", key, cards.LINK_CARD, "A", SITE, p)
    assert cards.cached_card(tmp_path / "cache", key) == made
    with Image.open(tmp_path / "cache" / made.file) as saved:
        assert saved.size == (1200, 630)


def item(day, hour, network, title, status="planerad"):
    return Planned(datetime(2026, 11, day, hour, 0, tzinfo=TZ), network, LABELS[network], title,
                   title.lower(), "post", status)


def test_calendar_groups_by_day_and_warns_about_two_posts_on_one_day():
    items = [item(24, 9, "linkedin", "A"), item(24, 16, "linkedin", "B"), item(24, 9, BLOG, "A"),
             item(25, 9, "instagram", "C"), item(10, 9, "linkedin", "Gammal")]
    view = calendar_view(items, date(2026, 11, 23), 7, 0, ["linkedin", "instagram"], LABELS)
    assert [d.day.isoformat() for d in view.by_day][:3] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert view.by_day[0].heading == "måndag 23 november"
    assert [i.title for i in view.by_day[1].items] == ["A", "A", "B"]
    assert all("Gammal" not in i.title for d in view.by_day for i in d.items)
    assert view.warnings == (
        "2026-11-24: 2 inlägg på LinkedIn samma dag (”A” och ”B”). Flytta ett av dem med Share_date_linkedin.",)


def test_weekly_rhythm_is_checked_per_network_for_whole_weeks():
    items = [item(23, 9, "linkedin", "A"), item(25, 9, "linkedin", "B"), item(27, 9, "linkedin", "C"),
             item(24, 9, "instagram", "D")]
    view = calendar_view(items, date(2026, 11, 23), 7, 3, ["linkedin", "instagram"], LABELS)
    assert view.warnings == ("Vecka 48: 1 inlägg på Instagram, rytmen är 3 i veckan.",)
    partial = calendar_view(items, date(2026, 11, 25), 3, 3, ["linkedin", "instagram"], LABELS)
    assert partial.warnings == (), "a part week is only checked for too many posts"


def test_calendar_text_for_the_terminal():
    view = calendar_view([item(24, 9, "linkedin", "A", status="utkast")], date(2026, 11, 23), 14, 0,
                         ["linkedin"], LABELS)
    lines = text_lines(view)
    assert "2026-11-24 tisdag 24 november" in lines
    assert "  09:00  LinkedIn  A (utkast)" in lines


def test_icalendar_file_is_valid_and_stable():
    items = [item(24, 9, "linkedin", "Åsa & <b>"), item(24, 9, BLOG, "Åsa & <b>")]
    first = calendar_file(items, "ekbacka.example", "Kalender", {"åsa & <b>": "https://ekbacka.example/a/"})
    assert first == calendar_file(list(reversed(items)), "ekbacka.example", "Kalender", {"åsa & <b>": "https://ekbacka.example/a/"})
    parsed = Calendar.from_ical(first)
    events = parsed.walk("VEVENT")
    assert len(events) == 2
    assert {str(e["summary"]) for e in events} == {"LinkedIn: Åsa & <b>", "Blogg: Åsa & <b>"}
    assert len({str(e["uid"]) for e in events}) == 2
    start = events[0].decoded("dtstart")
    assert start.utcoffset().total_seconds() == 3600 and start.hour == 9
    assert parsed.walk("VTIMEZONE"), "the time zone is defined in the file"
    assert str(parsed["version"]) == "2.0" and "prodid" in parsed
