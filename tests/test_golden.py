"""The golden site builds to exactly the expected output (regenerate with `invoke golden`)."""

from __future__ import annotations

import difflib

from tests.golden import EXPECTED, TEXT_SUFFIXES, build_golden, tree


def test_golden_site_matches_expected_output(tmp_path):
    build_golden(tmp_path / "out")
    built, expected = tree(tmp_path / "out"), tree(EXPECTED)
    assert sorted(built) == sorted(expected), "files added or missing; run invoke golden and review"
    changed = []
    for name, path in built.items():
        if path.suffix not in TEXT_SUFFIXES:
            continue
        new, old = path.read_text(encoding="utf-8"), expected[name].read_text(encoding="utf-8")
        if new != old:
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), name, name, lineterm="", n=1)
            changed.append("\n".join(list(diff)[:30]))
    assert not changed, "\n\n".join(changed)
