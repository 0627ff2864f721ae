"""`python -m bench.reader`: what a reader's phone gets, measured with Lighthouse (mobile).

    python -m bench.reader [--runs 3] [--json out.json] [--keep]

Builds the demo site with publishconf.py (SITEURL = the local server), serves the output on a
free localhost port and runs Lighthouse's performance category with its default mobile form
factor and simulated throttling, in Debian's chromium (CHROME_PATH, never a downloaded browser),
on four pages: home, a published blog post with a photo, /arkiv/ and one archived post.

Bytes are counted from the built files (uncompressed): the page's HTML plus every stylesheet,
script and font it references (link rel=stylesheet/preload/modulepreload, script src, and
url()/@import in those stylesheets). Lighthouse's own sum of the same request types
(resourceSize of Document, Stylesheet, Script and Font requests) is given beside it as a check,
since it also sees what scripts load later. A measurement, not a test: no figure here is asserted.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from tests.content_files import is_unpublished, sources

from .preview import free_port

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "bench" / "reader"
LIGHTHOUSE = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run " \
               "--disable-background-networking --disable-component-update --disable-sync"
# Whatever the environment says, npm must never fetch a browser for puppeteer.
NO_BROWSER_DOWNLOAD = {"PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROME_DOWNLOAD": "1",
                       "PUPPETEER_SKIP_CHROME_HEADLESS_SHELL_DOWNLOAD": "1",
                       "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
KINDS = ("html", "css", "js", "font")
FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".otf", ".eot"}
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)|url\(\s*['"]?([^'")]+)['"]?\s*\)""")


# --- bytes of a built page -------------------------------------------------------------------

class _References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "link" and a.get("href"):
            rel = set((a.get("rel") or "").lower().split())
            if "stylesheet" in rel:
                self.found.append(("css", a["href"]))
            elif "modulepreload" in rel:
                self.found.append(("js", a["href"]))
            elif "preload" in rel and a.get("as") in {"style", "script", "font"}:
                self.found.append(({"style": "css", "script": "js"}.get(a["as"], "font"), a["href"]))


def _local(output: Path, site_url: str, page_url: str, url: str) -> Path | None:
    """The output file behind a URL of the site, or None for another host."""
    absolute = urljoin(page_url, url)
    if not absolute.startswith(site_url.rstrip("/") + "/"):
        return None
    target = output / urlparse(absolute).path.lstrip("/")
    return target / "index.html" if target.is_dir() else target


def page_bytes(output: Path, site_url: str, relative: str) -> dict:
    """Uncompressed bytes of a built page's HTML and the CSS, JS and fonts it references.

    Returns {"html": n, "css": n, "js": n, "font": n, "total": n, "files": {path: bytes},
    "missing": [urls], "foreign": [urls]}. Each file counts once.
    """
    page = output / relative
    page_url = urljoin(site_url.rstrip("/") + "/", relative.removesuffix("index.html"))
    sizes = dict.fromkeys(KINDS, 0)
    files: dict[str, int] = {}
    missing: list[str] = []
    foreign: list[str] = []

    def count(kind: str, path: Path) -> None:
        key = path.relative_to(output).as_posix()
        if key not in files:
            files[key] = path.stat().st_size
            sizes[kind] += files[key]

    count("html", page)
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    queue = [(kind, url, page_url) for kind, url in parser.found]
    while queue:
        kind, url, base = queue.pop(0)
        target = _local(output, site_url, base, url)
        if target is None:
            if not url.startswith("data:"):
                foreign.append(url)
            continue
        if not target.is_file():
            missing.append(url)
            continue
        if kind == "css" and target.relative_to(output).as_posix() not in files:
            css_url = urljoin(base, url)
            for imported, other in CSS_URL.findall(target.read_text(encoding="utf-8")):
                ref = imported or other
                if imported or Path(urlparse(ref).path).suffix.lower() in FONT_SUFFIXES:
                    queue.append(("css" if imported else "font", ref, css_url))
        count(kind, target)
    return {**sizes, "total": sum(sizes.values()), "files": files, "missing": missing, "foreign": foreign}


# --- which pages -----------------------------------------------------------------------------

def _links(html: str) -> list[tuple[str, str]]:
    """(text, href) of every <a href> of a page, in order."""

    class Links(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.href, self.text, self.found = None, [], []

        def handle_starttag(self, tag, attrs):
            if tag == "a" and dict(attrs).get("href"):
                self.href, self.text = dict(attrs)["href"], []

        def handle_endtag(self, tag):
            if tag == "a" and self.href is not None:
                self.found.append(("".join(self.text).strip(), self.href))
                self.href = None

        def handle_data(self, data):
            if self.href is not None:
                self.text.append(data)

    parser = Links()
    parser.feed(html)
    return parser.found


def pick_pages(output: Path) -> dict[str, str]:
    """Home, the newest published Swedish blog post with a photo by the site's own author,
    /arkiv/ and the newest archived Instagram post (one with a photo): output-relative paths."""
    posts = [meta for _, meta in sources(ROOT / "content", "posts")
             if not is_unpublished(meta) and meta.get("image") and not meta.get("author")
             and meta.get("lang", "sv") == "sv"]
    title = max(posts, key=lambda m: m["date"])["title"]
    listed = dict(_links((output / "inlagg" / "index.html").read_text(encoding="utf-8")))
    pages = {"home": "index.html", "article": urlparse(listed[title]).path.lstrip("/") + "index.html",
             "archive": "arkiv/index.html"}
    listing = _links((output / "arkiv" / "instagram" / "index.html").read_text(encoding="utf-8"))
    first = next(href for _, href in listing if "/arkiv/inlagg/instagram-" in href)
    pages["archived post"] = urlparse(first).path.lstrip("/") + "index.html"
    return pages


# --- build, serve, measure -------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as a real host: HTTP/1.0 opens a connection per file, which Lighthouse's
    # simulation charges as extra round trips that no reader pays.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser cancelling a request is not our problem


def build(output: Path, site_url: str) -> None:
    command = [str(ROOT / ".venv" / "bin" / "pelican"), "-s", "publishconf.py", "-o", str(output),
               "--fatal", "warnings", "-e", f"SITEURL={json.dumps(site_url)}"]
    if not Path(command[0]).exists():
        command[:1] = [sys.executable, "-m", "pelican"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"The site did not build:\n{result.stdout}{result.stderr}")


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print("Installing Lighthouse into bench/reader/node_modules (npm ci, no browser download) …", file=sys.stderr)
    subprocess.run(["npm", "ci", "--prefix", str(NODE_DIR), "--ignore-scripts", "--no-audit", "--no-fund"],
                   cwd=ROOT, env={**os.environ, **NO_BROWSER_DOWNLOAD}, check=True)


def lighthouse(url: str, report: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
               f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}", "--quiet",
               "--no-enable-error-reporting"]
    env = {**os.environ, **NO_BROWSER_DOWNLOAD, "CHROME_PATH": CHROME}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    origin = "{0.scheme}://{0.netloc}/".format(urlparse(url))
    requests = audits["network-requests"]["details"]["items"]
    types = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "font"}
    return {
        "score": round(data["categories"]["performance"]["score"] * 100),
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "lighthouse_bytes": sum(r.get("resourceSize") or 0 for r in requests if r.get("resourceType") in types),
        "requests": len(requests),
        "foreign_requests": [r["url"] for r in requests if not r["url"].startswith((origin, "data:"))],
        "lighthouse_version": data["lighthouseVersion"],
        "form_factor": data["configSettings"]["formFactor"],
        "throttling": data["configSettings"]["throttlingMethod"],
    }


def median_run(runs: list[dict]) -> dict:
    """Each figure is the median over the runs (the lists are joined)."""
    figures = dict(runs[0])
    for key in ("score", "fcp_ms", "lcp_ms", "cls", "tbt_ms", "lighthouse_bytes"):
        figures[key] = statistics.median(r[key] for r in runs)
    figures["scores"] = [r["score"] for r in runs]
    figures["lcps_ms"] = [round(r["lcp_ms"]) for r in runs]  # simulated LCP moves in steps of ~150 ms
    figures["foreign_requests"] = sorted({u for r in runs for u in r["foreign_requests"]})
    return figures


def table(results: dict[str, dict]) -> str:
    head = ["page", "score", "FCP", "LCP", "CLS", "TBT", "HTML", "CSS", "JS", "fonts", "total", "LH total"]
    rows = [head]
    for name, r in results.items():
        b = r["bytes"]
        rows.append([name, f"{r['score']:g}", f"{r['fcp_ms'] / 1000:.2f} s", f"{r['lcp_ms'] / 1000:.2f} s", f"{r['cls']:.3f}",
                     f"{r['tbt_ms']:.0f} ms", *(f"{b[k]:,}" for k in KINDS), f"{b['total']:,}",
                     f"{r['lighthouse_bytes']:,.0f}"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; figures are medians (3)")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (output and Lighthouse reports)")
    args = parser.parse_args(argv)

    if not Path(CHROME).exists():
        sys.exit(f"No Chromium at {CHROME}: install Debian's chromium or set CHROME_PATH")
    ensure_lighthouse()
    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    port = free_port()
    site_url = f"http://127.0.0.1:{port}"
    output = work / "output"
    print(f"Building the demo site for {site_url} …", file=sys.stderr)
    build(output, site_url)
    server = _QuietServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, dict] = {}
    try:
        for name, relative in pick_pages(output).items():
            url = f"{site_url}/{relative.removesuffix('index.html')}"
            runs = []
            for n in range(args.runs):
                print(f"Lighthouse {n + 1}/{args.runs}: {name} ({url})", file=sys.stderr)
                runs.append(lighthouse(url, work / f"{name.replace(' ', '-')}-{n + 1}.json"))
            results[name] = {"path": "/" + relative.removesuffix("index.html"), **median_run(runs),
                             "bytes": page_bytes(output, site_url, relative)}
    finally:
        server.shutdown()

    print()
    print(table(results))
    first = next(iter(results.values()))
    print(f"\nLighthouse {first['lighthouse_version']}, {first['form_factor']}, {first['throttling']} throttling, "
          f"median of {args.runs} run(s) per page; scores and LCP (ms) per run: "
          + "; ".join(f"{n} {r['scores']} {r['lcps_ms']}" for n, r in results.items()))
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores "
          "(Lighthouse scales the CPU time it observes by 4, so a busy machine lowers TBT and scores).")
    print("Bytes: uncompressed, counted from the built files each page references (HTML + CSS + JS + fonts); "
          "'LH total' is Lighthouse's resourceSize of the same request types (the local server does not compress).")
    for name, r in results.items():
        print(f"  {name}: {r['path']}  files: {', '.join(r['bytes']['files'])}")
        for problem in ("missing", "foreign"):
            if r["bytes"][problem]:
                print(f"    {problem}: {r['bytes'][problem]}")
        if r["foreign_requests"]:
            print(f"    requests to other hosts: {r['foreign_requests']}")
    if args.json:
        args.json.write_text(json.dumps({"site_url": site_url, "runs": args.runs, "load_average": load, "pages": results},
                                        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.keep:
        print(f"\nWork folder: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
