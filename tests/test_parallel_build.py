"""plugins/parallel_build: a build on several processes writes exactly what one process writes.

A real site (the benchmark's generator: posts in three categories with guest authors, photos,
links between posts, four pages, and an archive of LinkedIn and Instagram posts with photos) is
built by real Pelican with our publishing settings, share images and search on, with 1, 2 and 3
processes, and every output file is compared byte for byte: pages, every paginated list,
the archive, feeds, sitemap, photos and share images. Pagefind names its index files differently
on every run, even of one output folder, so of the search index the pages it counts are compared.
A template that fails on one post, and two posts on one address, stop the parallel build with
the error a one-process build gives.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bench import settings
from bench.generate import plan_posts, write_content, write_photos
from bench.social import write_social
from tests.sitebuild import ROOT, build

POSTS, PHOTOS, ARCHIVED = 45, 3, 30
SEED = 11


def processes(count: int) -> dict[str, str]:
    return {"PARALLEL_BUILD": f'{{"processes": {count}}}'}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parallel")
    posts = plan_posts(POSTS, PHOTOS, SEED)
    photos = write_photos(folder / "photos", PHOTOS, SEED, (600, 400))
    site = folder / "site"
    write_content(site / "content", posts, with_images=True, photos=photos)
    social = write_social(folder / "social", ARCHIVED, SEED, size=(108, 135))
    shutil.copytree(social["archive"], site / "content" / "archive")
    settings.ours(site, search=True, cards=True)
    return site


def tree(folder: Path) -> dict[str, bytes]:
    """Every file but the search index, by its path in the output."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")}


def indexed_pages(folder: Path) -> int:
    return json.loads((folder / "pagefind" / "pagefind-entry.json").read_text())["languages"]["sv"]["page_count"]


def test_two_and_three_processes_write_the_same_files_as_one(site, tmp_path):
    built = {}
    for count in (1, 2, 3):
        result = build(site / "settings.py", tmp_path / f"out{count}", extra=processes(count), verbose=True)
        assert result.returncode == 0, result.log
        built[count] = (result, tree(tmp_path / f"out{count}"))
    one, files = built[1]
    assert "parallel_build" not in one.log  # one process: Pelican's own reading and writing
    assert {"sitemap.xml", "feeds/alla.atom.xml", "feeds/arkiv.atom.xml", "arkiv/index.html", "arkiv/sida/2/index.html",
            "inlagg/index.html", "sida/2/index.html"} <= set(files)
    assert indexed_pages(tmp_path / "out1") > POSTS
    for count in (2, 3):
        result, other = built[count]
        # The parallel paths ran: the posts were read ahead and every page rendered by the children.
        assert re.search(rf"parallel_build: {POSTS} article files read ahead by {count} processes", result.log)
        rendered = re.search(rf"parallel_build: (\d+) files rendered by {count} processes, from file – on",
                             result.log)
        assert rendered and int(rendered[1]) > POSTS + ARCHIVED, result.log
        assert sorted(other) == sorted(files)
        assert [name for name in files if other[name] != files[name]] == []
        assert result.warnings == one.warnings == []
        assert indexed_pages(tmp_path / f"out{count}") == indexed_pages(tmp_path / "out1")


def failing_theme(folder: Path, slug: str) -> Path:
    """Our theme, with a template error in one post's page only."""
    theme = folder / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    broken = f'{{% if article.slug == "{slug}" %}}{{{{ article.no_such_field.deeper }}}}{{% endif %}}'
    article.write_text(text.replace("{% block content %}", "{% block content %}" + broken, 1), encoding="utf-8")
    assert broken in article.read_text(encoding="utf-8")
    return theme


def error_lines(log: str) -> list[str]:
    """The error's lines, without the time Pelican puts first (the tracebacks differ: the parallel
    build renders the failing page again in its own process, from its own functions)."""
    return [re.sub(r"^\[[\d:]+\]", "", line).strip() for line in log.splitlines()
            if "UndefinedError" in line or "STOPP" in line]


def test_a_page_that_fails_stops_the_parallel_build_as_it_stops_one_process(site, tmp_path):
    post = plan_posts(POSTS, PHOTOS, SEED)[POSTS // 2]
    theme = failing_theme(tmp_path, post.slug)
    results = {count: build(site / "settings.py", tmp_path / f"out{count}",
                            extra={**processes(count), "THEME": f'"{theme}"'}, verbose=True)
               for count in (1, 2)}
    one, two = results[1], results[2]
    # The children stopped at the post; this process rendered it, and so raised the error itself.
    assert re.search(r"parallel_build: \d+ files rendered by 2 processes, from file \d+ on here", two.log), two.log
    assert one.returncode == two.returncode == 1
    assert error_lines(one.log) and error_lines(two.log) == error_lines(one.log), two.log
    assert "'pelican.contents.Article object' has no attribute 'no_such_field'" in error_lines(two.log)[0]
    # Neither build got to the files written once every page is: no sitemap, no search index.
    for count in (1, 2):
        assert not (tmp_path / f"out{count}" / "sitemap.xml").exists()
        assert not (tmp_path / f"out{count}" / "pagefind").exists()


def test_two_posts_on_one_address_stop_the_parallel_build_with_the_same_swedish_line(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("output", ".cache"))
    taken = plan_posts(POSTS, PHOTOS, SEED)[3]
    (copy / "content" / "posts" / "2099-twin.md").write_text(
        f"Title: Tvilling\nDate: {taken.date:%Y-%m-%d %H:%M}\nSlug: {taken.slug}\nCategory: Besök\n\nSamma adress.\n",
        encoding="utf-8")
    results = {count: build(copy / "settings.py", tmp_path / f"out{count}", extra=processes(count), fatal=False)
               for count in (1, 2)}
    lines = {count: [re.sub(r"^\[[\d:]+\]", "", line).replace(str(result.output), "OUT").strip()
                     for line in result.warnings]
             for count, result in results.items()}
    assert results[1].returncode == results[2].returncode == 1
    stop = [line for line in lines[1] if "skulle skrivas till samma fil" in line]
    assert stop, results[1].log
    assert stop[0] in lines[2]  # the Swedish error, word for word
    # Pelican's warning before it names both files in the order of a set, which differs between
    # any two runs (Python's hash seed): the same words, then.
    assert [sorted(line.split()) for line in lines[2]] == [sorted(line.split()) for line in lines[1]]


def test_a_rebuild_replaces_each_file_whole_so_the_preview_never_serves_half_a_page(site, tmp_path):
    """The live preview serves output/ while it rebuilds. A page rewritten in place is empty or cut
    short for a moment; a browser reloading it then shows a page without the reload script, which
    never reloads again. A file replaced whole gets a new inode, and the old one stays complete.
    Not checked: the search index (pagefind writes it) and the theme's CSS and scripts, which
    Pelican copies itself; a style sheet read while copied is mended by the reload that follows
    the whole build."""
    for count in (1, 2):
        output = tmp_path / f"out{count}"
        settings = {**processes(count), "DELETE_OUTPUT_DIRECTORY": "false"}
        assert build(site / "settings.py", output, extra=settings).returncode == 0
        before = {path: path.stat() for path in output.rglob("*")
                  if path.is_file() and not path.relative_to(output).as_posix().startswith(("pagefind/", "theme/"))}
        assert build(site / "settings.py", output, extra=settings).returncode == 0
        rewritten = [path.relative_to(output).as_posix() for path, old in before.items()
                     if path.stat().st_ino == old.st_ino and path.stat().st_mtime_ns != old.st_mtime_ns]
        replaced = [path for path, old in before.items() if path.stat().st_ino != old.st_ino]
        assert rewritten == [], count
        assert len(replaced) > POSTS + ARCHIVED  # every page, feed and the sitemap: the check saw them
        assert [p.name for p in output.rglob("*.tmp")] == []
