"""Live preview latency: from saving a post to the browser showing the change.

The server is what `invoke serve` runs (plugins/live_preview): one Pelican kept in memory,
watchfiles for saves, livereload to reload the browser; here in a child process on 127.0.0.1,
pointed at the benchmark's preview site (1,000 posts, preview settings, search on). Debian's
Chromium, driven by Playwright, shows the post's page; each round appends a line to the post's
Markdown file and times two things: until the page's HTML file in output/ contains the line, and
until the page shown in the browser (reloaded by livereload) contains it.

    python -m bench.preview SITE PORT PROJECT     (serve; used by latency())
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from .measure import QUIET_ENV, BenchError
from .settings import PROJECT

TIMEOUT = 600.0
READY = "Förhandsvisning:"


def serve(site: Path, port: int, project: Path) -> None:
    sys.path.insert(0, str(project / "plugins"))
    from live_preview.server import serve as serve_preview
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    os.chdir(site)
    init_logging(level=40)  # errors only: the benchmark reads this process's first lines
    settings = read_settings("settings.py", override={
        "PATH": str(site / "content"), "OUTPUT_PATH": str(site / "output"), "SITEURL": f"http://127.0.0.1:{port}"})
    serve_preview(settings, kit=site / "share-kit", port=port, rebuild_on=[site / "content", project / "theme"],
                  restart_on=[project / "plugins", site / "settings.py"], say=lambda line: print(line, flush=True))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise BenchError("no Chromium for the preview latency: install Debian's chromium or set CHROMIUM_PATH")
    return path


def latency(sites, repeat: int, say, name: str = "preview") -> dict:
    """Medians over `repeat` saves: until the page file contains the new line, and until the browser shows it.
    `name` is the site: "preview" (the N posts) or "preview-tenyear" (with the photos and the archive)."""
    from playwright.sync_api import sync_playwright

    site = sites.site(name)
    post = sites.posts[len(sites.posts) // 3]
    source = site / "content" / post.path
    page_file = site / "output" / f"{post.date:%Y}" / post.slug / "index.html"
    port = free_port()
    env = {**os.environ, **QUIET_ENV, "PYTHONPATH": str(PROJECT)}
    server = subprocess.Popen([sys.executable, "-m", "bench.preview", str(site), str(port), str(sites.project)],
                              cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    written, shown, rebuilt = [], [], []
    try:
        wait_until_ready(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium())
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{post.date:%Y}/{post.slug}/")
            time.sleep(2.0)  # let livereload.js connect
            for round_ in range(repeat):
                marker = f"Förhandsvisning {round_}-{time.time_ns()}"
                file_time = {}
                watcher = threading.Thread(target=lambda: file_time.update(s=wait_for(page_file, marker, start)))
                start = time.perf_counter()
                watcher.start()
                with source.open("a", encoding="utf-8") as out:
                    out.write(f"\n{marker}\n")
                page.wait_for_function(f"document.body && document.body.innerText.includes({marker!r})",
                                       timeout=TIMEOUT * 1000, polling=10)
                shown.append(round(time.perf_counter() - start, 3))
                watcher.join()
                written.append(round(file_time["s"], 3))
                rebuilt.append(wait_for_rebuild(server))  # the rest of the site, before the next save
                say(f"  round {round_ + 1}/{repeat} live preview: page written {written[-1]:.2f} s, "
                    f"shown in the browser {shown[-1]:.2f} s, whole site rebuilt in {rebuilt[-1]:.2f} s")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"seconds": shown, "median_s": statistics.median(shown), "written_seconds": written,
            "written_median_s": statistics.median(written), "rebuilt_seconds": rebuilt,
            "rebuilt_median_s": statistics.median(rebuilt), "post": post.path,
            "method": "append a line to a post; time until its HTML file contains it, and until Chromium, "
                      "reloaded by livereload, shows it (polled every 10 ms)"}


def wait_until_ready(server: subprocess.Popen) -> None:
    for line in server.stdout or ():
        if READY in line:
            return
    raise BenchError("the preview server did not start")


def wait_for_rebuild(server: subprocess.Popen) -> float:
    """The server's own figure for the whole rebuild: 'Byggt om på 2.9 s (…)'."""
    for line in server.stdout or ():
        if line.startswith("Byggt om"):
            return float(line.split(" på ", 1)[1].split(" s", 1)[0])
    raise BenchError("the preview server stopped")


def wait_for(page: Path, marker: str, start: float) -> float:
    while time.perf_counter() - start < TIMEOUT:
        try:
            if marker in page.read_text(encoding="utf-8"):
                return time.perf_counter() - start
        except (FileNotFoundError, UnicodeDecodeError):
            pass  # mid-write
        time.sleep(0.005)
    raise BenchError(f"the preview did not show the change in {page} within {TIMEOUT:.0f} s")


if __name__ == "__main__":
    serve(Path(sys.argv[1]).resolve(), int(sys.argv[2]), Path(sys.argv[3]))
