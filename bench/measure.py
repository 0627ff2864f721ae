"""Run one command as a subprocess and measure its wall time and peak memory.

Peak memory: `getrusage(RUSAGE_CHILDREN)` in this process is a maximum over every child it has
ever waited for, so it cannot give one build's figure. Each command is therefore wrapped:
GNU `/usr/bin/time -v` where it exists, else `python -m bench.launch`, which runs the command
as its only child and reports that child's `ru_maxrss`. Either way the figure is the peak
resident set of the largest single process in the build's tree (Linux folds waited-for
grandchildren, e.g. a ProcessPoolExecutor's workers, into their parent's maximum): it is not
the sum of processes running at the same time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")
PEAK = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
# Wide, plain logs: Pelican's rich handler would otherwise wrap lines we parse.
QUIET_ENV = {"COLUMNS": "400", "TERM": "dumb", "NO_COLOR": "1"}


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and shows the end of its log."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mib: float | None
    log: str


@lru_cache(maxsize=1)
def has_gnu_time() -> bool:
    if not GNU_TIME.is_file():
        return False
    probe = subprocess.run([str(GNU_TIME), "-v", "true"], capture_output=True, text=True, check=False)
    return probe.returncode == 0 and PEAK.search(probe.stderr) is not None


def memory_method() -> str:
    return "/usr/bin/time -v" if has_gnu_time() else "python -m bench.launch (ru_maxrss of its only child)"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, what: str = "") -> Sample:
    """Run, time and measure `command`; a non-zero exit is a BenchError with the log's end."""
    with tempfile.NamedTemporaryFile(prefix="bench-rss-", suffix=".txt", delete=False) as report:
        report_path = Path(report.name)
    if has_gnu_time():
        wrapped = [str(GNU_TIME), "-v", "-o", str(report_path), *command]
    else:
        wrapped = [sys.executable, "-m", "bench.launch", str(report_path), *command]
    full_env = {**os.environ, **QUIET_ENV, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]),
                                                          full_env.get("PYTHONPATH")]))
    start = time.perf_counter()
    result = subprocess.run(wrapped, cwd=cwd, env=full_env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    found = PEAK.search(report_path.read_text(errors="replace")) if report_path.exists() else None
    report_path.unlink(missing_ok=True)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(log.splitlines()[-25:])
        raise BenchError(f"{what or command[0]} failed (exit {result.returncode}) in {cwd}:\n{tail}")
    return Sample(seconds, int(found[1]) / 1024 if found else None, log)
