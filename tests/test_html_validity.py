"""Every generated page passes the Nu Html Checker (vnu.jar from npm, run with the local Java)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.sitebuild import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def nu_errors(pages) -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is missing: the Nu Html Checker needs a Java runtime (apt-get install default-jre-headless)")
    assert VNU.exists(), "vnu.jar is missing: run npm ci (invoke test does)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_nu_checker_reports_no_errors(sample_site):
    pages = sample_site.html_files()
    assert len(pages) > 30
    assert nu_errors(pages) == []


def test_nu_checker_harness_reports_a_real_error(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=sv><title>x</title><p><div></p>", encoding="utf-8")
    assert nu_errors([broken])
