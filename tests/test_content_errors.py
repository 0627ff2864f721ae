"""Broken content gives a message naming the file and the problem; publishing stops, the preview goes on."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from tests.sample_site import PREVIEW_SETTINGS as SAMPLE_PREVIEW
from tests.sitebuild import ROOT, build

GOLDEN = ROOT / "tests/sites/golden"

GOOD_HEADER = "Title: Ett inlägg\nDate: 2025-06-01 09:00\nCategory: Besök\n"

CASES = {
    "bad-date": (
        "Title: Fel datum\nDate: 2025-13-45 09:00\n\nText.\n",
        "Date: ”2025-13-45 09:00” är inget datum som går att läsa",
    ),
    "unknown-author": (
        GOOD_HEADER + "Author: Okänd Person\n\nText.\n",
        "Author: ”Okänd Person” är okänd; lägg till skribenten i AUTHORS",
    ),
    "missing-title": (
        "Date: 2025-06-01 09:00\n\nText utan rubrik.\n",
        "Title saknas, så filen hoppades över; skriv Title:",
    ),
    "image-with-empty-alt": (
        GOOD_HEADER + "\n![]({static}/images/besok.jpg)\n",
        "texten: bilden {static}/images/besok.jpg saknar beskrivning (alt-text)",
    ),
    "image-without-alt": (
        GOOD_HEADER + '\n<img src="{static}/images/besok.jpg">\n',
        "texten: bilden {static}/images/besok.jpg saknar beskrivning (alt-text)",
    ),
    "metadata-image-without-alt": (
        GOOD_HEADER + "Image: images/besok.jpg\n\nText.\n",
        "Image_alt saknas för bilden ”images/besok.jpg”; beskriv vad bilden visar",
    ),
    "missing-image": (
        GOOD_HEADER + "Image: images/finns-inte.jpg\nImage_alt: En bild\n\nText.\n",
        "Image: ”images/finns-inte.jpg” finns inte (content/images/finns-inte.jpg)",
    ),
    "link-to-missing-post": (
        GOOD_HEADER + "\nSe [det här]({filename}/posts/2020-01-01-finns-inte.md).\n",
        "texten: länken {filename}/posts/2020-01-01-finns-inte.md pekar på posts/2020-01-01-finns-inte.md, som inte finns",
    ),
    "link-to-draft": (
        GOOD_HEADER + "\nSe [utkastet]({filename}/posts/2025-04-01-utkast.md).\n",
        "som är ett utkast eller inte publicerat än",
    ),
    "top-heading-in-body": (
        GOOD_HEADER + "\n# En rubrik till\n\nText.\n",
        "texten: rubriken ”En rubrik till” är en huvudrubrik (#)",
    ),
    "skipped-heading-level": (
        GOOD_HEADER + "\n## Del ett\n\n#### Detalj\n\nText.\n",
        "texten: rubriken ”Detalj” hoppar över en nivå (h2 till h4); skriv ###",
    ),
    "same-address-as-another-post": (
        GOOD_HEADER + "Slug: om-planering\n\nText.\n",
        # Pelican words it by which file it meets first ('There are 2 items "with slug …" with lang sv'
        # or 'There are 2 original (not translated) items with slug …'); both say this.
        "har samma adress (Slug: om-planering); ge det ena en egen Slug",
    ),
    "bad-people": (
        GOOD_HEADER + "People: Maria (undersköterska\n\nText.\n",
        "People: kan inte läsa ”Maria (undersköterska”",
    ),
}


def site_with(tmp_path, name: str, text: str):
    content = tmp_path / "content"
    shutil.copytree(GOLDEN / "content", content)
    (content / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    return content


@pytest.mark.parametrize("case", sorted(CASES))
def test_publishing_stops_and_names_file_and_problem(tmp_path, case):
    text, expected = CASES[case]
    content = site_with(tmp_path, case, text)
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content, fatal=True)
    assert result.returncode != 0, result.log
    relevant = [line for line in result.log.splitlines() if f"content/posts/{case}.md" in line]
    assert relevant, f"no message names content/posts/{case}.md:\n{result.log}"
    assert any(expected in line for line in relevant), result.log
    assert "Traceback" not in result.log
    # The level column is Swedish too, in the terminal as on the page.
    assert re.search(r"\b(VARNING|FEL)\b", result.log) and "STOPP" in result.log, result.log
    assert not re.search(r"\b(WARNING|ERROR|CRITICAL)\b", result.log), result.log
    assert str(tmp_path) not in result.log, "paths are relative to the project"


def test_preview_keeps_building_and_shows_the_warning(tmp_path):
    text, expected = CASES["unknown-author"]
    content = site_with(tmp_path, "unknown-author", text)
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content, fatal=False,
                   extra={"BUILD_REPORT": '{"show_in_pages": true}'})
    assert result.returncode == 0, result.log
    warnings = json.loads((tmp_path / "out/_build/warnings.json").read_text(encoding="utf-8"))
    assert any("content/posts/unknown-author.md" in w and expected in w for w in warnings), warnings
    page = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert 'id="build-warnings"' in page


def test_drafts_are_not_checked_until_they_are_done(tmp_path):
    content = site_with(tmp_path, "wip", GOOD_HEADER + "Status: draft\nImage: images/ny.jpg\n\nText.\n")
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content, fatal=True)
    assert result.returncode == 0, result.log


def test_future_posts_are_checked_before_their_day(tmp_path):
    text = "Title: Planerat\nDate: 2099-06-01 09:00\nAuthor: Okänd Person\n\nText.\n"
    content = site_with(tmp_path, "planned", text)
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content, fatal=True)
    assert result.returncode != 0
    assert "content/posts/planned.md: Author: ”Okänd Person” är okänd" in result.log


def test_preview_content_cache_gives_the_same_site_as_a_fresh_read(tmp_path):
    """The preview caches what Pelican read; a cached rebuild must equal an uncached one."""
    content = tmp_path / "content"
    shutil.copytree(GOLDEN / "content", content)
    cache = json.dumps(str(tmp_path / "cache"))
    extra = {"SEARCH": '{"enabled": false}', "SHARE_KIT": json.dumps({"folder": str(tmp_path / "kit")}),
             "CACHE_PATH": cache}
    preview = SAMPLE_PREVIEW  # the preview settings with the fixture owner
    first = build(preview, tmp_path / "one", content=content, extra=extra)
    post = content / "posts/2025-02-01-om-planering.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Lämna luft", "Lämna mycket luft"), encoding="utf-8")
    cached = build(preview, tmp_path / "two", content=content, extra=extra)
    fresh = build(preview, tmp_path / "three", content=content,
                  extra={**extra, "LOAD_CONTENT_CACHE": "false", "CACHE_CONTENT": "false"})
    assert first.returncode == cached.returncode == fresh.returncode == 0, cached.log
    assert (tmp_path / "cache").is_dir()
    for page in (tmp_path / "three").rglob("*.html"):
        relative = page.relative_to(tmp_path / "three")
        assert (tmp_path / "two" / relative).read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), relative
    assert "Lämna mycket luft" in (tmp_path / "two/2025/om-planering/index.html").read_text(encoding="utf-8")


def test_a_title_too_long_for_a_file_name_still_builds_with_a_shortened_address(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(GOLDEN / "content", content)
    title = "Väldigt lång rubrik om allt vi gjorde " * 12  # a slug of about 450 characters
    (content / "posts/2025-06-01-lang.md").write_text(
        f"Title: {title}\nDate: 2025-06-01 09:00\nCategory: Besök\nSummary: Lång.\n\nText.\n", encoding="utf-8")
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content)
    assert result.returncode == 0 and "Traceback" not in result.log, result.log
    folder = next(p for p in (tmp_path / "out/2025").iterdir() if p.name.startswith("valdigt-lang-rubrik"))
    assert len(folder.name) <= 200 and not folder.name.endswith("-") and (folder / "index.html").is_file()


def test_a_100_megapixel_phone_photo_is_published_without_a_raw_warning(tmp_path):
    from PIL import Image

    content = tmp_path / "content"
    shutil.copytree(GOLDEN / "content", content)
    # A colour of its own each run, so that no cached copy spares the build from decoding it.
    colour = tuple(os.urandom(3))
    Image.new("RGB", (10000, 10000), colour).save(content / "images/stor.jpg", quality=60)
    (content / "posts/2025-06-01-stor.md").write_text(
        GOOD_HEADER.replace("Ett inlägg", "Stor bild") + "Summary: Stor.\nImage: images/stor.jpg\n"
        "Image_alt: En grön yta.\n\nText.\n", encoding="utf-8")
    result = build(GOLDEN / "settings.py", tmp_path / "out", content=content)
    assert result.returncode == 0, result.log
    assert "DecompressionBomb" not in result.log and "Traceback" not in result.log
    page = (tmp_path / "out/2025/stor-bild/index.html").read_text(encoding="utf-8")
    hero = re.search(r'<figure class="hero"><picture>.*?<img src="([^"]+)"[^>]*width="10000"', page, re.S)
    assert hero and (tmp_path / "out" / hero.group(1).split("golden.example/")[1]).is_file(), "published as copies"
