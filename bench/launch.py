"""`python -m bench.launch REPORT COMMAND...`: run COMMAND and write its peak memory to REPORT.

The fallback for machines without GNU time. This launcher has exactly one child, so its
`RUSAGE_CHILDREN` maximum is that child's own peak (ru_maxrss is in KiB on Linux). The line
has the same wording as `/usr/bin/time -v`, so measure.py reads both alike.
"""

from __future__ import annotations

import resource
import subprocess
import sys


def main(argv: list[str]) -> int:
    report, command = argv[0], argv[1:]
    code = subprocess.call(command)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(report, "w", encoding="utf-8") as out:
        out.write(f"Maximum resident set size (kbytes): {peak}\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
