"""Every platform the archive imports, through the same checks: each fixture export adds up and
re-imports to a byte-identical archive, and one post of each platform, linking a blog post of the
golden site, is built into that site and linked both ways, badged, listed, counted and fed.

The fixtures are made real by each platform's own support module; the one-post exports of the
cross-link test are written here, shaped as each platform writes them (Meta's JSON with its
mojibake, X's window.YTD files with a t.co link, Mastodon's HTML, a Bluesky repo.car with a
shortened link facet, LinkedIn's Shares.csv).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from social_archive.platforms import PLATFORMS, importable
from social_archive.presentation import page_slug
from social_archive.privacy import approve_posts
from tests import archive_support, bluesky_export, facebook_export, mastodon_export, x_export
from tests.archive_support import FIXTURES, PARTS, make_zip, photo, posts_in, run, totals, tree
from tests.golden import SITE
from tests.sitebuild import build

# --- 1. every fixture export -------------------------------------------------------------------

CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
# Exports every reader must refuse whole: HTML instead of JSON, Twitter's pre-2019 archive,
# LinkedIn's Basic export (no posts in it).
REFUSED = {"facebook-html", "instagram-html", "threads-html", "x-classic", "linkedin-basic"}
SUPPORT = {"facebook": facebook_export, "x": x_export, "mastodon": mastodon_export}


def platform_of(case: str) -> str:
    """The fixture's platform: its name's first part (sample-instagram is an Instagram export)."""
    first, _, rest = case.partition("-")
    return rest.partition("-")[0] if first == "sample" else first


def sources_of(case: str, tmp_path: Path) -> list[Path]:
    """What a user passes to `invoke import` for this fixture, made real by its platform's support."""
    if platform_of(case) == "bluesky":
        car, bilder, repo = bluesky_export.write_export(case, tmp_path)
        return [car, bilder] if repo.blobs else [car]
    return [SUPPORT.get(platform_of(case), archive_support).export(case, tmp_path)]


def test_the_cases_cover_every_platform():
    imported = {platform_of(c) for c in CASES if c not in REFUSED}
    assert imported == set(importable()) == set(PLATFORMS)
    assert REFUSED <= set(CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c not in REFUSED])
def test_every_fixture_adds_up_and_imports_again_to_the_same_bytes(case, tmp_path):
    sources, archive = sources_of(case, tmp_path), tmp_path / "arkiv"
    code, out, err = run(*sources, "--archive", archive)
    assert (code, err) == (0, ""), err
    first = totals(out)
    assert len(first) == len(sources) + 1  # one line per export, then the total
    for line in first:
        assert line["read"] == sum(line[part] for part in PARTS), out
    *files, total = first
    assert total == {key: sum(f[key] for f in files) for key in total}
    assert total["added"] > 0
    before = tree(archive)

    code, out, err = run(*sources, "--archive", archive)
    assert (code, err) == (0, ""), err
    again = totals(out)
    for line in again:
        assert line["read"] == sum(line[part] for part in PARTS), out
        assert (line["added"], line["updated"]) == (0, 0), out
    assert again[-1]["unchanged"] == total["added"]
    assert tree(archive) == before


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_export_meant_to_be_refused_is_refused_in_one_swedish_line(case, tmp_path):
    code, out, err = run(*sources_of(case, tmp_path), "--archive", tmp_path / "arkiv")
    assert code == 1 and out == ""
    assert re.fullmatch(r"fel: [^\n:]+: [^\n]+\n", err), err  # names the file, then what to do
    assert not (tmp_path / "arkiv").exists()


# --- 2 and 3. one post of each platform in the golden site ------------------------------------

GOLDEN = "https://golden.example"  # SITEURL
PUBLIC = "https://provstad.example/blogg"  # PUBLIC_URL (tests/sites/fixture_site.py): posts link this one
VISIT = ("2025/forsta-besoket-pa-aldreboendet/", "Första besöket på äldreboendet")
PLANNING = ("2025/om-planering/", "Om planering & tillit")
GUEST = ("2025/gastinlagg-socialtjanstens-vardag/", "Gästinlägg: socialtjänstens vardag")


def meta_json(value) -> bytes:
    """JSON as Meta writes it: every non-ASCII character as the \\u escapes of its UTF-8 bytes."""
    text = json.dumps(value, ensure_ascii=False)
    return json.dumps(json.loads(text.encode("utf-8").decode("latin-1")), indent=2).encode("ascii")


def timestamp(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())


LINKEDIN_POST = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7327000000000000001"


def linkedin_export(folder: Path, link: str, share_link: str = LINKEDIN_POST) -> Path:
    shares = ("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n"
              f"2025-05-10 10:00:00,{share_link},\"Tankar efter besöket på Lindgården.\",{link},,PUBLIC\r\n")
    return make_zip(folder / "linkedin.zip", [("Shares.csv", shares.encode("utf-8"))])


def instagram_export(folder: Path, link: str, caption: str = "Från Lindgården. Läs mer på bloggen: {}") -> Path:
    uri = "media/posts/202506/17900000000000042.jpg"
    posts = [{"media": [{"uri": uri, "creation_timestamp": timestamp("2025-06-12T08:00:00"),
                         "title": caption.format(link)}]}]
    return make_zip(folder / "instagram.zip", [("your_instagram_activity/media/posts_1.json", meta_json(posts)),
                                               (uri, photo(uri, "JPEG"))])


def facebook_export(folder: Path, link: str) -> Path:
    posts = [{"timestamp": timestamp("2025-07-03T09:30:00"), "data": [{"post": "Om att planera med tillit."}],
              "attachments": [{"data": [{"external_context": {"url": link}}]}]}]
    member = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
    return make_zip(folder / "facebook.zip", [(member, meta_json(posts))])


X_OWNER = "1400000000000000001"


def x_export_of(folder: Path, link: str) -> Path:
    manifest = {"userInfo": {"accountId": X_OWNER, "userName": "ekbacka_kommun"},
                "dataTypes": {"tweets": {"mediaDirectory": "data/tweets_media",
                                         "files": [{"fileName": "data/tweets.js"}]}}}
    account = [{"account": {"username": "ekbacka_kommun", "accountId": X_OWNER}}]
    tweet = {"id_str": "1820000000000000042", "created_at": "Mon Aug 04 07:15:02 +0000 2025",
             "full_text": "Planering är inte kontroll https://t.co/Plan42xY",
             "entities": {"urls": [{"url": "https://t.co/Plan42xY", "expanded_url": link,
                                    "display_url": link.split("://")[1][:24] + "…", "indices": ["27", "50"]}]}}
    return make_zip(folder / "x.zip", [
        ("data/manifest.js", b"window.__THAR_CONFIG = " + json.dumps(manifest).encode()),
        ("data/account.js", b"window.YTD.account.part0 = " + json.dumps(account).encode()),
        ("data/tweets.js", b"window.YTD.tweets.part0 = " + json.dumps([{"tweet": tweet}]).encode()),
    ])


def mastodon_export_of(folder: Path, link: str) -> Path:
    scheme, _, rest = link.partition("://")
    anchor = (f'<a href="{link}" target="_blank" rel="nofollow noopener" translate="no">'
              f'<span class="invisible">{scheme}://</span><span class="ellipsis">{rest[:30]}</span>'
              f'<span class="invisible">{rest[30:]}</span></a>')
    item = mastodon_export.note(42, content=f"<p>Gästinlägg om socialtjänsten: {anchor}</p>",
                                published="2025-09-09T07:00:00Z")
    item["published"] = item["object"]["published"]
    return mastodon_export.custom(folder, [item])


BLUESKY_DID = "did:plc:provstad4kommun2ab5jk3zq"


def bluesky_export_of(folder: Path, link: str, shown: str = "") -> Path:
    lead, shown = "Nytt på bloggen: ", shown or link.split("://")[1][:28] + "…"  # as the app shortens a link
    start = len(lead.encode("utf-8"))
    post = {"$type": "app.bsky.feed.post", "text": lead + shown, "createdAt": "2025-10-01T08:00:00.000Z",
            "langs": ["sv"], "facets": [{"index": {"byteStart": start, "byteEnd": start + len(shown.encode("utf-8"))},
                                         "features": [{"$type": "app.bsky.richtext.facet#link", "uri": link}]}]}
    data, _ = bluesky_export.repository({"did": BLUESKY_DID, "records": {
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Kim Provare"},
        "app.bsky.feed.post/3lxbloggx222b": post}})
    (folder / "repo.car").write_bytes(data)
    return folder / "repo.car"


def threads_export(folder: Path, link: str) -> Path:
    posts = {"text_post_app_text_posts": [{"media": [{
        "uri": "", "creation_timestamp": timestamp("2025-11-05T12:00:00"), "title": f"Planering och tillit {link}",
        "text_app_post": {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": False}}]}]}
    # A public profile: without this file (or with a private one) the post waits for approval.
    profile = {"text_post_app_text_post_app_profile": [{"media_map_data": {}, "string_map_data": {
        "Username": {"href": "", "value": "kim.provare", "timestamp": 0},
        "Private Account": {"href": "", "value": "False", "timestamp": 0}}}]}
    return make_zip(folder / "threads.zip", [("threads/threads_and_replies.json", meta_json(posts)),
                                             ("threads/personal_information.json", meta_json(profile))])


# platform → (its one-post export, the blog post it links, the address it uses for it); each month
# its own, so the statistics table shows each in a row of its own.
LINKED = {
    "linkedin": (linkedin_export, VISIT, PUBLIC),
    "instagram": (instagram_export, VISIT, GOLDEN),
    "facebook": (facebook_export, PLANNING, GOLDEN),
    "x": (x_export_of, PLANNING, PUBLIC),
    "mastodon": (mastodon_export_of, GUEST, GOLDEN),
    "bluesky": (bluesky_export_of, VISIT, PUBLIC),
    "threads": (threads_export, PLANNING, PUBLIC),
}
ONE_ADDED = {"read": 1, "added": 1, "updated": 0, "unchanged": 0, "skipped": 0, "repeats": 0}
MONTHS = {"linkedin": "2025-05", "instagram": "2025-06", "facebook": "2025-07", "x": "2025-08",
          "mastodon": "2025-09", "bluesky": "2025-10", "threads": "2025-11"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def golden_with_every_platform(tmp_path_factory):
    """The golden site's content with one imported post of each platform, built once."""
    root = tmp_path_factory.mktemp("every")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    for name, (make, (path, _), base) in LINKED.items():
        folder = root / "exports" / name
        folder.mkdir(parents=True)
        code, out, err = run(make(folder, f"{base}/{path}"), "--platform", name, "--archive", content / "archive")
        assert (code, err) == (0, ""), err
        assert totals(out)[-1] == dict(ONE_ADDED), out
    # Facebook's export says nobody's audience: a profile's post is published once the leader
    # approves it (invoke approve); every other post here is public as imported.
    waiting = [key for key, post in posts_in(content / "archive").items() if post.get("approved") is False]
    assert [key.partition(":")[0] for key in waiting] == ["facebook"]
    approve_posts(content / "archive", waiting)
    stored = {post["platform"]: post for post in posts_in(content / "archive").values()}
    result = build(SITE / "settings.py", root / "out", content=content)
    assert result.returncode == 0, result.log
    return root / "out", stored


def page_of(out: Path, post: dict) -> Path:
    return out / "arkiv" / "inlagg" / page_slug(post["platform"], post["post_id"]) / "index.html"


def test_every_platform_imported_one_post_that_links_a_blog_post(golden_with_every_platform):
    _, stored = golden_with_every_platform
    assert set(stored) == set(PLATFORMS)
    for name, post in stored.items():
        assert post["kind"] == "post" and post.get("approved") is (True if name == "facebook" else None), name


@pytest.mark.parametrize("blog", [VISIT, PLANNING, GUEST], ids=lambda b: b[0].split("/")[1])
def test_a_blog_post_lists_the_archived_posts_that_discuss_it(golden_with_every_platform, blog):
    out, stored = golden_with_every_platform
    path, _ = blog
    expected = {f"Diskussion på {PLATFORMS[name].label}": f"{GOLDEN}/{page_of(Path(), stored[name]).parent.as_posix()}/"
                for name, (_, linked, _) in LINKED.items() if linked == blog}
    section = soup(out / path / "index.html").select_one("section.discussions")
    assert section is not None and section.h2.get_text(strip=True) == "Diskussion"
    found = {a.get_text(strip=True): a["href"] for li in section.select("li") for a in li.find_all("a", limit=1)}
    assert found == expected


@pytest.mark.parametrize("name", list(LINKED))
def test_an_archived_post_links_back_to_its_blog_post(golden_with_every_platform, name):
    out, stored = golden_with_every_platform
    _, (path, title), _ = LINKED[name]
    page = soup(page_of(out, stored[name]))
    about = next((p for p in page.select("article p") if p.get_text().startswith("Om blogginlägget")), None)
    assert about is not None, f"{name}: no link back to the blog post"
    assert about.get_text(" ", strip=True) == f"Om blogginlägget {title} ."
    assert about.a["href"] == f"{GOLDEN}/{path}"


def expects_original(name: str, url: str) -> bool:
    """Whether the page may link the original: the export gives a permalink on the platform's hosts."""
    record, host = PLATFORMS[name], (urlsplit(url).hostname or "")
    on_hosts = record.post_hosts is None or any(host == h or host.endswith("." + h) for h in record.post_hosts)
    return record.permalinks and url.startswith("https://") and on_hosts


def test_every_platform_is_badged_listed_counted_and_fed(golden_with_every_platform):
    out, stored = golden_with_every_platform
    rows = {row["id"]: row for row in json.loads((out / "arkiv/posts.json").read_text(encoding="utf-8"))["posts"]}
    assert set(rows) == {post["id"] for post in stored.values()}
    feed = feedparser.parse((out / "feeds/arkiv.atom.xml").read_bytes())
    fed = {e.link: e for e in feed.entries}
    stats = soup(out / "arkiv/statistik/index.html").select_one("table.stats-table")
    columns = [th.get_text(strip=True) for th in stats.thead.select("th")]
    by_month = {row.th.time["datetime"]: [cell.get_text(strip=True) for cell in row.select("td")]
                for row in stats.tbody.select("tr")}
    with_original = set()
    for name, post in stored.items():
        label, page_path = PLATFORMS[name].label, page_of(out, post)
        url = f"{GOLDEN}/{page_path.parent.relative_to(out).as_posix()}/"
        page = soup(page_path)
        assert page.select_one(".badge").get_text(strip=True) == label
        original = page.find("a", string=f"Originalet på {label}")
        if expects_original(name, post["url"]):
            with_original.add(name)
            assert original is not None and original["href"] == post["url"]
        else:
            assert original is None
            if not PLATFORMS[name].permalinks:  # the page says why there is no link
                assert "export har ingen länk till originalinlägget" in page.select_one(".post-footer").get_text()
        listing = soup(out / "arkiv" / name / "index.html")
        assert {a["href"] for a in listing.select("a[href]") if "/arkiv/inlagg/" in a["href"]} == {url}
        row = rows[post["id"]]
        assert row["platform"] == name and row["url"] == (post["url"] if name in with_original else "")
        column = columns.index(label) - 1  # the first header is the month's
        assert [cells[column] for cells in by_month.values()].count("1") == 1
        assert by_month[MONTHS[name]][column] == "1"
        assert label in {t.term for t in fed[url].tags}
    # What each export gives: LinkedIn, X, Mastodon and Bluesky a post's address; Meta's none.
    assert with_original == {"linkedin", "x", "mastodon", "bluesky"}
    assert len(fed) == len(stored)



@pytest.fixture(scope="module")
def odd_links(tmp_path_factory):
    """A second build: a Bluesky link on words of its own, stored as "words (address)"
    (bluesky.py full_link), a caption ending with its address and a full stop, and a LinkedIn
    post whose ShareLink is not on LinkedIn."""
    root = tmp_path_factory.mktemp("odd")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    made = [bluesky_export_of(root, f"{PUBLIC}/{VISIT[0]}", shown="mitt blogginlägg"),
            instagram_export(root, f"{GOLDEN}/{PLANNING[0]}", caption="Läs om planeringen på {}."),
            linkedin_export(root, "", share_link=OFF_LINKEDIN)]
    for source in made:
        code, _, err = run(source, "--archive", content / "archive")
        assert (code, err) == (0, ""), err
    stored = {p["platform"]: p for p in posts_in(content / "archive").values()}
    result = build(SITE / "settings.py", root / "out", content=content)
    assert result.returncode == 0, result.log
    return root / "out", stored


OFF_LINKEDIN = "https://linkedin.example/feed/update/urn%3Ali%3Ashare%3A7327000000000000009"


def test_a_link_in_brackets_or_before_a_full_stop_still_finds_its_blog_post(odd_links):
    out, stored = odd_links
    assert stored["bluesky"]["text"] == f"Nytt på bloggen: mitt blogginlägg ({PUBLIC}/{VISIT[0]})"
    assert stored["instagram"]["text"] == f"Läs om planeringen på {GOLDEN}/{PLANNING[0]}."
    for name, (path, title) in (("bluesky", VISIT), ("instagram", PLANNING)):
        about = soup(page_of(out, stored[name])).find("a", string=title)
        assert about is not None and about["href"] == f"{GOLDEN}/{path}", name
        discussed = soup(out / path / "index.html").select("section.discussions li a")
        assert [a.get_text(strip=True) for a in discussed[:1]] == [f"Diskussion på {PLATFORMS[name].label}"]


def test_a_permalink_off_the_platforms_hosts_is_not_linked(odd_links):
    out, stored = odd_links
    post = stored["linkedin"]
    assert post["url"] == OFF_LINKEDIN and not expects_original("linkedin", post["url"])
    page = soup(page_of(out, post))
    assert page.select_one(".badge").get_text(strip=True) == "LinkedIn"
    assert page.find("a", string="Originalet på LinkedIn") is None
    assert not page.select(f'a[href="{OFF_LINKEDIN}"]')
    rows = {r["id"]: r for r in json.loads((out / "arkiv/posts.json").read_text(encoding="utf-8"))["posts"]}
    assert rows[post["id"]]["url"] == ""
