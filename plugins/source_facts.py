"""What plugins derive from each post, computed once per text, and where the post is parsed.

content_checks (the body's outline, the source's unfinished markers) and blog (reading time)
each derive a fact from every post and page: a pure function of its HTML, or of its source
file's text. Such a function is registered here with `of_html` or `of_source` and memoized by
its input, so the live preview recomputes only the file that was saved.

With parallel_build, the child that parses a file also computes every registered fact of it
(`computed`), and the build's own process stores what it gets (`receive`). Without that, the
build's own process worked through a thousand posts one after another once the children had
parsed them: a tenth of a cold build, with the other core idle.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Hashable
from pathlib import Path

MEMO_SIZE = 16384  # files; the oldest entry goes when a memo is full
_FACTS: dict[str, _Fact] = {}


class _Fact:
    def __init__(self, function: Callable[[str], object], of_source: bool):
        functools.update_wrapper(self, function)
        self.function, self.of_source = function, of_source
        self.name = f"{function.__module__}.{function.__qualname__}"
        self.memo: dict[Hashable, object] = {}
        _FACTS[self.name] = self

    def __call__(self, given: str):
        """`given`: the HTML, or (of_source) the source file's path."""
        key = self._key(given)
        try:
            return self.memo[key]
        except KeyError:
            return self._store(key, self._compute(given))

    def _key(self, given: str) -> Hashable:
        return _file_key(given) if self.of_source else given

    def _compute(self, given: str):
        return self.function(Path(given).read_text(encoding="utf-8-sig") if self.of_source else given)

    def _store(self, key: Hashable, value):
        if len(self.memo) >= MEMO_SIZE:
            del self.memo[next(iter(self.memo))]
        self.memo[key] = value
        return value


def _file_key(path: str) -> tuple:
    # The file's size and time: a file that changed between two preview builds is read again.
    stat = os.stat(path)
    return path, stat.st_mtime_ns, stat.st_size


def of_html(function: Callable[[str], object]) -> _Fact:
    """A fact of a post's HTML (its `_content`, as the reader made it)."""
    return _Fact(function, of_source=False)


def of_source(function: Callable[[str], object]) -> _Fact:
    """A fact of a source file's text; called with the file's path."""
    return _Fact(function, of_source=True)


def computed(path: str, html: str) -> dict[str, tuple]:
    """Every registered fact of one parsed file, as `receive` takes them. A fact that fails is
    left out: the build computes it again itself, and reports its error as it always does."""
    found = {}
    for name, fact in _FACTS.items():
        given = path if fact.of_source else html
        try:
            # The HTML is its own key, and the receiver has it: None stands for it.
            found[name] = (fact._key(given) if fact.of_source else None, fact._compute(given))
        except Exception:  # noqa: BLE001 - see the docstring
            continue
    return found


def receive(found: dict[str, tuple], html: str) -> None:
    for name, (key, value) in found.items():
        if (fact := _FACTS.get(name)) is not None:
            fact._store(html if key is None else key, value)
