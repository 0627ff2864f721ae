"""The GitHub workflow is valid (actionlint) and publishes only tested, scheduled, main builds:
its real conditions run through tests/workflow_sim.py for each kind of run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import publish_schedule
from tests.sitebuild import ROOT
from tests.workflow_sim import evaluate, load, simulate

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


@pytest.fixture(scope="module")
def workflow():
    return load(WORKFLOW)


def steps(workflow, job: str, uses: str = "", run: str = "") -> list[dict]:
    return [s for s in workflow["jobs"][job]["steps"]
            if (uses and s.get("uses", "").startswith(uses)) or (run and run in s.get("run", ""))]


def test_the_schedule_is_the_one_in_publish_schedule(workflow):
    assert workflow["on"]["schedule"] == [{"cron": publish_schedule.CRON}]
    assert publish_schedule.CRON.split()[1:] == ["*"] * 4, "every hour"
    assert publish_schedule.RUN_MINUTE not in (0, 30), "GitHub starts runs late at the top of the hour"


def test_tests_run_the_readme_command_and_publishing_deploys_the_public_folder(workflow):
    assert steps(workflow, "test", run=".venv/bin/invoke test")
    assert steps(workflow, "publish", run=".venv/bin/invoke publish")
    [artifact] = steps(workflow, "publish", uses="actions/upload-pages-artifact@")
    assert artifact["with"]["path"] == "public"
    assert steps(workflow, "publish", uses="actions/deploy-pages@")
    assert set(workflow["jobs"]["publish"]["needs"]) == {"plan", "test"}


def test_markers_are_saved_only_after_what_they_stand_for(workflow):
    for job, after, path in (("test", ".venv/bin/invoke test", ".tested"), ("publish", "deploy-pages", ".published")):
        names = [s.get("run", "") + s.get("uses", "") for s in workflow["jobs"][job]["steps"]]
        [save] = [n for n, s in enumerate(workflow["jobs"][job]["steps"]) if s.get("uses", "").startswith(
            "actions/cache/save@") and s["with"]["path"] == path]
        assert save > next(n for n, name in enumerate(names) if after in name)


def test_the_workflow_keeps_its_own_schedule_alive(workflow):
    plan = workflow["jobs"]["plan"]
    [keep] = steps(workflow, "plan", run="/enable")
    assert f"actions/workflows/{WORKFLOW.name}/enable" in keep["run"]
    assert keep["if"] == "github.event_name == 'schedule'" and keep["continue-on-error"] is True
    assert plan["permissions"]["actions"] == "write"


def test_the_simulator_follows_githubs_rules():
    assert evaluate("!cancelled() && (a.b == 'X' || false)", {"a": {"b": "x"}}, {"cancelled": lambda: False})
    assert evaluate("steps.s.outputs.cache-hit != 'true'", {"steps": {"s": {"outputs": {}}}}, {}) is True
    assert evaluate("'' || 'fallback'", {}, {}) == "fallback"


# Each kind of run, from empty and from earlier runs' markers. `cache` holds (path, key) markers.
TESTED = (".tested", "tested-c0ffee")


def published(digest):
    return (".published", f"published-c0ffee-{digest}")


def test_a_push_to_main_is_tested_published_and_remembered(workflow):
    cache = set()
    run = simulate(workflow, "push", cache, digest="d1")
    assert run.results == {"plan": "success", "test": "success", "kit": "success", "publish": "success"}
    assert cache == {TESTED, published("d1")}


@pytest.mark.parametrize("event, ref", [("pull_request", "refs/pull/7/merge"), ("push", "refs/heads/idea")])
def test_pull_requests_and_other_branches_are_tested_and_never_published(workflow, event, ref):
    cache = {TESTED, published("d1")}  # even a tested commit is tested again on a push or pull request
    run = simulate(workflow, event, cache, digest="d1", ref=ref)
    assert run.results == {"plan": "success", "test": "success", "kit": "success", "publish": "skipped"}


def test_a_scheduled_run_with_nothing_new_due_neither_tests_nor_builds(workflow):
    run = simulate(workflow, "schedule", {TESTED, published("d1")}, digest="d1")
    assert run.results == {"plan": "success", "test": "skipped", "kit": "skipped", "publish": "skipped"}


def test_a_scheduled_run_publishes_a_post_that_came_due_without_testing_again(workflow):
    cache = {TESTED, published("d1")}
    run = simulate(workflow, "schedule", cache, digest="d2")
    assert run.results == {"plan": "success", "test": "skipped", "kit": "success", "publish": "success"}
    assert published("d2") in cache


def test_a_scheduled_run_tests_a_commit_not_known_to_have_passed(workflow):
    for cache, digest in (({published("d1")}, "d2"), (set(), "d1")):  # e.g. the marker was evicted
        run = simulate(workflow, "schedule", cache, digest=digest)
        assert run.results == {"plan": "success", "test": "success", "kit": "success", "publish": "success"}
    quiet = simulate(workflow, "schedule", {published("d1")}, digest="d1")
    assert quiet.results["test"] == "skipped", "nothing to publish, so nothing to test"


def test_failing_tests_publish_nothing_and_leave_no_marker(workflow):
    cache = set()
    run = simulate(workflow, "schedule", cache, digest="d1", failing=frozenset({"Run the whole test suite "
                                                                                 "(the README's test command)"}))
    assert run.results == {"plan": "success", "test": "failure", "kit": "success", "publish": "skipped"}
    assert cache == set()


def test_a_failed_deploy_loses_no_post(workflow):
    cache = {TESTED, published("d1")}
    failed = simulate(workflow, "schedule", cache, digest="d2", failing=frozenset({"deployment"}))
    assert failed.results["publish"] == "failure" and published("d2") not in cache
    # The next run (or the one after a dropped run) still finds the post unpublished and builds.
    retry = simulate(workflow, "schedule", cache, digest="d2")
    assert retry.results == {"plan": "success", "test": "skipped", "kit": "success", "publish": "success"}


def test_a_manual_run_publishes_now_and_tests_only_an_untested_commit(workflow):
    run = simulate(workflow, "workflow_dispatch", {TESTED, published("d1")}, digest="d1")
    assert run.results == {"plan": "success", "test": "skipped", "kit": "success", "publish": "success"}
    fresh = simulate(workflow, "workflow_dispatch", set(), digest="d1")
    assert fresh.results == {"plan": "success", "test": "success", "kit": "success", "publish": "success"}


def test_the_schedule_is_kept_alive_only_by_scheduled_runs(workflow):
    keep = "Keep the schedule alive (GitHub turns it off after 60 days without a commit)"
    assert keep in simulate(workflow, "schedule", set(), digest="d1").ran["plan"]
    assert keep not in simulate(workflow, "push", set(), digest="d1").ran["plan"]


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    fence = lines.index("```sh")
    serve, test = lines[fence + 1], lines[fence + 2]
    assert lines[fence + 3] == "```"
    assert serve.endswith("invoke serve") and test.endswith("invoke test")
    assert test in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert test in WORKFLOW.read_text(encoding="utf-8")


def test_the_share_kit_is_an_artifact_never_a_page(workflow):
    steps = workflow["jobs"]["kit"]["steps"]
    assert any(".venv/bin/invoke kit" in step.get("run", "") for step in steps)
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "delningskit"
    pages = [step for step in workflow["jobs"]["publish"]["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    assert [step["with"]["path"] for step in pages] == ["public"], "Pages gets the public build only"


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    # A tag can be moved to other code; a commit cannot. The comment is what Dependabot updates by.
    for workflow in sorted((ROOT / ".github/workflows").glob("*.yml")):
        uses = [line.strip() for line in workflow.read_text(encoding="utf-8").splitlines() if "uses:" in line]
        assert uses, workflow.name
        for line in uses:
            assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line), f"{workflow.name}: {line}"


def _pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?==([^\s;\\]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(3)
    return found


def test_every_package_is_installed_by_hash_from_the_lock_of_requirements_in():
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    wanted, locked = _pins((ROOT / "requirements.in").read_text(encoding="utf-8")), _pins(lock)
    assert wanted and set(wanted) <= set(locked), f"run invoke lock: {sorted(set(wanted) - set(locked))}"
    assert {name: locked[name] for name in wanted} == wanted, "requirements.in changed since the lock: run invoke lock"
    for requirement in re.split(r"\n(?=[A-Za-z])", lock):
        if re.match(r"[A-Za-z]", requirement):
            assert "--hash=sha256:" in requirement, f"no hash: {requirement.splitlines()[0]}"
