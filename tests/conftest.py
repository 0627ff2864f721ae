"""Shared fixtures: the demo site built for publishing, served on localhost, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from urllib.parse import urlparse

from bs4 import BeautifulSoup

from tests.content_files import demo_sources, is_unpublished
from tests.sitebuild import ROOT, build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser cancelling a request (broken pipe) is not a test failure


class Site:
    """A built site served from its output folder."""

    def __init__(self, build_result, url: str):
        self.build = build_result
        self.output = build_result.output
        self.url = url

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.output.rglob("*.html") if "pagefind" not in p.parts)

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The bundled demo content, built with publishconf.py and --fatal warnings, served on 127.0.0.1."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    output = tmp_path_factory.mktemp("demo") / "output"
    result = build(ROOT / "publishconf.py", output, content=ROOT / "content", siteurl=url)
    assert result.returncode == 0, f"the demo site did not build:\n{result.log}"
    handler = functools.partial(QuietHandler, directory=str(output))
    server = QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(result, url)
    server.shutdown()


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory):
    """The demo as the local preview builds it (drafts under /utkast/, the private share kit
    written beside the output and served at /delningskit/ as `invoke serve` does; this plain
    test server gets it as a copy)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    root = tmp_path_factory.mktemp("preview")
    kit = root / "share-kit"
    result = build(ROOT / "pelicanconf.py", root / "output", content=ROOT / "content",
                   extra={"SITEURL": json.dumps(url),
                          "SHARE_KIT": json.dumps({"folder": str(kit), "rhythm": 3, "days": 14})})
    assert result.returncode == 0, f"the preview did not build:\n{result.log}"
    shutil.copytree(kit, root / "output" / "delningskit")  # invoke serve serves share-kit/ at this path
    handler = functools.partial(QuietHandler, directory=str(root / "output"))
    server = QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = Site(result, url)
    site.kit = kit
    yield site
    server.shutdown()


def chromium_path() -> str:
    """Debian's chromium by default; CHROMIUM_PATH points elsewhere (e.g. the Chrome on GitHub's runners)."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path or not Path(path).exists():
        pytest.fail("No Chromium found: install Debian's chromium or set CHROMIUM_PATH")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


class Tab:
    """A browser page that records every request leaving the site and blocks it."""

    def __init__(self, page, site_url: str):
        self.page = page
        self.outside: list[str] = []
        self.site_url = site_url
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str):
        response = self.page.goto(self.site_url + path)
        self.page.wait_for_load_state("networkidle")
        return response


@pytest.fixture
def tab(browser, demo_site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Tab(page, demo_site.url)
    context.close()


@pytest.fixture(scope="session")
def page_types(demo_site):
    """One output file for each page type of the theme."""
    posts = [(p, m) for p, m in demo_sources("posts") if not is_unpublished(m)]
    notes = [(p, m) for p, m in demo_sources("notes") if not is_unpublished(m)]

    visit = next(m for _, m in posts if m.get("image") and not m.get("author") and m.get("lang", "sv") == "sv")
    english = next(m for _, m in posts if m.get("lang") == "en")
    guest = next(m for _, m in posts if m.get("author"))
    soup = BeautifulSoup(demo_site.read("index.html"), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".entry-title a")}

    def by_title(meta):
        href = links.get(meta["title"]) or _find_link(demo_site, meta["title"])
        return urlparse(href).path.lstrip("/") + "index.html"

    return {
        "home": "index.html",
        "home page 2": "sida/2/index.html",
        "post": by_title(visit),
        "note": by_title(notes[-1][1]),
        "guest": by_title(guest),
        "english": f"en/{english['date'][:4]}/{english['slug']}/index.html",
        "page": "tillganglighet/index.html",
        "tag": "amne/arbetsmiljo/index.html",
        "tags": "amne/index.html",
        "category": "kategori/besok/index.html",
        "categories": "kategori/index.html",
        "author": "forfattare/samir-haddad/index.html",
        "authors": "forfattare/index.html",
        "archives": "inlagg/index.html",
        "year": f"{visit['date'][:4]}/index.html",
        "search": "sok/index.html",
        "feeds": "flode/index.html",
        "archive": "arkiv/index.html",
        "archive platform": "arkiv/instagram/index.html",
        "archive month": "arkiv/2025/03/index.html",
        "archive post": _first_archive_post(demo_site),
        "archive statistics": "arkiv/statistik/index.html",
        "archive open data": "arkiv/oppna-data/index.html",
        "404": "404.html",
    }


def _find_link(site, title):
    soup = BeautifulSoup(site.read("inlagg/index.html"), "html.parser")
    for a in soup.select(".archive-list a"):
        if a.get_text(strip=True) == title:
            return a["href"]
    raise AssertionError(f"{title!r} is not listed on inlagg/")


def _first_archive_post(site) -> str:
    """An archived Instagram post with photos: the richest archive page."""
    soup = BeautifulSoup(site.read("arkiv/instagram/index.html"), "html.parser")
    return urlparse(soup.select_one(".entry-title a")["href"]).path.lstrip("/") + "index.html"
