"""The golden site: a small fixed site whose whole output is kept in the repository.

A template or plugin change that alters any page shows up as a failing test and a readable
diff; `invoke golden` rewrites the expected output after an intended change.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.sitebuild import ROOT, build

SITE = ROOT / "tests/sites/golden"
EXPECTED = SITE / "expected"
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".css", ".js", ".json", ".svg"}


def build_golden(output: Path):
    result = build(SITE / "settings.py", output, fatal=True)
    if result.returncode != 0:
        raise AssertionError(f"the golden site did not build:\n{result.log}")
    return result


def tree(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*")) if p.is_file()}


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build_golden(Path(tmp) / "out")
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(Path(tmp) / "out", EXPECTED)
