"""The invoke tasks as a user types them, in a copy of the project: help never writes a file, a
busy port is one Swedish line, and the task list is Swedish."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import pytest

from tests.conftest import free_port
from tests.sitebuild import ROOT


@pytest.fixture
def project(tmp_path):
    """tasks.py copied (its folder is the project it works on), the rest linked from this one."""
    shutil.copy(ROOT / "tasks.py", tmp_path / "tasks.py")
    for name in ("plugins", "theme", "pelicanconf.py", "publishconf.py"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "content").mkdir()
    return tmp_path


def invoke(project, *args, timeout=60):
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def files_in(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("args", [("new", "--help"), ("new", "-h"), ("--help", "new")])
def test_help_for_new_shows_help_and_writes_nothing(project, args):
    result = invoke(project, *args)
    assert result.returncode == 0, result.stderr
    assert "Skriv ett nytt inlägg" in result.stdout
    assert "inläggets rubrik, inom citattecken" in result.stdout
    assert files_in(project / "content") == []


@pytest.mark.parametrize("args, expected", [
    (("new", "   "), "invoke new: rubriken är tom"),
    (("new", "--title=-x"), "invoke new: ”-x” ser ut som ett val, inte en rubrik; se invoke --help new"),
    (("new", "!!!"), "invoke new: rubriken ”!!!” ger ingen adress"),
])
def test_a_title_that_cannot_be_a_post_is_a_swedish_line(project, args, expected):
    result = invoke(project, *args)
    assert result.returncode != 0
    assert result.stderr.strip() == expected or result.stderr.startswith(expected), result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(project / "content") == []


@pytest.mark.parametrize("args, expected", [
    (("new",), "invoke new: title saknas – inläggets rubrik, inom citattecken. Se invoke --help new"),
    (("new", "Besök", "--titel"),
     "invoke: okänt val --titel; invoke --help KOMMANDO visar vilka val ett kommando har"),
    (("nytt", "Besök"), "invoke: det finns inget kommando nytt; invoke --list visar alla kommandon"),
    (("serve", "--port"), "invoke: --port behöver ett värde, till exempel --port 8001"),
])
def test_invokes_own_errors_are_one_swedish_line_and_write_nothing(project, args, expected):
    result = invoke(project, *args)
    assert result.returncode != 0
    assert result.stderr.strip() == expected, result.stderr
    assert files_in(project / "content") == []


def test_a_tasks_help_is_swedish(project):
    result = invoke(project, "--help", "serve")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Så här: invoke [allmänna val] serve [val]\n")
    for swedish in ("Beskrivning:", "Val:", "-p TAL, --port=TAL", "porten att visa sidan på"):
        assert swedish in result.stdout, result.stdout
    for english in ("Usage", "Docstring", "Options", "other tasks"):
        assert english not in result.stdout


def test_new_writes_the_post(project):
    result = invoke(project, "new", "Besök hos parkförvaltningen")
    assert result.returncode == 0, result.stderr
    [written] = files_in(project / "content")
    assert written.parent.as_posix() == "posts" and written.name.endswith("-besok-hos-parkforvaltningen.md")


def test_the_task_list_is_swedish(project):
    result = invoke(project, "--list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Kommandon (invoke --help KOMMANDO visar ett kommandos val):")
    for line in ("Skriv ett nytt inlägg", "Visa webbplatsen på http://localhost:8000", "Bygg den publika webbplatsen"):
        assert line in result.stdout, result.stdout


def test_a_busy_port_is_one_line_that_suggests_another(project):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = invoke(project, "serve", "--port", str(port))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"invoke serve: porten {port} används redan, kanske av en förhandsvisning som redan är igång; "
                     f"stäng den eller välj en annan port: invoke serve --port {port + 1}"], result.stderr
    assert not (project / "output").exists(), "nothing was built"
