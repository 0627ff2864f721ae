"""The share kit in the communications officer's hands: every link public, and `invoke kit` writes a
folder that works from a file share, opened straight from disk, with nothing missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from share_kit.networks import NETWORKS
from tests.project_copy import copy_project, invoke

PUBLIC = "https://kit.example/blogg"
PREVIEW_HOSTS = ("localhost", "127.0.0.1")


def preview_addresses(folder: Path) -> list[str]:
    return [f"{p.relative_to(folder)}: {host}" for p in folder.rglob("*")
            if p.is_file() and p.suffix in {".json", ".ics", ".html", ".js", ".css"}
            for host in PREVIEW_HOSTS if host in p.read_text(encoding="utf-8")]


def test_the_served_kit_carries_the_public_address_not_the_previews(sample_preview):
    """The preview is built at 127.0.0.1; what the officer copies must link the public site."""
    kit = json.loads((sample_preview.kit / "kit.json").read_text(encoding="utf-8"))
    assert kit["site"] == "https://provstad.example/blogg"
    assert preview_addresses(sample_preview.kit) == []
    for post in kit["posts"]:
        assert post["url"].startswith("https://provstad.example/blogg/"), post["url"]
        for network, text in post["texts"].items():
            if NETWORKS[network].links_clickable:  # else "Länk i bio." instead of a link
                assert post["url"] in text["text"], (post["slug"], network)
    soup = BeautifulSoup((sample_preview.kit / "hemligt-utkast" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    preview = soup.find("a", string="förhandsvisning")
    assert preview and preview["href"] == "../../utkast/hemligt-utkast/", "the served kit links the draft's preview"


@pytest.fixture(scope="module")
def handed_over(tmp_path_factory, sample_content):
    """A blog of someone's own (invoke init), with the sample content, and its kit from invoke kit."""
    project = copy_project(tmp_path_factory.mktemp("kit") / "Kim Provare" / "blogg")  # a space, as on Windows
    made = invoke(project, "init", "--name", "Kim Provare", "--role", "Förvaltningschef", "--organisation",
                  "Provstads kommun", "--url", PUBLIC, "--yes")
    assert made.returncode == 0, made.stdout + made.stderr
    shutil.rmtree(project / "content")
    shutil.copytree(sample_content, project / "content")
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "GUEST_AUTHORS = {}", 'GUEST_AUTHORS = {"Samir Haddad": {"role": "Socialchef", "bio": "", "image": ""}}'),
        encoding="utf-8")
    built = invoke(project, "kit", "--out", "till-kollegorna")
    assert built.returncode == 0, built.stdout + built.stderr
    return project / "till-kollegorna"


def test_invoke_kit_writes_a_folder_with_public_links_only(handed_over):
    kit = json.loads((handed_over / "kit.json").read_text(encoding="utf-8"))
    assert kit["site"] == PUBLIC and kit["posts"]
    assert all(post["url"].startswith(PUBLIC + "/") for post in kit["posts"])
    assert preview_addresses(handed_over) == []
    assert "förhandsvisning" not in (handed_over / "hemligt-utkast" / "index.html").read_text(encoding="utf-8"), \
        "a handed-over kit has no preview to link"


def local_targets(page: Path):
    """Every link and image of a kit page that stays inside the folder, as files."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for element, attribute in [(e, "href") for e in soup.find_all(["a", "link"], href=True)] + \
                              [(e, "src") for e in soup.find_all(["img", "script"], src=True)]:
        url = element[attribute]
        if urlparse(url).scheme in ("http", "https", "mailto") or url.startswith("#"):
            continue
        target = (page.parent / unquote(urlparse(url).path)).resolve()
        yield url, target / "index.html" if target.is_dir() else target


def test_every_link_and_image_of_the_handed_over_kit_resolves_on_disk(handed_over):
    pages = sorted(handed_over.rglob("*.html"))
    assert len(pages) > 10
    missing = [f"{page.relative_to(handed_over)}: {url}" for page in pages
               for url, target in local_targets(page) if not target.is_file()]
    assert missing == []
    external = {urlparse(a["href"]).netloc for page in pages
                for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)
                if urlparse(a["href"]).scheme in ("http", "https")}
    assert external <= {"kit.example", "www.digg.se"}, external


@pytest.mark.browser
def test_the_handed_over_kit_works_opened_from_disk_in_chromium(browser, handed_over):
    from tests.test_browser import axe_violations

    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    requested, failed, errors = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    # (axe-core also fetches the stylesheets itself, which a file: page may not: those are not the page's)
    page.on("requestfailed", lambda request: request.resource_type in {"document", "stylesheet", "script", "image"}
            and failed.append(f"{request.url} {request.failure}"))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((handed_over / "index.html").as_uri())
        assert {url.rsplit("/", 1)[-1] for url in requested} >= {"site.css", "kit.css", "kit.js"}
        assert axe_violations(page) == []
        post = next(p for p in json.loads((handed_over / "kit.json").read_text(encoding="utf-8"))["posts"]
                    if p["images"] and p["status"] == "publicerad")
        page.goto((handed_over / post["slug"] / "index.html").as_uri())
        assert axe_violations(page) == []
        page.evaluate("document.querySelectorAll('img').forEach(img => { img.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(img => img.complete)", timeout=5000)
        assert page.evaluate("[...document.images].every(img => img.naturalWidth > 0)"), "every image loads"
        page.click("button[data-copy='text-linkedin']")
        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0", timeout=5000)
    finally:
        context.close()
    assert errors == [] and failed == []
    assert all(url.startswith("file://") for url in requested), [u for u in requested if not u.startswith("file:")]


def test_each_network_is_previewed_with_what_it_shows(sample_preview):
    """The text and the card together, as the network shows them, with the fold marked."""
    kit = json.loads((sample_preview.kit / "kit.json").read_text(encoding="utf-8"))
    post = next(p for p in kit["posts"] if p["status"] == "publicerad" and len(p["images"]) == 2)
    soup = BeautifulSoup((sample_preview.kit / post["slug"] / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    for network, text in post["texts"].items():
        shown = soup.find(id=f"h-{network}").find_parent("section").select_one("figure.network-post")
        images = [img["src"] for img in shown.find_all("img")]
        assert images == [f"{NETWORKS[network].card}.jpg"], (network, images)
        preview = shown.select_one(".preview")
        assert preview.get_text() == text["text"], "what is copied is the text alone"
        if text["fold"]:
            assert preview.select_one("mark.before-fold").get_text() == text["before_fold"]
            assert preview.select_one("span.fold") is not None
