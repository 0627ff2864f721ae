"""Run the real workflow's control flow without GitHub: its `if:` conditions, job outputs and cache
markers, evaluated by GitHub's rules for the part of its expression language the workflow uses.

No library evaluates GitHub Actions expressions, and actionlint checks their types, not what they
decide. Steps do nothing here except what decides the flow: actions/cache/restore with lookup-only
answers from `cache`, actions/cache/save adds to it, the step with id `due` outputs the digest of
the due posts, and a step whose id (or name) is listed in `failing` fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+)|(?P<op>==|!=|&&|\|\||[!(),])"
                   r"|(?P<name>[A-Za-z_][\w-]*(?:\.[\w-]+)*))")
STATUS_FUNCTIONS = re.compile(r"\b(success|failure|always|cancelled)\(\)")


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def truthy(value) -> bool:
    return value not in (None, False, 0, "")


def text(value) -> str:
    """A value as GitHub writes it into a string: true/false, empty for null."""
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


class Expression:
    """Evaluates one expression: literals, dotted names, ! == != && || (), status functions."""

    def __init__(self, source: str, context: dict, functions: dict):
        self.tokens = [next(k for k, v in m.groupdict().items() if v) + ":" + m.group().strip()
                       for m in TOKEN.finditer(source) if m.group().strip()]
        assert re.sub(r"\s", "", "".join(t.split(":", 1)[1] for t in self.tokens)) == re.sub(r"\s", "", source), \
            f"cannot read {source!r}"
        self.context, self.functions, self.at = context, functions, 0

    def value(self):
        result = self._or()
        assert self.at == len(self.tokens), f"unparsed: {self.tokens[self.at:]}"
        return result

    def _peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def _take(self) -> str:
        self.at += 1
        return self.tokens[self.at - 1].split(":", 1)[1]

    def _or(self):
        left = self._and()
        while self._peek() == "op:||":
            self._take()
            right = self._and()
            left = left if truthy(left) else right
        return left

    def _and(self):
        left = self._compare()
        while self._peek() == "op:&&":
            self._take()
            right = self._compare()
            left = right if truthy(left) else left
        return left

    def _compare(self):
        left = self._not()
        while self._peek() in ("op:==", "op:!="):
            equal = self._take() == "=="
            right = self._not()
            left = (_folded(left) == _folded(right)) == equal
        return left

    def _not(self):
        if self._peek() == "op:!":
            self._take()
            return not truthy(self._not())
        return self._primary()

    def _primary(self):
        kind, token = self._peek().split(":", 1)
        self._take()
        if token == "(":
            inner = self._or()
            assert self._take() == ")"
            return inner
        if kind == "str":
            return token[1:-1].replace("''", "'")
        if kind == "num":
            return int(token)
        if token in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token]
        if self._peek() == "op:(":
            self._take()
            assert self._take() == ")", f"{token}() with arguments is not simulated"
            return self.functions[token]()
        value = self.context
        for part in token.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def _folded(value):
    return value.lower() if isinstance(value, str) else value  # GitHub compares strings ignoring case


def evaluate(source: str, context: dict, functions: dict):
    source = source.strip()
    if source.startswith("${{") and source.endswith("}}"):
        source = source[3:-2]
    return Expression(source, context, functions).value()


def render(template: str, context: dict) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: text(evaluate(m.group(1), context, {})), text(template))


@dataclass
class Run:
    results: dict[str, str] = field(default_factory=dict)  # job -> success, failure or skipped
    ran: dict[str, list[str]] = field(default_factory=dict)  # job -> the steps that ran


def simulate(workflow: dict, event: str, cache: set[tuple[str, str]], digest: str, ref: str = "refs/heads/main",
             sha: str = "c0ffee", failing: frozenset[str] = frozenset()) -> Run:
    """One run of the workflow; `cache` holds (path, key) markers and gains what the run saves."""
    github = {"event_name": event, "ref": ref, "sha": sha}
    run, needs = Run(), {}
    for name, job in workflow["jobs"].items():
        wanted = job.get("needs", [])
        wanted = [wanted] if isinstance(wanted, str) else wanted
        assert all(n in needs for n in wanted), f"{name} needs a job defined after it"
        context = {"github": github, "needs": {n: needs[n] for n in wanted}}
        results = [needs[n]["result"] for n in wanted]
        functions = {"success": lambda r=results: all(x == "success" for x in r), "always": lambda: True,
                     "failure": lambda r=results: "failure" in r, "cancelled": lambda: False}
        condition = str(job.get("if", "true"))
        go = truthy(evaluate(condition, context, functions))
        if not STATUS_FUNCTIONS.search(condition):
            go = go and functions["success"]()
        if not go:
            needs[name] = {"result": "skipped", "outputs": {}}
            run.results[name] = "skipped"
            continue
        steps, failed, ran = {}, False, []
        for step in job["steps"]:
            context = {"github": github, "needs": context["needs"], "steps": steps}
            step_if = str(step.get("if", "success()"))
            step_functions = {"success": lambda f=failed: not f, "failure": lambda f=failed: f,
                              "always": lambda: True, "cancelled": lambda: False}
            ok = truthy(evaluate(step_if, context, step_functions))
            if not STATUS_FUNCTIONS.search(step_if):
                ok = ok and not failed
            label = step.get("id") or step.get("name") or step.get("uses") or step["run"][:30]
            if not ok:
                continue
            ran.append(label)
            outputs = {}
            uses = step.get("uses", "")
            markers = uses.startswith(("actions/cache/restore@", "actions/cache/save@"))
            given = {k: render(v, context) for k, v in step.get("with", {}).items()} if markers else {}
            if uses.startswith("actions/cache/restore@"):
                assert given.get("lookup-only") == "true", "a marker is only looked up, never downloaded"
                if (given["path"], given["key"]) in cache:
                    outputs["cache-hit"] = "true"  # on a miss actions/cache sets no output at all
            elif uses.startswith("actions/cache/save@"):
                cache.add((given["path"], given["key"]))
            elif step.get("id") == "due":
                outputs["digest"] = digest
            if label in failing:
                failed = failed or not step.get("continue-on-error", False)
            if "id" in step:
                steps[step["id"]] = {"outputs": outputs}
        context = {"github": github, "needs": context["needs"], "steps": steps}
        outputs = {k: render(v, context) for k, v in job.get("outputs", {}).items()}
        needs[name] = {"result": "failure" if failed else "success", "outputs": outputs}
        run.results[name], run.ran[name] = needs[name]["result"], ran
    return run
