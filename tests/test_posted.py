"""Posted_<network>: once a post is out on a network, the blog post links the discussion there at
once, until the archive (after an import) holds its own copy of it."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from share_kit.facts import FieldError
from share_kit.networks import NETWORKS
from share_kit.posted import checked_url
from tests.golden import SITE
from tests.project_copy import copy_project, invoke
from tests.sample_site import PUBLISH_SETTINGS
from tests.sitebuild import build

LINKEDIN = "https://www.linkedin.com/feed/update/urn:li:share:7400000000000000001/"
MASTODON = "https://social.provstad.example/@kim/113500000000000001"


@pytest.mark.parametrize("network, url", [
    ("linkedin", LINKEDIN), ("instagram", "https://www.instagram.com/p/DAbc123/"),
    ("x", "https://x.com/kim/status/1860000000000000001"), ("x", "https://twitter.com/kim/status/1"),
    ("mastodon", MASTODON), ("bluesky", "https://bsky.app/profile/kim.example/post/3kabc"),
])
def test_a_posts_address_on_its_network_is_taken(network, url):
    assert checked_url(NETWORKS[network], f"  {url} ") == url


@pytest.mark.parametrize("network, url", [
    ("linkedin", "http://www.linkedin.com/feed/update/1"),  # not https
    ("linkedin", "https://www.linkedin.com.evil.example/feed/update/1"),
    ("linkedin", "https://x.com/kim/status/1"),  # another network's
    ("bluesky", "bsky.app/profile/kim/post/1"),  # no scheme
    ("mastodon", "https://"),
])
def test_anything_else_is_an_error_naming_the_field(network, url):
    with pytest.raises(FieldError, match=rf"^{NETWORKS[network].posted_field}: ”"):
        checked_url(NETWORKS[network], url)


def discussion_links(page) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(): a["href"] for a in soup.select(".discussions li > a:first-child")}


def test_the_blog_post_links_where_it_was_posted(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    post = content / "posts/2025-02-01-om-planering.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Slug: om-planering\n", f"Slug: om-planering\nPosted_linkedin: {LINKEDIN}\nPosted_mastodon: {MASTODON}\n"),
        encoding="utf-8")
    result = build(SITE / "settings.py", tmp_path / "out", content=content)
    assert result.returncode == 0, result.log
    links = discussion_links(tmp_path / "out/2025/om-planering/index.html")
    assert links == {"Diskussion på LinkedIn": LINKEDIN, "Diskussion på Mastodon": MASTODON}


def test_a_wrong_address_stops_publishing_and_names_the_file_and_field(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    post = content / "posts/2025-02-01-om-planering.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Slug: om-planering\n", "Slug: om-planering\nPosted_x: https://www.linkedin.com/feed/update/1\n"),
        encoding="utf-8")
    result = build(SITE / "settings.py", tmp_path / "out", content=content)
    assert result.returncode != 0 and "Traceback" not in result.log
    assert any("content/posts/2025-02-01-om-planering.md: Posted_x:" in line for line in result.warnings), result.log


def test_an_archived_copy_takes_the_place_of_the_networks_address(tmp_path, sample_content):
    """The sample's LinkedIn export shares this post: its archived copy is the LinkedIn discussion."""
    content = tmp_path / "content"
    shutil.copytree(sample_content, content)
    post = content / "posts/2025-01-10-forsta-besoket.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Consent: yes\n", f"Consent: yes\nPosted_linkedin: {LINKEDIN}\nPosted_mastodon: {MASTODON}\n"),
        encoding="utf-8")
    result = build(PUBLISH_SETTINGS, tmp_path / "out", content=content, siteurl="https://provstad.example/blogg")
    assert result.returncode == 0, result.log
    links = discussion_links(tmp_path / "out/2025/forsta-besoket-pa-aldreboendet/index.html")
    assert links["Diskussion på LinkedIn"].startswith("https://provstad.example/blogg/arkiv/inlagg/linkedin-")
    assert links["Diskussion på Mastodon"] == MASTODON and len(links) == 2


def test_invoke_posted_writes_the_field_into_the_post(tmp_path, sample_content):
    project = copy_project(tmp_path / "blogg")
    shutil.rmtree(project / "content")
    shutil.copytree(sample_content, project / "content")
    post = project / "content/posts/2025-02-01-om-planering.md"
    before = post.read_text(encoding="utf-8")
    bad = invoke(project, "posted", "om-planering", "--network", "linkedin", "--url", "https://example.com/x")
    assert bad.returncode != 0 and bad.stderr.startswith("invoke posted: Posted_linkedin: ”https://example.com/x”")
    assert post.read_text(encoding="utf-8") == before
    for url in ("https://www.linkedin.com/feed/update/urn:li:share:1/", LINKEDIN):  # the second replaces the first
        done = invoke(project, "posted", "om-planering", "--network", "linkedin", "--url", url)
        assert done.returncode == 0, done.stdout + done.stderr
    text = post.read_text(encoding="utf-8")
    header, body = text.split("\n\n", 1)
    assert header.splitlines().count(f"Posted_linkedin: {LINKEDIN}") == 1 and "urn:li:share:1/" not in text
    assert body == before.split("\n\n", 1)[1]
