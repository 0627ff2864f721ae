"""Share images: the pure core with inputs written inline (the calendar: tests/test_share_calendar.py)."""

from __future__ import annotations

import pytest
from PIL import Image

from share_kit import cards

SITE = "Kim Provare · Förvaltningschef, Provstads kommun"


def photo(path, size=(1600, 1067), colour=(250, 240, 220)):
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


@pytest.mark.parametrize("spec", [cards.LINK_CARD, cards.PICTURE], ids=lambda s: s.name)
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
    left, _ = cards.render(cards.PICTURE, "", SITE, tmp_path / "wide.jpg", focus=(0.0, 0.5))
    right, _ = cards.render(cards.PICTURE, "", SITE, tmp_path / "wide.jpg", focus=(1.0, 0.5))
    assert left.getpixel((cards.PICTURE.width - 5, 100))[1] > 200, "no red when focused left"
    assert right.getpixel((cards.PICTURE.width - 5, 100))[1] < 60, "red when focused right"


def test_card_cache_key_follows_every_input(tmp_path):
    p = photo(tmp_path / "p.jpg")
    key = cards.cache_key(cards.LINK_CARD, "A", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key == cards.cache_key(cards.LINK_CARD, "A", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key != cards.cache_key(cards.LINK_CARD, "B", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key != cards.cache_key(cards.PICTURE, "A", SITE, p, (0.5, 0.5), cards.DEFAULT_BRAND)
    assert key != cards.cache_key(cards.LINK_CARD, "A", SITE, p, (0.2, 0.5), cards.DEFAULT_BRAND)
    made = cards.make_card(tmp_path / "cache", key, cards.LINK_CARD, "A", SITE, p)
    assert cards.cached_card(tmp_path / "cache", key) == made
    with Image.open(tmp_path / "cache" / made.file) as saved:
        assert saved.size == (1200, 630)
