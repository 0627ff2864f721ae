"""A copy of the project as a new user's clone has it, to run the real `invoke` tasks in.

The files git knows (committed or not yet) as they are on disk now, so that a test sees the
change under work; nothing ignored (.venv, output/, caches). The tasks run with this Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sitebuild import ROOT


def copy_project(target: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for relative in filter(None, listed):
        source = ROOT / relative
        if source.is_file():  # a file deleted but not yet committed is listed too
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative, follow_symlinks=False)
    return target


def invoke(project: Path, *args: str, input: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in the project, as the README's commands do."""
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, input=input, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def invoke_in_background(project: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    process = subprocess.Popen([sys.executable, "-m", "invoke", *args], cwd=project, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    process.lines = []
    return process


def wait_for_line(process: subprocess.Popen, start: str, timeout: float = 120.0, naming: str = "") -> str:
    """Read the process's output (kept in process.lines) up to a line that starts with `start` (and
    names `naming`: a rebuild's line names the files saved, so a late line of an earlier save is passed by)."""
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        process.lines.append(line)
        if line.startswith(start) and naming in line:
            return line
        if time.monotonic() > deadline:
            break
    pytest.fail(f"no line starting {start!r}:\n" + "".join(process.lines))
