"""Live preview latency: from saving a post to the rebuilt page containing the change.

The server is what `invoke serve` runs (tasks.py): livereload watching the same patterns and
running the same `pelican -s <preview settings>` command on a change, here in a child process
on 127.0.0.1 and pointed at the benchmark's preview site. livereload polls for changes every
0.8 s (pyinotify is not installed), so up to 0.8 s of each figure is waiting for the poll.

    python -m bench.preview SITE PORT PROJECT     (serve; used by latency())
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .measure import QUIET_ENV, BenchError
from .settings import PROJECT

TIMEOUT = 600.0
READY = "bench-preview: serving"


def serve(site: Path, port: int, project: Path) -> None:
    from livereload import Server

    def rebuild():
        # As tasks.py's serve: a failed or warning build keeps the preview running.
        subprocess.run([sys.executable, "-m", "pelican", "-s", "settings.py", "-o", "output"], cwd=site, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    os.chdir(site)
    rebuild()
    server = Server()
    for pattern in ("content/**/*", f"{project}/theme/**/*", f"{project}/plugins/**/*.py", "*.py"):
        server.watch(pattern, rebuild)
    print(READY, flush=True)
    server.serve(host="127.0.0.1", port=port, root="output", open_url_delay=None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latency(sites, repeat: int, say) -> dict:
    """Median time from appending a marker to one post until its HTML in output/ contains it."""
    site = sites.site("preview")
    post = sites.posts[len(sites.posts) // 3]
    source = site / "content" / post.path
    page = site / "output" / f"{post.date:%Y}" / post.slug / "index.html"
    env = {**os.environ, **QUIET_ENV, "PYTHONPATH": str(PROJECT)}
    server = subprocess.Popen([sys.executable, "-m", "bench.preview", str(site), str(free_port()), str(sites.project)], cwd=PROJECT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if READY not in (server.stdout.readline() if server.stdout else ""):
            raise BenchError("the preview server did not start")
        if not page.is_file():
            raise BenchError(f"the preview did not write {page}")
        time.sleep(2.0)  # let livereload record the files' first mtimes
        seconds = []
        for round_ in range(repeat):
            marker = f"Förhandsvisning {round_}-{time.time_ns()}"
            start = time.perf_counter()
            with source.open("a", encoding="utf-8") as out:
                out.write(f"\n{marker}\n")
            seconds.append(round(wait_for(page, marker, start), 3))
            say(f"  round {round_ + 1}/{repeat} live preview: {seconds[-1]:.2f} s")
            time.sleep(1.0)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"seconds": seconds, "median_s": statistics.median(seconds), "post": post.path,
            "method": "append to a post, poll its output HTML every 20 ms; livereload polls every 0.8 s"}


def wait_for(page: Path, marker: str, start: float) -> float:
    while time.perf_counter() - start < TIMEOUT:
        try:
            if marker in page.read_text(encoding="utf-8"):
                return time.perf_counter() - start
        except (FileNotFoundError, UnicodeDecodeError):
            pass  # mid-write
        time.sleep(0.02)
    raise BenchError(f"the preview did not show the change in {page} within {TIMEOUT:.0f} s")


if __name__ == "__main__":
    serve(Path(sys.argv[1]).resolve(), int(sys.argv[2]), Path(sys.argv[3]))
