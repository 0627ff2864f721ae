"""The GitHub workflow is valid (actionlint) and publishes only tested, scheduled, main builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import ROOT

WORKFLOW = ROOT / ".github/workflows/site.yml"


def actionlint() -> str:
    found = shutil.which("actionlint") or Path(sys.executable).with_name("actionlint")
    assert Path(found).exists(), "actionlint is missing: pip install -r requirements.txt"
    return str(found)


def test_actionlint_accepts_the_workflows():
    result = subprocess.run([actionlint(), "-no-color"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_harness_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ nope.x }}\n")
    result = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode != 0


def test_publishing_needs_tests_and_runs_daily():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "needs: test" in text
    assert "schedule:" in text and "cron:" in text
    assert "invoke publish" in text and "invoke test" in text
    assert "actions/deploy-pages" in text


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    fence = lines.index("```sh")
    serve, test = lines[fence + 1], lines[fence + 2]
    assert lines[fence + 3] == "```"
    assert serve.endswith("invoke serve") and test.endswith("invoke test")
    assert test in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert test in WORKFLOW.read_text(encoding="utf-8")
