"""`invoke import PATH [PATH ...] [--platform NAME] [--archive DIR] [--dry-run]`.

Prints a summary in Swedish and returns 0. Any problem with an export or the archive is one
line on stderr, `fel: <file>: <problem>`, and exit status 1: never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .importer import Progress as ProgressCallback
from .importer import Summary, import_exports, no_progress
from .model import ArchiveError, Skipped
from .platforms import importable, in_words, platform
from .privacy import Policy
from .transaction import CommitStopped

DEFAULT_ARCHIVE = Path("content/archive")
COUNTS = ("added", "updated", "unchanged", "skipped", "repeats")
EXAMPLES = 3  # a reason shared by many entries is printed once, with this many of them named


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="invoke import",
        description=f"Importera exporter från {in_words(tuple(platform(p).label for p in importable()), 'och')} "
        "till arkivet (content/archive/).",
    )
    p.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="exporten som zip-fil, uppackad mapp eller Blueskys repo.car; flera delar av samma export går bra",
    )
    p.add_argument(
        "--platform", choices=importable(), help="bara om exporten inte känns igen av sig själv"
    )
    p.add_argument(
        "--archive", type=Path, default=DEFAULT_ARCHIVE, help=f"arkivmappen (standard: {DEFAULT_ARCHIVE})"
    )
    p.add_argument("--dry-run", action="store_true", help="visa vad som skulle hända, skriv ingenting")
    # From SOCIAL_ARCHIVE in pelicanconf.py (tasks.py passes them): what may be stored in git.
    p.add_argument("--private-repository", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--publish-connections", action="store_true", help=argparse.SUPPRESS)
    return p


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:  # argparse has already printed the usage and the problem
        return int(stop.code or 0)

    def say(line: str) -> None:  # what the import did to recover from an earlier crash
        print(f"obs: {line}", file=err)

    try:
        with progress_bar(err) as progress:
            policy = Policy(args.private_repository, args.publish_connections)
            summary = import_exports(
                args.paths, args.archive, args.platform, args.dry_run, progress, notify=say, policy=policy
            )
    except CommitStopped as error:  # a commit stopped: the line says how far it got and what comes next
        print(f"fel: {error.file}: {error.problem}", file=err)
        return 130 if error.interrupted else 1
    except ArchiveError as error:
        print(f"fel: {error.file}: {error.problem}", file=err)
        return 1
    except OSError as error:  # e.g. the archive folder is not writable
        print(f"fel: {error.filename or args.archive}: {error.strerror or error}", file=err)
        return 1
    except KeyboardInterrupt:
        print("fel: avbrutet; arkivet är oförändrat", file=err)
        return 130
    out.write(report(summary))
    return 0


@contextmanager
def progress_bar(stream: TextIO) -> Iterator[ProgressCallback]:
    """A rich progress bar on a terminal; silent when the output is a file, a pipe or CI."""
    if not stream.isatty():
        yield no_progress
        return
    from rich.console import Console

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        yield update


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def counts(read: int, added: int, updated: int, unchanged: int, skipped: int, repeats: int) -> str:
    """`12 lästa = 7 nya + 0 ändrade + 0 oförändrade + 2 överhoppade + 3 upprepningar`: it adds up."""
    return plural(read, "läst", "lästa") + " = " + " + ".join(
        (
            plural(added, "nytt", "nya"),
            plural(updated, "ändrat", "ändrade"),
            plural(unchanged, "oförändrat", "oförändrade"),
            plural(skipped, "överhoppat", "överhoppade"),
            plural(repeats, "upprepning", "upprepningar"),
        )
    )


def kind_of_skip(skipped: Skipped) -> str:
    if skipped.note:
        return "obs"
    if skipped.repeat:
        return "upprepning i"
    return "utelämnade en fil ur" if skipped.partial else "hoppade över"


def grouped(skipped: Sequence[Skipped]) -> list[str]:
    """One line per kind, file and reason; a huge export prints a count and a few cases, not thousands."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for s in skipped:
        groups.setdefault((kind_of_skip(s), s.file, s.reason), []).append(s.item)
    lines = []
    for (kind, file, reason), items in groups.items():
        if len(items) == 1:
            lines.append(f"  {kind} {file} – {items[0]}: {reason}")
            continue
        shown = items if len(items) <= EXAMPLES + 2 else [*items[:EXAMPLES], f"och {len(items) - EXAMPLES} till"]
        cases = ", ".join(shown[:-1]) + (" " if shown[-1].startswith("och ") else " och ") + shown[-1]
        lines.append(f"  {kind} {file} – {len(items)} fall: {reason} ({cases})")
    return lines


def report(summary: Summary) -> str:
    """The summary the leader reads: per export file, then totals, in Swedish."""
    lines = []
    for file in summary.files:
        lines.append(f"{file.export} ({file.platform}): " + counts(*(file.count(n) for n in ("read", *COUNTS))))
        lines.extend(grouped(file.skipped))
    lines.append("Totalt: " + counts(*(summary.total(n) for n in ("read", *COUNTS))) + ".")
    if summary.awaiting_approval:
        lines.append(f"{plural(summary.awaiting_approval, 'inlägg', 'inlägg')} väntar på godkännande: exporten säger "
                     "inte vem som fick se dem, så de publiceras inte förrän du godkänt dem. Se dem med invoke approve, "
                     "godkänn med invoke approve --post ID eller --all, dölj med invoke hide ID. Checka inte in dem i ett "
                     "offentligt repo innan dess.")
    if summary.dry_run:
        lines.append("Provkörning: ingenting skrevs till arkivet.")
    else:
        lines.append("Granska ändringarna med git diff innan du checkar in dem.")
    return "\n".join(lines) + "\n"
