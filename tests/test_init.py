"""`invoke init` turns the demo into a leader's own, empty blog, and publishing waits until the
pages every footer links to are filled in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project_copy import copy_project, invoke
from tests.test_preview_and_publish import tree_digest

OWNER = ("--name", "Anna Bergström", "--role", "Generaldirektör", "--organisation", "Myndigheten för prov",
         "--url", "https://anna.example/blogg/")
DEMO_TRACES = ("Eva Lindgren", "Ekbacka", "Samir Haddad", "ekbacka-demo")
STATEMENT_MUST_SAY = ("Myndigheten för prov", "2018:1937", "WCAG 2.1", "12 §", "9 §", "https://www.digg.se/tdosanmalan")


def text_files(folder: Path):
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt", ".md", ".py"}]


def traces(folder: Path, words) -> list[str]:
    return [f"{p.relative_to(folder)}: {w}" for p in text_files(folder) for w in words
            if w in p.read_text(encoding="utf-8", errors="replace")]


def fill_in(page: Path) -> None:
    """What the owner does: write every TODO and remove Status: draft."""
    text = re.sub(r"^Status: draft\n", "", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    page.write_text(re.sub(r"TODO:[^\n]*", "Ifyllt av bloggens ägare.", text), encoding="utf-8")


@pytest.fixture(scope="module")
def own_blog(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A new user's clone of the demo, made their own with invoke init."""
    project = copy_project(tmp_path_factory.mktemp("clone") / "blogg")
    assert traces(project / "content", ["Eva Lindgren"]), "the clone starts as the demo"
    return project, invoke(project, "init", *OWNER, "--yes")


def test_init_makes_the_blog_yours_and_publishing_waits_for_the_pages(own_blog):
    project, made = own_blog
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Anna Bergströms" in made.stdout
    content = project / "content"
    assert sorted(p.name for p in (content / "pages").iterdir()) == [
        "integritet.md", "kommentarer.md", "om.md", "tillganglighet.md"]
    assert [p for p in content.rglob("*") if p.is_file() and "pages" not in p.parts] == [], "no demo post, photo or archive"
    assert traces(project / "content", DEMO_TRACES) == []
    settings = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert not [word for word in DEMO_TRACES if word in settings], "the settings name the new owner only"
    for page in (content / "pages").iterdir():
        assert "Status: draft" in page.read_text(encoding="utf-8") and "TODO" in page.read_text(encoding="utf-8")

    preview = invoke(project, "build")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    home = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "Anna Bergström" in home and "Generaldirektör, Myndigheten för prov" in home
    assert "Inget är publicerat ännu." in home
    assert traces(project / "output", DEMO_TRACES) == []
    assert (project / "output" / "utkast" / "sidor" / "tillganglighet" / "index.html").is_file()

    stopped = invoke(project, "publish")
    assert stopped.returncode != 0
    log = stopped.stdout + stopped.stderr
    for page in ("om", "tillganglighet", "kommentarer", "integritet"):  # every page in one build, not one a build
        assert f"content/pages/{page}.md (utkast): Status: draft: sidan länkas från varje sidfot" in log, log
    assert "Traceback" not in log
    assert not (project / "public").exists(), "nothing is published until the pages are done"

    for page in (content / "pages").iterdir():  # published too early: the TODOs are still there
        page.write_text(page.read_text(encoding="utf-8").replace("Status: draft\n", ""), encoding="utf-8")
    stopped = invoke(project, "publish")
    log = stopped.stdout + stopped.stderr
    assert stopped.returncode != 0 and not (project / "public").exists()
    assert "content/pages/tillganglighet.md: texten, rad" in log and "TODO står kvar" in log
    assert log.count("TODO står kvar") == sum(
        page.read_text(encoding="utf-8").count("TODO") for page in (content / "pages").iterdir()), log

    for page in (content / "pages").iterdir():
        fill_in(page)
    published = invoke(project, "publish")
    assert published.returncode == 0, published.stdout + published.stderr
    public = project / "public"
    assert traces(public, DEMO_TRACES + ("TODO", "localhost")) == []
    statement = (public / "tillganglighet" / "index.html").read_text(encoding="utf-8")
    for required in STATEMENT_MUST_SAY:
        assert required in statement, required
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "https://anna.example/blogg/" in home, "the public address from init"
    assert 'rel="alternate"' not in home and not (public / "feeds").exists(), "no feed without posts"
    card = re.search(r'property="og:image" content="https://anna.example/blogg/(images/share/[0-9a-f]+\.jpg)"', home)
    assert card and (public / card[1]).is_file(), "the default share image is drawn from the new owner"
    assert "Text på bilden: Anna Bergström, Generaldirektör, Myndigheten för prov." in home


def test_the_tests_pass_on_a_blog_of_ones_own(own_blog):
    """The suite tests the product, not the demo: these five files once read the demo's posts and
    its owner's settings. Run in the new owner's empty, rebranded clone, they must pass all the same."""
    project, _ = own_blog
    files = ["tests/test_golden.py", "tests/test_public_site.py", "tests/test_feeds.py", "tests/test_archive_site.py",
             "tests/test_share_kit.py"]
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-m", "not browser", "-p", "no:cacheprovider",
                          *files], cwd=project, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", run.stdout)


def test_init_asks_in_swedish_when_no_flags_are_given(tmp_path):
    project = copy_project(tmp_path / "blogg")
    answers = "Lars Ek\nVD\nProvbolaget AB\nhttps://lars.example\nja\n"
    made = invoke(project, "init", input=answers)
    assert made.returncode == 0, made.stdout + made.stderr
    for question in ("Ditt namn", "Din roll", "Organisationen du leder", "Bloggens publika adress",
                     "Skriv ja för att fortsätta"):
        assert question in made.stdout
    settings = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'OWNER = "Lars Ek"' in settings and 'FEED_ID_AUTHORITY = "lars.example"' in settings
    about = (project / "content" / "pages" / "om.md").read_text(encoding="utf-8")
    assert "Jag heter Lars Ek och är VD i Provbolaget AB." in about, "an abbreviation keeps its capitals"


@pytest.mark.parametrize("args, answer, says", [
    (OWNER, "nej\n", "avbrutet; ingenting ändrades"),
    (("--name", "Anna", "--role", "Chef", "--organisation", "X", "--url", "anna.example", "--yes"), "",
     "--url 'anna.example' är ingen webbadress"),
    (("--name", "", "--role", "Chef", "--organisation", "X", "--url", "https://a.example", "--yes"), "",
     "--name (ditt namn) saknas"),
])
def test_init_changes_nothing_when_it_cannot_or_may_not_go_on(tmp_path, args, answer, says):
    project = copy_project(tmp_path / "blogg")
    before = tree_digest(project)
    result = invoke(project, "init", *args, input=answer)
    assert result.returncode != 0
    assert says in result.stdout + result.stderr and "Traceback" not in result.stdout + result.stderr
    assert tree_digest(project) == before


def test_init_never_empties_a_blog_that_is_already_someones(tmp_path):
    project = copy_project(tmp_path / "blogg")
    assert invoke(project, "init", *OWNER, "--yes").returncode == 0
    (project / "content" / "posts" / "2026-12-01-mitt-forsta.md").write_text("Title: Mitt första\n\nText.\n",
                                                                             encoding="utf-8")
    before = tree_digest(project)
    again = invoke(project, "init", *OWNER, "--yes")
    assert again.returncode != 0 and "bloggen är redan Anna Bergströms" in again.stdout + again.stderr
    assert tree_digest(project) == before
    assert invoke(project, "init", "--help").returncode == 0 and tree_digest(project) == before
