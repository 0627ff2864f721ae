"""Turn the measured lines into figures: medians, ratios, the printed table, JSON and the plot."""

from __future__ import annotations

import json
import os
import platform
import statistics
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

REIMPORT_GOAL = 0.1  # a second import of the same export should take under a tenth of the first
# Ours (c, d, e) against bare Pelican (a) and Hugo (b); at 10x, f against a10 and b10.
RATIOS = (("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("e", "a"), ("e", "b"), ("f", "a10"), ("f", "b10"), ("w", "a"))


def line_figures(line) -> dict:
    seconds = [round(s.seconds, 3) for s in line.samples]
    peaks = [round(s.peak_mib, 1) for s in line.samples if s.peak_mib is not None]
    return {
        "label": line.label, "posts_or_items": line.posts, "seconds": seconds,
        "median_s": round(statistics.median(seconds), 3), "min_s": min(seconds), "max_s": max(seconds),
        "peak_mib": peaks, "peak_mib_median": round(statistics.median(peaks), 1) if peaks else None,
        "command": " ".join(line.command),
    }


def results(lines: dict, facts: dict, preview: dict | None, params: dict, work: Path, memory: str) -> dict:
    figures = {key: line_figures(line) for key, line in lines.items()}
    med = {key: f["median_s"] for key, f in figures.items()}
    made = [f["made"] for f in facts["photos_when_unchanged"] if f]
    return {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "params": {k: str(v) if isinstance(v, Path) else v for k, v in params.items()},
        "work": str(work),
        "machine": machine(),
        "memory_method": memory,
        "lines": figures,
        "ratios": {f"{a}/{b}": round(med[a] / med[b], 2) for a, b in RATIOS},
        "images": {
            "photos": params["photos"],
            "in_build_s": round(med["p"] - med["c"], 3),
            "share_images_in_build_s": round(med["k"] - med["c"], 3),
            "in_build_note": "median of (p) minus median of (c): the same posts built cold with photos and share images, "
                             "and with neither",
            "ours_variants_s": med["iv"], "ours_cards_s": med["ic"], "plain_pillow_s": med["ip"],
            "ours_variants_vs_plain": round(med["iv"] / med["ip"], 2),
            "ours_pool_s": med["iw"], "plain_vs_ours_pool": round(med["ip"] / med["iw"], 2),
            "reprocessed_when_unchanged": max(made) if made else None,
            "photos_when_unchanged": facts["photos_when_unchanged"],
            "cards_when_unchanged": facts["cards_when_unchanged"],
        },
        "archive": {"posts": params["archive"], "in_build_s": round(med["x"] - med["c"], 3),
                    "in_build_note": "median of (x) minus median of (c): the same posts built cold with and "
                                     "without the archive (its photos included)",
                    "load_archive_s": med["l"]},
        "search": {"pagefind_s": med["s"]},
        "reimport": {
            "first_s": med["r1"], "second_s": med["r2"], "second_vs_first": round(med["r2"] / med["r1"], 3),
            "goal": f"second < {REIMPORT_GOAL} x first", "goal_met": med["r2"] < REIMPORT_GOAL * med["r1"],
            "first_counts": facts["import_r1"][:1], "second_counts": facts["import_r2"][:1],
        },
        "preview": preview,
    }


def machine() -> dict:
    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
        "load_average": os.getloadavg(),  # other people's tests share this machine
        **{name: version(name) for name in ("pelican", "hugo", "pillow", "pagefind", "markdown")},
    }


def table(r: dict) -> str:
    rows = [f"{'line':<4} {'what':<56} {'posts':>6} {'median s':>9} {'min-max s':>13} {'peak MiB':>9}"]
    for key, f in r["lines"].items():
        spread = f"{f['min_s']:.2f}-{f['max_s']:.2f}"
        peak = f"{f['peak_mib_median']:.0f}" if f["peak_mib_median"] is not None else "?"
        rows.append(f"{key:<4} {f['label']:<56} {f['posts_or_items']:>6} {f['median_s']:>9.2f} {spread:>13} {peak:>9}")
    img, imp = r["images"], r["reimport"]
    rows += [
        "",
        "ratios (median over median): " + ", ".join(f"{k} {v:.1f}x" for k, v in r["ratios"].items()),
        f"share images (link cards) in our cold build without photos (k - c): {img['share_images_in_build_s']:.2f} s",
        f"image work for {img['photos']} photos and the share images in our cold build (p - c): {img['in_build_s']:.2f} s; "
        f"single process: variants {img['ours_variants_s']:.2f} s vs plain Pillow {img['plain_pillow_s']:.2f} s "
        f"({img['ours_variants_vs_plain']:.2f}x), cards {img['ours_cards_s']:.2f} s; "
        f"as the build runs them (process pool) {img['ours_pool_s']:.2f} s: plain Pillow takes "
        f"{img['plain_vs_ours_pool']:.2f}x as long (goal 1.8x)",
        f"photos re-processed when nothing changed: {img['reprocessed_when_unchanged']}",
        f"archive of {r['archive']['posts']} social posts in our cold build (x - c): {r['archive']['in_build_s']:.2f} s",
        f"search indexing (pagefind): {r['search']['pagefind_s']:.2f} s",
        f"re-import: first {imp['first_s']:.2f} s, second {imp['second_s']:.2f} s = {imp['second_vs_first']:.2f} "
        f"of the first (goal < {REIMPORT_GOAL}: {'met' if imp['goal_met'] else 'NOT met'})",
    ]
    if r.get("preview") and "error" in r["preview"]:
        rows.append(f"live preview: {r['preview']['error']}")
    elif r.get("preview"):
        p = r["preview"]
        rows.append(f"live preview, save to the browser showing it: median {p['median_s']:.2f} s "
                    f"({', '.join(f'{s:.2f}' for s in p['seconds'])}); to the page file written: median "
                    f"{p['written_median_s']:.2f} s (goal < 1 s); the whole site rebuilt in the same process: "
                    f"median {p['rebuilt_median_s']:.2f} s")
        if (t := p.get("tenyear")) and "error" in t:
            rows.append(f"live preview of the ten-year site: {t['error']}")
        elif t:
            rows.append(f"live preview of the ten-year site: median {t['median_s']:.2f} s to the browser, "
                        f"{t['written_median_s']:.2f} s to the page file; whole site rebuilt: median "
                        f"{t['rebuilt_median_s']:.2f} s")
    rows.append(f"peak memory: {r['memory_method']}; largest single process of each build")
    code = r.get("code") or {}
    rows.append(f"code: snapshot of commit {code.get('commit')}"
                + (f" plus uncommitted {code['uncommitted']}" if code.get("uncommitted") else ""))
    return "\n".join(rows)


def write_json(r: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def plot(r: dict, path: Path) -> str:
    """Posts vs. seconds at N and 10N for ours (cold), bare Pelican and Hugo, on log-log axes."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "plot: matplotlib is not installed; skipped"
    lines = r["lines"]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for small, big, name in (("c", "f", "ours, cold"), ("a", "a10", "bare Pelican 4.12"), ("b", "b10", "Hugo")):
        xs = [lines[small]["posts_or_items"], lines[big]["posts_or_items"]]
        ys = [lines[small]["median_s"], lines[big]["median_s"]]
        ax.plot(xs, ys, marker="o", label=name)
        for x, y in zip(xs, ys):
            ax.annotate(f"{y:.1f} s", (x, y), textcoords="offset points", xytext=(6, -3), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("posts")
    ax.set_ylabel("build time, seconds (median)")
    ax.set_title("How build time grows with the number of posts")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return f"Plot: {path.resolve()}"

