"""source_facts: what plugins derive from each post is computed once per text, and a fact made
where the file was parsed (a parallel_build child) is used instead of being computed again."""

import os

import pytest
import source_facts


@pytest.fixture
def facts():
    """Two facts that count their calls, registered for the test only."""
    calls = {"words": 0, "todo": 0}

    @source_facts.of_html
    def words(html):
        calls["words"] += 1
        return len(html.split())

    @source_facts.of_source
    def todo(text):
        calls["todo"] += 1
        return text.count("TODO")

    yield words, todo, calls
    for fact in (words, todo):
        del source_facts._FACTS[fact.name]


def test_a_fact_is_computed_once_per_text(facts):
    words, _, calls = facts
    assert words("<p>en två tre</p>") == 3
    assert words("<p>en två tre</p>") == 3
    assert calls["words"] == 1
    assert words("<p>fyra</p>") == 1
    assert calls["words"] == 2


def test_a_fact_of_a_source_file_is_computed_again_when_the_file_changes(facts, tmp_path):
    _, todo, calls = facts
    post = tmp_path / "post.md"
    post.write_text("Title: A\n\nTODO\n", encoding="utf-8")
    assert todo(str(post)) == 1
    assert todo(str(post)) == 1
    assert calls["todo"] == 1
    post.write_text("Title: A\n\nTODO TODO\n", encoding="utf-8")
    os.utime(post, ns=(1, 1))  # a new time as well as a new size
    assert todo(str(post)) == 2
    assert calls["todo"] == 2


def test_facts_made_elsewhere_are_used_and_not_computed_again(facts, tmp_path):
    words, todo, calls = facts
    post = tmp_path / "post.md"
    post.write_text("TODO\n", encoding="utf-8")
    html = "<p>ett två</p>"
    found = source_facts.computed(str(post), html)  # what a parallel_build child sends back
    assert calls == {"words": 1, "todo": 1}
    words.memo.clear()
    todo.memo.clear()
    source_facts.receive(found, html)
    assert (words(html), todo(str(post))) == (2, 1)
    assert calls == {"words": 1, "todo": 1}


def test_a_fact_that_fails_elsewhere_is_left_to_the_build(facts, tmp_path):
    words, todo, calls = facts
    missing = str(tmp_path / "gone.md")
    found = source_facts.computed(missing, "<p>x</p>")
    assert todo.name not in found and words.name in found
    with pytest.raises(FileNotFoundError):  # the build meets the error itself, and reports it
        todo(missing)
