"""The live preview (`invoke serve`): one Pelican in memory, saves shown in the browser, the kit served privately."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import free_port
from tests.project_copy import wait_for_line
from tests.sample_site import PREVIEW_SETTINGS as SAMPLE_PREVIEW
from tests.sitebuild import ROOT

POST = "posts/2025-01-10-forsta-besoket.md"
POST_URL = "2025/forsta-besoket-pa-aldreboendet/"
TITLE = "Första besöket på äldreboendet"

# The preview settings pointed at a copy of the sample content in `root`, as a script's first lines.
PREVIEW_SETTINGS = """
import json, sys
from pathlib import Path
sys.path.insert(0, {plugins!r})
from pelican.log import init
from pelican.settings import read_settings
init(level=30)
root = Path({root!r})
settings = read_settings({settings!r}, override={{
    "PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"), "SITEURL": "http://localhost:{port}",
    "CACHE_PATH": str(root / "cache"), "SHARE_KIT": {{"folder": str(root / "kit"), "cache": str(root / "cards")}}}})
"""

# What `invoke serve` runs (tasks.py).
SERVER = PREVIEW_SETTINGS + """
from live_preview.server import serve
serve(settings, kit=root / "kit", port={port}, rebuild_on=[root / "content"], restart_on=[root / "plugins"],
      say=lambda line: print(line, flush=True))
"""


@pytest.fixture(scope="module")
def preview(tmp_path_factory, sample_content):
    root = tmp_path_factory.mktemp("live")
    shutil.copytree(sample_content, root / "content")
    (root / "plugins").mkdir()  # stands in for plugins/: a change there restarts the process
    port = free_port()
    script = SERVER.format(plugins=str(ROOT / "plugins"), root=str(root), settings=str(SAMPLE_PREVIEW),
                           port=port)
    server = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env={**os.environ, "COLUMNS": "300"})
    lines = []
    for line in server.stdout:
        lines.append(line)
        if line.startswith("Förhandsvisning:"):
            break
    else:
        pytest.fail("the preview did not start:\n" + "".join(lines))
    server.url = f"http://localhost:{port}"
    server.root = root
    server.lines = lines
    yield server
    server.terminate()
    server.wait(timeout=30)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serves_the_site_and_the_private_kit_without_copying_it_into_output(preview):
    assert TITLE in get(f"{preview.url}/{POST_URL}")
    assert "Delningspaket och kalender" in get(f"{preview.url}/delningskit/")
    assert "livereload.js" in get(f"{preview.url}/delningskit/")
    assert (preview.root / "kit" / "kit.json").is_file()
    assert not (preview.root / "output" / "delningskit").exists()


def test_a_saved_post_appears_in_the_open_browser_without_reloading_by_hand(preview, browser):
    page = browser.new_page()
    page.goto(f"{preview.url}/{POST_URL}")
    # livereload.js has finished its handshake: it sets the protocol from the server's hello and
    # answers with its "info" at once, on which the server counts this page among those it tells to
    # reload. A save before that is missed.
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                           " && window.LiveReload.connector.protocol > 0", timeout=20_000)
    source = preview.root / "content" / POST
    source.write_text(source.read_text(encoding="utf-8") + "\nEtt nytt stycke från förhandsvisningstestet.\n",
                      encoding="utf-8")
    try:
        page.wait_for_function("document.body.innerText.includes('Ett nytt stycke från förhandsvisningstestet.')",
                               timeout=60_000)
    except PlaywrightTimeout:
        pytest.fail(f"the page never showed the save; it shows {len(page.content())} characters:\n"
                    f"{page.content()[:300]}\npreview said:\n" + "".join(preview.lines))
    wait_for_line(preview, "Byggt om", naming=Path(POST).name)
    page.close()


def test_a_broken_post_is_reported_and_the_preview_keeps_serving(preview):
    broken = preview.root / "content" / "posts" / "2026-01-01-trasig.md"
    broken.write_text("Title: Trasig\nDate: inte ett datum\n\nText.\n", encoding="utf-8")
    wait_for_line(preview, "Byggt om", naming=broken.name)
    assert "inte ett datum" in "".join(preview.lines)
    assert TITLE in get(f"{preview.url}/{POST_URL}")
    broken.unlink()
    wait_for_line(preview, "Byggt om", naming=broken.name)


def test_a_build_that_fails_half_way_is_shown_on_the_page_too(preview):
    """Two posts on one address stop Pelican before its end; the banner must still say why."""
    twin = preview.root / "content" / "posts" / "2025-01-11-tvilling.md"
    twin.write_text(f"Title: Tvilling\nDate: 2025-01-11 09:00\nCategory: Besök\nSlug: {POST_URL.split('/')[1]}\n\n"
                    "Text.\n", encoding="utf-8")
    wait_for_line(preview, "Byggt om", naming=twin.name)
    try:
        shown = get(f"{preview.url}/_build/warnings.json")
        assert "content/posts/2025-01-11-tvilling.md" in shown and "samma" in shown, shown
    finally:
        twin.unlink()
        wait_for_line(preview, "Byggt om", naming=twin.name)


def test_a_plugin_change_restarts_the_preview(preview):
    (preview.root / "plugins" / "ny_plugin.py").write_text("# ändrad\n", encoding="utf-8")
    wait_for_line(preview, "Inställningar eller plugins ändrades")
    wait_for_line(preview, "Förhandsvisning:")
    assert TITLE in get(f"{preview.url}/{POST_URL}")


# The builder alone, in its own process (it registers the plugins' signal handlers for good).
STOPPED_BUILD = PREVIEW_SETTINGS + textwrap.dedent("""
    from live_preview.builder import PreviewBuilder
    pages = []
    builder = PreviewBuilder(settings, on_page=pages.append)
    first = builder.build()
    post = root / "content" / {post!r}
    post.write_text(post.read_text(encoding="utf-8") + "\\nTillagt före en ny ändring.\\n", encoding="utf-8")
    (root / "output" / "index.html").unlink()
    builder.newer_save.set()  # as if the writer saved again while this build runs
    stopped = builder.build([str(post)])
    index_after_stop = (root / "output" / "index.html").exists()
    builder.newer_save.clear()
    again = builder.build([str(post)])
    print(json.dumps({{"first": first.finished, "stopped": stopped.finished, "again": again.finished,
                      "pages": pages, "index_after_stop": index_after_stop,
                      "index_after_again": (root / "output" / "index.html").exists()}}))
""")


def test_a_newer_save_stops_the_build_once_the_saved_page_is_written(tmp_path, sample_content):
    import json

    shutil.copytree(sample_content, tmp_path / "content")
    script = STOPPED_BUILD.format(plugins=str(ROOT / "plugins"), root=str(tmp_path),
                                  settings=str(SAMPLE_PREVIEW), port=8000, post=POST)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["first"] is True and result["stopped"] is False and result["again"] is True, result
    assert result["pages"] == [POST_URL, POST_URL]
    assert "Tillagt före en ny ändring." in (tmp_path / "output" / POST_URL / "index.html").read_text(encoding="utf-8")
    assert not result["index_after_stop"], "the stopped build went on writing the rest of the site"
    assert result["index_after_again"]
