"""The archive's addresses come from ARCHIVE_*_URL settings (plugins/social_archive/urls.py): the
defaults are the addresses published so far, a wrong setting is named when the build starts, and a
site with other addresses moves every page, link, sitemap entry, search result and feed link while
the feed's entry ids stay exactly as they were."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup

from social_archive.model import ArchivedPost, Media, Provenance, StoredPost
from social_archive.presentation import page_slug
from social_archive.store import load_archive, post_path, to_json
from social_archive.urls import read_urls
from tests.archive_support import tiny_mp4
from tests.golden import SITE
from tests.sample_site import PUBLISH_SETTINGS
from tests.sitebuild import broken_links, build, local_file

WHEN = datetime(2025, 3, 12, 9, 5, tzinfo=timezone.utc)
STOCKHOLM = ZoneInfo("Europe/Stockholm")  # the sites' TIMEZONE: the year and date pages and ids go by


def test_the_defaults_are_the_addresses_published_so_far():
    urls, problems = read_urls({})
    assert problems == []
    first = urls.platform("instagram")
    assert [(a.url, a.save_as) for a in (
        urls.home(), urls.post("linkedin-7150", "linkedin", WHEN), first, urls.grid("instagram"),
        urls.page(first, 2), urls.page(urls.home(), 3), urls.year(2025), urls.month(2025, 3),
        urls.statistics(), urls.open_data(), urls.json(), urls.csv(), urls.media("media/ab/ab12.mp4"))] == [
        ("arkiv/", "arkiv/index.html"),
        ("arkiv/inlagg/linkedin-7150/", "arkiv/inlagg/linkedin-7150/index.html"),
        ("arkiv/instagram/", "arkiv/instagram/index.html"),
        ("arkiv/instagram/bilder/", "arkiv/instagram/bilder/index.html"),
        ("arkiv/instagram/sida/2/", "arkiv/instagram/sida/2/index.html"),
        ("arkiv/sida/3/", "arkiv/sida/3/index.html"),
        ("arkiv/2025/", "arkiv/2025/index.html"),
        ("arkiv/2025/03/", "arkiv/2025/03/index.html"),
        ("arkiv/statistik/", "arkiv/statistik/index.html"),
        ("arkiv/oppna-data/", "arkiv/oppna-data/index.html"),
        ("arkiv/posts.json", "arkiv/posts.json"),
        ("arkiv/posts.csv", "arkiv/posts.csv"),
        ("arkiv/media/ab/ab12.mp4", "arkiv/media/ab/ab12.mp4"),
    ]


def test_a_url_alone_brings_its_save_as_and_a_file_address_pages_beside_itself():
    urls, problems = read_urls({"ARCHIVE_POST_URL": "sm/{year}/{month}/{platform}-{slug}.html",
                                "ARCHIVE_PLATFORM_URL": "sm/{platform}.html"})
    assert problems == []
    post = urls.post("linkedin-7150", "linkedin", WHEN)
    assert (post.url, post.save_as) == ("sm/2025/03/linkedin-linkedin-7150.html",) * 2
    page = urls.page(urls.platform("linkedin"), 2)
    assert (page.url, page.save_as) == ("sm/linkedin/sida/2/", "sm/linkedin/sida/2/index.html")


PROBLEMS = {
    "unknown placeholder": ({"ARCHIVE_POST_URL": "arkiv/{id}/"},
                            "ARCHIVE_POST_URL i pelicanconf.py har den okända platshållaren {id}; platshållare här: "
                            "{slug}, {platform}, {year}, {month}"),
    "a format on a placeholder": ({"ARCHIVE_MONTH_URL": "arkiv/{year}/{month:02d}/"},
                                  "ARCHIVE_MONTH_URL i pelicanconf.py har den okända platshållaren {month:02d}"),
    "a placeholder of another setting": ({"ARCHIVE_YEAR_URL": "arkiv/{platform}/{year}/"},
                                         "ARCHIVE_YEAR_URL i pelicanconf.py har den okända platshållaren {platform}"),
    "the pair disagrees": ({"ARCHIVE_POST_URL": "sm/{slug}/", "ARCHIVE_POST_SAVE_AS": "arkiv/inlagg/{slug}/index.html"},
                           'ARCHIVE_POST_SAVE_AS ("arkiv/inlagg/{slug}/index.html") och ARCHIVE_POST_URL ("sm/{slug}/") '
                           'i pelicanconf.py leder till olika filer; skriv ARCHIVE_POST_SAVE_AS = "sm/{slug}/index.html"'),
    "a save_as with an unknown placeholder": ({"ARCHIVE_POST_SAVE_AS": "arkiv/{nyckel}/index.html"},
                                              "ARCHIVE_POST_SAVE_AS i pelicanconf.py har den okända platshållaren {nyckel}"),
    "no slug: every post one file": ({"ARCHIVE_POST_URL": "arkiv/{platform}/"},
                                     "ARCHIVE_POST_URL i pelicanconf.py saknar {slug}; utan den får flera sidor samma adress"),
    "no page number": ({"ARCHIVE_PAGINATION_URL": "{base_name}/sida/"}, "ARCHIVE_PAGINATION_URL i pelicanconf.py saknar {number}"),
    "an absolute address": ({"ARCHIVE_URL": "/arkiv/"}, "ARCHIVE_URL i pelicanconf.py ska vara en adress inom webbplatsen"),
    "out of the site": ({"ARCHIVE_STATISTICS_URL": "../statistik/"},
                        "ARCHIVE_STATISTICS_URL i pelicanconf.py ska vara en adress inom webbplatsen"),
    "a stray brace": ({"ARCHIVE_PLATFORM_URL": "arkiv/{platform/"},
                      "ARCHIVE_PLATFORM_URL i pelicanconf.py har en { eller } som inte hör till en platshållare"),
    "not a text": ({"ARCHIVE_JSON_URL": None}, 'ARCHIVE_JSON_URL i pelicanconf.py ska vara en text, till exempel "arkiv/posts.json"'),
}


@pytest.mark.parametrize("case", sorted(PROBLEMS))
def test_a_wrong_setting_is_named_in_one_line_and_keeps_its_default(case):
    settings, expected = PROBLEMS[case]
    urls, problems = read_urls(settings)
    assert len(problems) == 1 and "\n" not in problems[0], problems
    assert problems[0].startswith(f"Inställningar: {expected}"), problems[0]
    assert urls.patterns == read_urls({})[0].patterns, "the archive keeps today's addresses meanwhile"


def test_publishing_stops_at_a_wrong_setting_with_its_name_and_no_traceback(tmp_path):
    result = build(SITE / "settings.py", tmp_path / "out",
                   extra={"ARCHIVE_POST_URL": '"arkiv/{id}/"', "ARCHIVE_YEAR_URL": '"arkiv/{year"'})
    assert result.returncode != 0, result.log
    named = [line for line in result.warnings if "ARCHIVE_" in line]
    assert len(named) == 2, result.log  # both named in one build, one line each
    assert "ARCHIVE_POST_URL i pelicanconf.py har den okända platshållaren {id}" in named[0]
    assert "ARCHIVE_YEAR_URL i pelicanconf.py har en { eller }" in named[1]
    assert "STOPP" in result.log and "Traceback" not in result.log, result.log


# Every address of the archive moved, as a site might: the posts under their platform and year,
# a grid and the open data as files, the open data outside the archive's folder.
MOVED = {
    "ARCHIVE_URL": "sociala-medier/",
    "ARCHIVE_POST_URL": "sociala-medier/{platform}/{year}/{slug}/",
    "ARCHIVE_POST_SAVE_AS": "sociala-medier/{platform}/{year}/{slug}/index.html",
    "ARCHIVE_PLATFORM_URL": "sociala-medier/{platform}/",
    "ARCHIVE_PLATFORM_GRID_URL": "sociala-medier/{platform}/galleri.html",
    "ARCHIVE_YEAR_URL": "sociala-medier/ar-{year}/",
    "ARCHIVE_MONTH_URL": "sociala-medier/ar-{year}/manad-{month}/",
    "ARCHIVE_PAGINATION_URL": "{base_name}/s{number}/",
    "ARCHIVE_STATISTICS_URL": "sociala-medier/siffror/",
    "ARCHIVE_OPEN_DATA_URL": "data/sociala-medier/",
    "ARCHIVE_JSON_URL": "data/inlagg.json",
    "ARCHIVE_CSV_URL": "data/inlagg.csv",
    "ARCHIVE_MEDIA_URL": "filer/{path}",
}
SMALL_PAGES = '{"per_page": 2, "grid_per_page": 2}'
SITEURL = "http://127.0.0.1:9"  # never served: links are checked against the files


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, sample_content):
    """The sample site with a video added, built with the default addresses and with MOVED; both
    with pages of two posts, so every list has more than one page, and with search."""
    root = tmp_path_factory.mktemp("moved")
    content = root / "content"
    shutil.copytree(sample_content, content)
    video = tiny_mp4(payload=b"moved")
    sha = hashlib.sha256(video).hexdigest()
    rel = f"media/{sha[:2]}/{sha}.mp4"
    (content / "archive" / rel).parent.mkdir(parents=True)
    (content / "archive" / rel).write_bytes(video)
    post = ArchivedPost("instagram", "1700000000-9", "reel", datetime(2024, 11, 2, 12, tzinfo=timezone.utc), "En film",
                        media=(Media("video", path=rel, alt="Filmen visar en skolgård.", sha256=sha),),
                        provenance=(Provenance("b" * 64, "your_instagram_activity/media/reels.json", "2024-11-03T08:00:00Z"),))
    (content / "archive" / post_path(post)).write_bytes(to_json(StoredPost(post)))
    builds = {}
    for name, scheme in (("default", {}), ("moved", {key: json.dumps(value) for key, value in MOVED.items()})):
        result = build(PUBLISH_SETTINGS, root / name, content=content, siteurl=SITEURL,
                       extra={"SOCIAL_ARCHIVE": SMALL_PAGES, **scheme})
        assert result.returncode == 0 and result.warnings == [], result.log
        builds[name] = result.output
    builds["posts"] = [s.post for s in load_archive(content / "archive")]
    return builds


def pages(output):
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html") if "pagefind" not in p.parts)


def moved_post(post) -> str:
    return f"sociala-medier/{post.platform}/{post.published.astimezone(STOCKHOLM).year}/{page_slug(post.platform, post.post_id)}/"


def test_every_archive_page_moves_and_no_other_page_does(two_builds):
    default, moved = pages(two_builds["default"]), pages(two_builds["moved"])
    archive_pages = [p for p in default if p.startswith("arkiv/")]
    assert len(archive_pages) >= 20 and not (two_builds["moved"] / "arkiv").exists()
    assert [p for p in default if not p.startswith("arkiv/")] == [
        p for p in moved if not p.startswith(("sociala-medier/", "data/"))]
    assert len([p for p in moved if p.startswith(("sociala-medier/", "data/"))]) == len(archive_pages)
    for post in two_builds["posts"]:
        assert f"{moved_post(post)}index.html" in moved, post.key
    for page in ("sociala-medier/index.html", "sociala-medier/s2/index.html", "sociala-medier/instagram/galleri.html",
                 "sociala-medier/instagram/galleri/s2/index.html", "sociala-medier/ar-2025/manad-03/index.html",
                 "sociala-medier/ar-2025/s2/index.html", "sociala-medier/siffror/index.html",
                 "data/sociala-medier/index.html"):
        assert page in moved, page
    video = next(two_builds["moved"].glob("filer/media/*/*.mp4"))
    assert video.read_bytes() == tiny_mp4(payload=b"moved")


def test_every_link_on_every_page_follows_and_leads_to_a_file(two_builds):
    moved = two_builds["moved"]
    for output in (two_builds["default"], moved):
        assert broken_links(output, SITEURL) == []
    for page in pages(moved):
        text = (moved / page).read_text(encoding="utf-8")
        assert f"{SITEURL}/arkiv/" not in text, page
    home = BeautifulSoup((moved / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("a", href=f"{SITEURL}/sociala-medier/")
    first = BeautifulSoup((moved / "sociala-medier/index.html").read_text(encoding="utf-8"), "html.parser")
    assert first.select_one(".pagination a[rel=next]")["href"] == f"{SITEURL}/sociala-medier/s2/"
    assert first.find("link", rel="canonical")["href"] == f"{SITEURL}/sociala-medier/"
    nav = [a["href"].removeprefix(SITEURL + "/") for a in first.select(".archive-nav a")]
    assert nav == ["sociala-medier/", "sociala-medier/instagram/", "sociala-medier/linkedin/", "sociala-medier/ar-2025/",
                   "sociala-medier/ar-2024/", "sociala-medier/siffror/", "data/sociala-medier/"]
    year = BeautifulSoup((moved / "sociala-medier/ar-2025/index.html").read_text(encoding="utf-8"), "html.parser")
    assert f"{SITEURL}/sociala-medier/ar-2025/manad-03/" in [a["href"] for a in year.select(".archive-months a")]
    # A blog post links the archived posts that discuss it at their new address.
    blog = BeautifulSoup((moved / "2025/forsta-besoket-pa-aldreboendet/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert f"{SITEURL}/sociala-medier/linkedin/2025/linkedin-7283000000000000001/" in [
        a["href"] for a in blog.select(".discussions a")]


def test_the_open_data_and_its_schema_link_follow(two_builds):
    moved = two_builds["moved"]
    document = json.loads((moved / "data/inlagg.json").read_text(encoding="utf-8"))
    assert urljoin(f"{SITEURL}/data/inlagg.json", document["schema"]) == f"{SITEURL}/data/sociala-medier/"
    default = json.loads((two_builds["default"] / "arkiv/posts.json").read_text(encoding="utf-8"))
    assert default["schema"] == "oppna-data/"  # as published before the settings existed
    paths = [m["path"] for row in document["posts"] for m in row["media"]]
    assert any("/filer/media/" in p for p in paths)
    assert all(local_file(moved, SITEURL, p).exists() for p in paths)
    assert (moved / "data/inlagg.csv").read_text(encoding="utf-8").startswith("id,platform,")
    page = BeautifulSoup((moved / "data/sociala-medier/index.html").read_text(encoding="utf-8"), "html.parser")
    assert {a["href"] for a in page.select("a[type]")} == {f"{SITEURL}/data/inlagg.json", f"{SITEURL}/data/inlagg.csv"}


def sitemap(output) -> list[str]:
    return [loc.text for loc in ET.parse(output / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_the_sitemap_lists_the_new_addresses(two_builds):
    default, moved = sitemap(two_builds["default"]), sitemap(two_builds["moved"])
    assert len(moved) == len(default) and not [u for u in moved if "/arkiv/" in u]
    assert [u for u in default if "/arkiv/" not in u] == [u for u in moved if not re.search("/(sociala-medier|data)/", u)]
    for post in two_builds["posts"]:
        assert f"{SITEURL}/{moved_post(post)}" in moved


def search_urls(output) -> set[str]:
    found = set()
    for fragment in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        found.add(json.loads(data.removeprefix(b"pagefind_dcd"))["url"])
    return found


def test_search_finds_the_archived_posts_at_their_new_address(two_builds):
    default, moved = search_urls(two_builds["default"]), search_urls(two_builds["moved"])
    assert {u for u in default if u.startswith("/arkiv/")} and not {u for u in moved if u.startswith("/arkiv/")}
    assert {f"/{moved_post(p)}" for p in two_builds["posts"]} == {u for u in moved if u.startswith("/sociala-medier/")}
    assert {u for u in default if not u.startswith("/arkiv/")} == {u for u in moved if not u.startswith("/sociala-medier/")}


@pytest.mark.parametrize("name", ["arkiv.atom.xml", "arkiv.rss.xml"])
def test_the_feed_links_the_new_addresses_and_keeps_every_entry_id(two_builds, name):
    default = feedparser.parse((two_builds["default"] / "feeds" / name).read_bytes()).entries
    moved = feedparser.parse((two_builds["moved"] / "feeds" / name).read_bytes()).entries
    by_key = {f"{p.published.astimezone(STOCKHOLM):%Y-%m-%d}:arkiv/{p.key}": p for p in two_builds["posts"]}
    # Exactly as published since the first archive feed: tag:AUTHORITY,DATE:arkiv/KEY.
    assert [e.id for e in moved] == [e.id for e in default] == [
        f"tag:provstad.example,{key}" for key in sorted(
            by_key, key=lambda k: (by_key[k].published, by_key[k].key), reverse=True)]
    assert [e.link for e in moved] == [f"{SITEURL}/{moved_post(by_key[e.id.split(',', 1)[1]])}" for e in moved]
    assert all("/arkiv/" in e.link for e in default)
    page = BeautifulSoup((two_builds["moved"] / "sociala-medier/siffror/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("link", rel="alternate", href=f"{SITEURL}/feeds/arkiv.atom.xml")
