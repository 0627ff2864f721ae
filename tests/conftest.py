"""Shared fixtures: the sample site (tests/sample_site.py) built for publishing and for the preview,
served on localhost, and a real Chromium. Never the demo in content/: the suite must pass on a
leader's own blog and on an empty one."""

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

from tests.sample_site import PREVIEW_SETTINGS, PUBLISH_SETTINGS, write_sample_content
from tests.sitebuild import build


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


def serve(folder: Path, port: int) -> QuietServer:
    server = QuietServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def sample_content(tmp_path_factory) -> Path:
    """The sample blog's content folder, written once per test run."""
    return write_sample_content(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, sample_content):
    """The sample blog built with publishconf.py and --fatal warnings, served on 127.0.0.1."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    output = tmp_path_factory.mktemp("public") / "output"
    result = build(PUBLISH_SETTINGS, output, content=sample_content, siteurl=url)
    assert result.returncode == 0, f"the sample site did not build:\n{result.log}"
    server = serve(output, port)
    site = Site(result, url)
    site.content = sample_content
    yield site
    server.shutdown()


@pytest.fixture(scope="session")
def sample_preview(tmp_path_factory, sample_content):
    """The sample blog as the local preview builds it (drafts under /utkast/, the private share kit
    written beside the output and served at /delningskit/ as `invoke serve` does; this plain
    test server gets it as a copy)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    root = tmp_path_factory.mktemp("preview")
    kit = root / "share-kit"
    result = build(PREVIEW_SETTINGS, root / "output", content=sample_content,
                   extra={"SITEURL": json.dumps(url),
                          "SHARE_KIT": json.dumps({"folder": str(kit), "rhythm": 3, "days": 14})})
    assert result.returncode == 0, f"the preview did not build:\n{result.log}"
    shutil.copytree(kit, root / "output" / "delningskit")  # invoke serve serves share-kit/ at this path
    server = serve(root / "output", port)
    site = Site(result, url)
    site.kit = kit
    site.content = sample_content
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
def tab(browser, sample_site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Tab(page, sample_site.url)
    context.close()


# One output file for each page type of the theme, in the sample site.
PAGE_TYPES = {
    "home": "index.html",
    "home page 2": "sida/2/index.html",
    "post": "2025/forsta-besoket-pa-aldreboendet/index.html",
    "note": "2025/sommarjobbarna-ar-har/index.html",
    "guest": "2025/gastinlagg-socialtjanstens-vardag/index.html",
    "english": "en/2025/om-planering/index.html",
    "page": "tillganglighet/index.html",
    "tag": "amne/arbetsmiljo/index.html",
    "tags": "amne/index.html",
    "category": "kategori/besok/index.html",
    "categories": "kategori/index.html",
    "author": "forfattare/samir-haddad/index.html",
    "authors": "forfattare/index.html",
    "archives": "inlagg/index.html",
    "year": "2025/index.html",
    "search": "sok/index.html",
    "feeds": "flode/index.html",
    "archive": "arkiv/index.html",
    "archive platform": "arkiv/instagram/index.html",
    "archive grid": "arkiv/instagram/bilder/index.html",
    "archive month": "arkiv/2025/03/index.html",
    "archive post": None,  # found in the built site: see page_types
    "archive statistics": "arkiv/statistik/index.html",
    "archive open data": "arkiv/oppna-data/index.html",
    "404": "404.html",
}


@pytest.fixture(scope="session")
def page_types(sample_site):
    """PAGE_TYPES, with the archived Instagram post that has two photos: the richest archive page."""
    posts = sorted((sample_site.output / "arkiv/inlagg").glob("instagram-*/index.html"))
    richest = max(posts, key=lambda p: p.read_text(encoding="utf-8").count("<picture"))
    return dict(PAGE_TYPES, **{"archive post": str(richest.relative_to(sample_site.output))})
