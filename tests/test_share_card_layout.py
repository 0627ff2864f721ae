"""Share images that keep people in frame, set the title where no one is, and wear the organisation's
colours, logo and font. Real photos of a real face (matplotlib's sample photo of Grace Hopper, a U.S.
Navy photo in the public domain, shipped in the matplotlib wheel this project pins), real OpenCV
detectors, real Pelican builds for the settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from share_kit import card_layout, cards, people
from share_kit.brand import INK, WHITE, contrast, make_brand, readable

SITE = "Kim Provare · Förvaltningschef, Provstads kommun"
HOPPER = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
FACE = (155, 105, 375, 330)  # Grace Hopper's face in that 512×600 photo (brow to chin), measured by eye


def two_people(path: Path, width: int, height: int = 1000) -> tuple[Path, list[tuple[float, ...]]]:
    """A wide photo with the portrait at the left edge and its mirror image at the right edge;
    returns the photo and where the two faces are (fractions of the photo)."""
    with Image.open(HOPPER) as source:
        scale = height / source.height
        person = source.convert("RGB").resize((round(source.width * scale), height))
    photo = Image.new("RGB", (width, height), (122, 160, 205))  # the portrait's own sky blue
    photo.paste(person, (0, 0))
    photo.paste(person.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (width - person.width, 0))
    photo.save(path, quality=90)
    left, top, right, bottom = (v * scale for v in FACE)
    faces = [(left / width, top / height, right / width, bottom / height),
             ((width - right) / width, top / height, (width - left) / width, bottom / height)]
    return path, faces


def on_card(face, card: cards.Card) -> tuple[float, float, float, float]:
    """Where a face (fractions of the photo) lands on the card, in pixels."""
    cx0, cy0, cx1, cy1 = card.crop
    px0, py0, px1, py1 = card.photo_box
    def x(v): return px0 + (v - cx0) / (cx1 - cx0) * (px1 - px0)
    def y(v): return py0 + (v - cy0) / (cy1 - cy0) * (py1 - py0)
    return (x(face[0]), y(face[1]), x(face[2]), y(face[3]))


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_everyone_shown(card: cards.Card, faces) -> None:
    """Every face is inside the part of the photo the card shows, and the title covers none of them."""
    assert card.crop is not None and card.photo_box is not None, card.layout
    for face in faces:
        x0, y0, x1, y1 = card.crop
        assert x0 <= face[0] and face[2] <= x1 and y0 <= face[1] and face[3] <= y1, (card.layout, card.crop, face)
        assert not overlaps(on_card(face, card), card.title_box), (card.layout, "the title covers a face")


def test_two_people_at_the_far_sides_of_a_wide_photo_are_both_shown_on_every_card(tmp_path):
    photo, faces = two_people(tmp_path / "wide.jpg", 2400)
    subjects = people.detect(photo)
    assert sum(b.kind == "face" for b in subjects.boxes) == 2, subjects.boxes
    link_image, link = cards.render(cards.LINK_CARD, "Besök hos räddningstjänsten", SITE, photo, subjects=subjects)
    assert_everyone_shown(link, faces)
    insta_image, insta = cards.render(cards.PICTURE, "Besök hos räddningstjänsten", SITE, photo, subjects=subjects)
    # No 4:5 crop of a 2.4:1 photo holds both: the whole photo is shown, and the title beside it.
    assert insta.layout == "fit-below"
    assert insta.crop == (0.0, 0.0, 1.0, 1.0)
    assert_everyone_shown(insta, faces)
    # The photo really is on the card, whole: the card's pixels there are the photo's, scaled.
    left, top, right, bottom = insta.photo_box
    with Image.open(photo) as source:
        expected = source.convert("L").resize((right - left, bottom - top))
    shown = insta_image.crop(insta.photo_box).convert("L")
    difference = sum(abs(a - b) for a, b in zip(shown.tobytes(), expected.tobytes(), strict=True)) / (shown.width * shown.height)
    assert difference < 8, difference


def test_the_old_centre_crop_fails_the_same_check(tmp_path):
    """The check above can fail: the centre crop (what every card got before, and what Focus: 0.5, 0.5
    still asks for) cuts both people out of the 4:5 card."""
    photo, faces = two_people(tmp_path / "wide.jpg", 2400)
    _, centred = cards.render(cards.PICTURE, "Besök", SITE, photo, focus=(0.5, 0.5))
    with pytest.raises(AssertionError):
        assert_everyone_shown(centred, faces)


@pytest.mark.parametrize("width", [1500, 1800], ids=lambda w: f"{w}px")
def test_two_people_who_fit_a_crop_are_cropped_around_not_shrunk(tmp_path, width):
    photo, faces = two_people(tmp_path / "two.jpg", width)
    for spec in (cards.LINK_CARD, cards.PICTURE):
        _, card = cards.render(spec, "Möte om arbetsmiljön", SITE, photo)
        assert_everyone_shown(card, faces)
        if spec is cards.LINK_CARD:
            assert not card.layout.startswith("fit"), "a landscape card holds both people in a crop"


@pytest.mark.parametrize("spec", [cards.LINK_CARD, cards.PICTURE], ids=lambda s: s.name)
def test_a_portrait_keeps_the_face_and_the_title_off_it(spec):
    _, card = cards.render(spec, "Möte med Grace om framtidens datorer, och om vad vi lär av henne", SITE, HOPPER)
    face = tuple(v / s for v, s in zip(FACE, (512, 600, 512, 600), strict=True))
    assert_everyone_shown(card, [face])
    assert not card.layout.startswith("cover"), "no band fits above or below her face: a panel"


def test_a_photo_without_people_is_cropped_to_its_detail_not_its_middle(tmp_path):
    photo = Image.new("RGB", (2400, 1000), (200, 220, 240))
    draw = ImageDraw.Draw(photo)
    for i in range(0, 400, 40):  # a busy sign near the right edge, on a plain wall
        for j in range(200, 800, 40):
            draw.rectangle((1900 + i, j, 1919 + i, j + 19), fill=(20, 20, 20))
    photo.save(tmp_path / "sign.jpg")
    _, card = cards.render(cards.PICTURE, "Ny skylt", SITE, tmp_path / "sign.jpg")
    assert card.layout == "cover-bottom" and card.people == 0
    assert card.crop[0] <= 1900 / 2400 and card.crop[2] >= 2300 / 2400, card.crop


def test_focus_when_given_decides_the_crop(tmp_path):
    photo, _ = two_people(tmp_path / "wide.jpg", 2400)
    _, card = cards.render(cards.PICTURE, "Besök", SITE, photo, focus=(1.0, 0.5))
    assert card.crop[2] == 1.0 and card.layout != "fit-below"


def test_people_are_looked_for_once_per_photo_and_kept_by_its_hash(tmp_path):
    photo, _ = two_people(tmp_path / "wide.jpg", 2400)
    first = people.find(photo, tmp_path / "people")
    [answer] = (tmp_path / "people").iterdir()
    # The cache is what is read the next time: an answer written there is the one returned.
    data = json.loads(answer.read_text(encoding="utf-8"))
    data["boxes"] = data["boxes"][:1]
    answer.write_text(json.dumps(data), encoding="utf-8")
    assert len(people.find(photo, tmp_path / "people").boxes) == 1 < len(first.boxes)
    copy = shutil.copy(photo, tmp_path / "same-photo-other-name.jpg")
    assert len(people.find(Path(copy), tmp_path / "people").boxes) == 1, "the photo's bytes, not its name"


@given(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_any_brand_colour_gives_a_title_with_at_least_4_5_to_1(colour):
    background, text = readable(colour)
    assert contrast(background, text) >= 4.5


@pytest.mark.parametrize("colour", ["#ffd200", "#e6f0f6", "#ffffff", "#767676", "#0b5c8a"])
def test_a_light_brand_colour_gets_dark_text_drawn_with_enough_contrast(tmp_path, colour):
    brand = make_brand(colour)
    photo, _ = two_people(tmp_path / "wide.jpg", 2400)
    for photo_or_none in (None, photo):
        image, card = cards.render(cards.LINK_CARD, "Budgeten är klar", SITE, photo_or_none, brand=brand)
        assert card.contrast >= 4.5, (colour, card.layout)
        # Measured on the drawn pixels: the title's own colour against the panel just left of it.
        x0, y0, x1, y1 = card.title_box
        ink = min(image.crop(card.title_box).get_flattened_data(), key=lambda p: abs(sum(p) - sum(brand.text)))
        ground = image.getpixel((max(0, x0 - 20), (y0 + y1) // 2))
        assert contrast(ink, ground) >= 4.5, (colour, ink, ground)
    light = sum(int(colour[i:i + 2], 16) for i in (1, 3, 5)) > 600
    assert brand.text == (INK if light else brand.text)
    if colour == "#0b5c8a":
        assert brand.text == WHITE and brand.colour == (11, 92, 138), "a dark colour is kept as it is"


def logo_file(path: Path, colour=(180, 30, 40)) -> Path:
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((10, 10, 390, 190), radius=40, fill=(*colour, 255))
    logo.save(path)
    return path


@pytest.mark.parametrize("spec", [cards.LINK_CARD, cards.PICTURE], ids=lambda s: s.name)
def test_the_logo_sits_in_the_margins_clear_of_the_title_and_the_people(tmp_path, spec):
    brand = make_brand("#0b5c8a", logo=logo_file(tmp_path / "logo.png"))
    photo, faces = two_people(tmp_path / "wide.jpg", 2400)
    for photo_or_none in (None, photo, HOPPER):
        image, card = cards.render(spec, "Besök hos räddningstjänsten i Provstad", SITE, photo_or_none, brand=brand)
        box = card.logo_box
        assert box is not None, card.layout
        assert spec.margin // 2 <= box[0] and box[2] <= spec.width - spec.margin // 2
        assert 0 <= box[1] and box[3] <= spec.height
        assert not overlaps(box, card.title_box), card.layout
        if photo_or_none == photo:
            for face in faces:
                assert not overlaps(box, on_card(face, card)), card.layout
        # The logo's red is really there.
        middle = image.getpixel(((box[0] + box[2]) // 2, (box[1] + box[3]) // 2))
        assert middle[0] > 150 and middle[1] < 80, middle


def test_a_logo_that_would_vanish_on_the_colour_gets_a_plate(tmp_path):
    dark_logo = logo_file(tmp_path / "dark.png", colour=(10, 40, 70))
    image, card = cards.render(cards.LINK_CARD, "Rubrik", SITE, None, brand=make_brand("#0b3c5d", logo=dark_logo))
    x0, y0, x1, y1 = card.logo_box
    assert image.getpixel((x0 + 2, (y0 + y1) // 2)) == (255, 255, 255), "a white plate behind the dark logo"


def test_a_brand_font_is_used_and_changes_the_cache_key(tmp_path):
    bold = cards.FONT
    other = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    if not other.is_file():  # any second font will do: make one from the bundled one under another name
        other = shutil.copy(bold, tmp_path / "Annan.ttf")
        Path(other).write_bytes(Path(other).read_bytes() + b"\0")
    brand = make_brand(font=Path(other))
    assert cards.cache_key(cards.LINK_CARD, "A", SITE, None, None, brand) != \
        cards.cache_key(cards.LINK_CARD, "A", SITE, None, None, cards.DEFAULT_BRAND)
    _, card = cards.render(cards.LINK_CARD, "Åsa på äventyr", SITE, None, brand=brand)
    assert card.title_drawn == "Åsa på äventyr"


def test_every_layout_has_a_swedish_description_for_the_kit():
    from share_kit.kit_folder import card_layout_note
    for layout in card_layout.DESCRIPTIONS:
        card = cards.Card("x.jpg", 1, 1, (0, 0, 1, 1), "", 30, 5.0, layout, people=2)
        note = card_layout_note(card)
        assert note[0].isupper() and note.endswith("2 personer hittades i fotot.")


# --- the settings, in real builds -----------------------------------------------------------------

def golden_copy(tmp_path: Path) -> Path:
    from tests.golden import SITE as GOLDEN
    content = tmp_path / "content"
    shutil.copytree(GOLDEN / "content", content, dirs_exist_ok=True)
    return content


def build_with(tmp_path: Path, fatal: bool, **share_kit):
    from tests.golden import SITE as GOLDEN
    from tests.sitebuild import build
    settings = {"SHARE_KIT": json.dumps({"cache": str(tmp_path / "cache"), "write_kit": False, **share_kit})}
    return build(GOLDEN / "settings.py", tmp_path / "out", content=golden_copy(tmp_path), fatal=fatal,
                 extra=settings)


@pytest.mark.parametrize("key, name, contents, says", [
    ("card_font", "typsnitt/saknas.ttf", None, "finns inte"),
    ("card_font", "typsnitt/trasig.otf", b"inte ett typsnitt", "går inte att läsa som typsnitt"),
    ("card_logo", "content/images/saknas.png", None, "finns inte"),
    ("card_logo", "content/images/trasig.png", b"inte en bild", "går inte att läsa som bild"),
])
def test_a_missing_or_unreadable_brand_file_is_a_swedish_warning_naming_setting_and_file(tmp_path, key, name,
                                                                                         contents, says):
    if contents is not None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(contents)
    result = build_with(tmp_path, fatal=False, **{key: name})
    assert result.returncode == 0, result.log
    [warning] = [w for w in result.warnings if key in w]
    assert f"SHARE_KIT i pelicanconf.py: {key}: filen {name} {says}" in warning, warning
    assert "Traceback" not in result.log
    assert list((tmp_path / "out" / "images" / "share").glob("*.jpg")), "the cards are drawn all the same"
    stopped = build_with(tmp_path / "publish", fatal=True, **{key: str(tmp_path / name)})
    assert stopped.returncode != 0, "publishing stops on it"


def test_brand_colour_and_logo_from_the_settings_reach_the_site_card(tmp_path):
    content = golden_copy(tmp_path)
    logo_file(content / "images" / "logo.png")
    from tests.golden import SITE as GOLDEN
    from tests.sitebuild import build
    settings = {"SHARE_KIT": json.dumps({"cache": str(tmp_path / "cache"), "write_kit": False,
                                         "card_colour": "#ffd200", "card_logo": "content/images/logo.png"})}
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content, extra=settings)
    assert result.returncode == 0, result.log
    manifests = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "cache").glob("*.json")]
    [site_card] = [m for m in manifests if m["layout"] == "no-photo" and m["title_drawn"] == "Kim Provare"]
    with Image.open(tmp_path / "out" / "images" / "share" / site_card["file"]) as image:
        assert max(abs(a - b) for a, b in zip(image.getpixel((20, 400)), (255, 210, 0), strict=True)) < 12
    assert site_card["logo_box"] is not None


def test_the_kit_page_says_how_each_card_was_laid_out(sample_preview):
    pages = list(sample_preview.kit.glob("*/index.html"))
    assert pages
    descriptions = [d[0].upper() + d[1:] for d in card_layout.DESCRIPTIONS.values()]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "<figure>" in html:
            assert any(d in html for d in descriptions), page


def test_a_colour_that_is_no_colour_is_a_swedish_warning_and_the_site_blue_is_used(tmp_path):
    from share_kit.brand import DEFAULT_BRAND, read_brand
    from share_kit.kit import Options
    said = []
    brand = read_brand(Options(card_colour="kommunblå", card_accent=[255, 210, 0]), {"PATH": str(tmp_path / "content")},
                       said.append)
    assert said == ["Inställningar: SHARE_KIT i pelicanconf.py: card_colour ”kommunblå” är ingen färg; skriv till "
                    "exempel ”#0b5c8a”. Delningsbilderna använder webbplatsens blå."]
    assert brand.colour == DEFAULT_BRAND.colour and brand.accent == (255, 210, 0)
