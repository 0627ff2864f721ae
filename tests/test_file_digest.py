"""Content keys for the caches (file_digest.py): git's blob id, from git's index when the file is
unchanged there, so a fresh checkout reads none of its photos to know their copies are good."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import file_digest
from file_digest import content_key


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


def repository(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    return tmp_path


def fresh_process():
    for cached in (file_digest._repository, file_digest._unchanged_in_git, file_digest._blob_id):
        cached.cache_clear()
    file_digest._known.clear()


def test_the_key_is_gits_blob_id_in_and_out_of_git(tmp_path):
    outside = tmp_path / "utan-git" / "foto.jpg"
    outside.parent.mkdir()
    outside.write_bytes(b"bildens byte")
    repo = repository(tmp_path / "repo")
    inside = repo / "content" / "images" / "foto.jpg"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"bildens byte")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "foto")
    fresh_process()
    blob = git(repo, "rev-parse", "HEAD:content/images/foto.jpg").strip()
    assert content_key(inside) == content_key(outside) == blob


def test_a_committed_file_is_not_read_and_a_changed_one_is(tmp_path, monkeypatch):
    repo = repository(tmp_path)
    photo = repo / "foto.jpg"
    photo.write_bytes(b"version 1")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "foto")
    fresh_process()
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    first = content_key(photo)
    assert reads == []  # from the index
    photo.write_bytes(b"version 2, longer")  # changed after git was asked, in the same process
    os.utime(photo, ns=(1, 1))
    second = content_key(photo)
    assert second != first and reads == [photo]
    fresh_process()
    assert content_key(photo) == second  # a new process: git says it differs from the index, so it is hashed


def test_without_git_a_file_in_a_repository_is_hashed_as_git_would(tmp_path, monkeypatch):
    repo = repository(tmp_path)
    photo = repo / "foto.jpg"
    photo.write_bytes(b"x")
    git(repo, "add", ".")
    expected = git(repo, "hash-object", "foto.jpg").strip()
    monkeypatch.setenv("PATH", "")  # git cannot be run
    fresh_process()
    assert content_key(photo) == expected
