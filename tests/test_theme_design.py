"""The theme's design decisions that a screenshot shows and a regression would quietly undo:
the home page introduces the leader, notes are lighter than posts, the organisation's colour is
readable, the Follow block links the leader's own profiles, and no link text says only "Start"."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from colours import DARK_PAGE, LIGHT_PAGE, contrast, rgb
from tests.golden import EXPECTED, SITE
from tests.sitebuild import build


def soup_of(relative: str) -> BeautifulSoup:
    # The golden site's expected output is what test_golden builds, byte for byte.
    return BeautifulSoup((EXPECTED / relative).read_text(encoding="utf-8"), "html.parser")


def test_home_page_introduces_the_leader_before_the_posts():
    home = soup_of("index.html")
    intro = home.find("section", class_="intro")
    assert intro.h1.get_text() == "Kim Provare", "the one h1 is the leader's name"
    assert intro.find(class_="intro-role").get_text() == "Förvaltningschef, Provstads kommun"
    assert "skriver om besök" in intro.find(class_="intro-bio").get_text()
    assert intro.find_next("h2").get_text() == "Senaste inläggen"
    assert len(home.find_all("h1")) == 1 and home.select(".entries h3.entry-title"), "titles under the h2 are h3"
    later = soup_of("sida/2/index.html") if (EXPECTED / "sida/2/index.html").exists() else None
    assert later is None or (later.h1.get_text() == "Senaste inläggen" and not later.find(class_="intro"))


def test_a_note_page_carries_less_than_a_post():
    note, post = soup_of("2025/kaffe-3-kanelbullar-i-kundtjanst/index.html"), soup_of("2025/om-planering/index.html")
    assert "note-page" in note.find("article")["class"]
    assert not note.find(class_="post-footer") and not note.find(class_="related")
    assert post.find(class_="post-footer"), "a post keeps its category and tags"
    assert note.find(class_="post-nav") and note.find(class_="follow")


def test_follow_block_links_feeds_and_the_leaders_profiles_as_plain_links():
    follow = soup_of("2025/om-planering/index.html").find("aside", class_="follow")
    links = {a.get_text(): (a["href"], a.get("rel")) for a in follow.find_all("a")}
    assert links["Prenumerera på bloggen"][0] == "https://golden.example/flode/"
    assert links["LinkedIn"] == ("https://www.linkedin.com/in/kim-provare", ["me"])
    assert links["Mastodon"] == ("https://social.provstad.example/@kim", ["me"]), "rel=me verifies the profile"
    assert not follow.find(["iframe", "script", "img"]), "never an embed"


def test_no_link_only_says_start_and_feed_urls_break_after_slashes():
    for page in EXPECTED.rglob("*.html"):
        texts = {a.get_text(strip=True).lower() for a in BeautifulSoup(page.read_text(encoding="utf-8"),
                                                                        "html.parser").find_all("a")}
        assert not texts & {"start", "här", "läs mer", "mer"}, page  # Lighthouse's non-descriptive texts
    cell = soup_of("flode/index.html").select_one(".feed-table a")
    assert cell.find("wbr") and cell.get_text() == cell["href"]


def test_the_organisations_colour_becomes_a_readable_accent_in_light_and_dark(tmp_path):
    result = build(SITE / "settings.py", tmp_path / "out", extra={"BRAND_COLOUR": '"#ffcc00"'})
    assert result.returncode == 0, result.log
    style = BeautifulSoup((tmp_path / "out/index.html").read_text(encoding="utf-8"), "html.parser").find("style")
    light, light_bg, dark, dark_bg = re.findall(r"--accent(?:-bg)?:(#[0-9a-f]{6})", style.string)
    assert contrast(rgb(light), LIGHT_PAGE) >= 4.5 and contrast(rgb(light), rgb(light_bg)) >= 4.5
    assert contrast(rgb(dark), DARK_PAGE) >= 4.5 and contrast(rgb(dark), rgb(dark_bg)) >= 4.5
    assert light != "#ffcc00", "yellow on a light page is unreadable: it is darkened"


def test_a_bad_colour_or_profile_stops_publishing_with_one_swedish_line(tmp_path):
    result = build(SITE / "settings.py", tmp_path / "out",
                   extra={"BRAND_COLOUR": '"grönt"', "PROFILES": '{"linkedin": "javascript:alert(1)"}'})
    assert result.returncode != 0 and "Traceback" not in result.log
    assert "BRAND_COLOUR i pelicanconf.py, ”grönt”, är ingen färg" in result.log
    assert "PROFILES['linkedin'] i pelicanconf.py, 'javascript:alert(1)', är ingen https-adress" in result.log


def test_the_share_images_take_the_organisations_colour_unless_the_kit_sets_its_own():
    from share_kit.brand import DEFAULT_COLOUR, make_brand, read_brand
    from share_kit.kit import Options  # the SHARE_KIT settings record

    problems = []
    plain = read_brand(Options(), {"BRAND_COLOUR": ""}, problems.append)
    green = read_brand(Options(), {"BRAND_COLOUR": "#00843d"}, problems.append)
    own = read_brand(Options(card_colour="#7a1f5c"), {"BRAND_COLOUR": "#00843d"}, problems.append)
    assert plain.colour == make_brand(DEFAULT_COLOUR).colour and not problems
    assert green.colour == make_brand("#00843d").colour
    assert own.colour == make_brand("#7a1f5c").colour
    assert read_brand(Options(), {"BRAND_COLOUR": "grönt"}, problems.append).colour == plain.colour, \
        "a bad BRAND_COLOUR falls back (the blog plugin names it)"
