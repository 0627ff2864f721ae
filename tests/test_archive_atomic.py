"""An import is all or nothing, whatever happens to it (issue 13, items 14–17).

Faults are injected at every file operation of a real import (each rename, fsync, unlink,
rmdir, mkdir, file opened for writing and write), as Ctrl-C and as a full disk, and a real
subprocess is killed with SIGKILL at points of its commit. After each, the next import must find
the archive byte-identical to before or after, say in one line what it did, and no message may
claim what is not so.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.archive_support import make_zip, photo, posts_in, run, tree

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400
T0 = 1704800000  # 2024-01-09


def entry(n: int, caption: str, shift: int = 0, photos: int = 1) -> dict:
    media = [
        {"uri": f"media/posts/202401/1790000000000{n:02d}{p}.jpg", "creation_timestamp": T0 + n, "title": ""}
        for p in range(photos)
    ]
    return {"media": media, "title": caption, "creation_timestamp": T0 + n + shift}


def instagram(path: Path, entries: list[dict]) -> Path:
    photos = {m["uri"]: photo(m["uri"], "JPEG") for e in entries for m in e["media"]}
    return make_zip(
        path, [("your_instagram_activity/media/posts_1.json", json.dumps(entries).encode()), *photos.items()]
    )


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """An archive before and after a newer export that edits, adds and moves posts to a new date."""
    base = tmp_path_factory.mktemp("atomic")
    old = instagram(base / "old.zip", [entry(n, f"inlägg {n}") for n in range(4)])
    new = instagram(
        base / "new.zip",
        [
            entry(0, "inlägg 0"),  # unchanged
            entry(1, "inlägg 1, rättat"),  # new text: the old one goes to history
            entry(2, "inlägg 2", shift=2 * DAY),  # its date changed: the file moves
            entry(3, "inlägg 3, flyttat", shift=3 * DAY),  # moved and edited
            entry(4, "nytt inlägg", shift=10 * DAY, photos=2),  # new, with new photos
        ],
    )
    before = base / "before"
    assert run(old, "--archive", before)[0] == 0
    after = base / "after"
    shutil.copytree(before, after)
    code, out, err = run(new, "--archive", after)
    assert code == 0 and err == "", err
    return {
        "old": old, "new": new, "before": before, "after": after,
        "tree_before": tree(before), "tree_after": tree(after),
    }


class Fault(Exception):
    pass


class Injector:
    """Counts file operations; raises `fault` at call number `at` (0: never, just count)."""

    def __init__(self, fault: BaseException | None = None, at: int = 0) -> None:
        self.fault, self.at, self.calls = fault, at, 0

    def tick(self) -> None:
        self.calls += 1
        if self.calls == self.at:
            raise self.fault

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("replace", "rename", "fsync", "unlink", "rmdir", "mkdir"):
            real = getattr(os, name)

            def wrapped(*args, _real=real, **kwargs):
                self.tick()
                return _real(*args, **kwargs)

            monkeypatch.setattr(os, name, wrapped)
        real_open = pathlib.Path.open
        injector = self

        class Writer:
            def __init__(self, file) -> None:
                self._file = file

            def write(self, data):
                injector.tick()
                return self._file.write(data)

            def __getattr__(self, name):
                return getattr(self._file, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self._file.__exit__(*exc)

        def opened(path, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+"):
                self.tick()
                return Writer(real_open(path, mode, *args, **kwargs))
            return real_open(path, mode, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, "open", opened)


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def count_operations(scenario, tmp_path, monkeypatch) -> int:
    archive = tmp_path / "count"
    shutil.copytree(scenario["before"], archive)
    counter = Injector()
    with monkeypatch.context() as patch:
        counter.install(patch)
        code, _, err = run(scenario["new"], "--archive", archive)
    assert code == 0, err
    assert tree(archive) == scenario["tree_after"]
    return counter.calls


@pytest.mark.parametrize(
    "fault, code",
    [(KeyboardInterrupt(), 130), (OSError(errno.ENOSPC, "No space left on device"), 1)],
    ids=["ctrl-c", "disk-full"],
)
def test_fault_at_every_file_operation_leaves_old_or_new(scenario, tmp_path, monkeypatch, fault, code):
    total = count_operations(scenario, tmp_path, monkeypatch)
    assert total > 40  # the commit was really counted: media, posts, journal, moves, removals
    outcomes = {"old": 0, "new": 0}
    for at in range(1, total + 1):
        archive = tmp_path / f"run-{at}"
        shutil.copytree(scenario["before"], archive)
        with monkeypatch.context() as patch:
            Injector(fault, at).install(patch)
            got, out, err = run(scenario["new"], "--archive", archive)
        now = tree(archive)
        if got == 0:  # a full disk only while removing the scratch folder: the import is complete
            assert isinstance(fault, OSError) and err == "" and "Totalt:" in out, at
            assert {k: v for k, v in now.items() if not k.startswith(".import-")} == scenario["tree_after"]
            line, expected = "", "new"
        else:
            line = one_line(err)
            assert (got, out) == (code, ""), (at, line)
        if got == 0:
            pass
        elif "arkivet är oförändrat" in line:
            assert now == scenario["tree_before"], (at, line)
            assert ("disken är full" in line) == isinstance(fault, OSError), (at, line)
            expected = "old"
        elif "hann sparas helt" in line:
            assert now == scenario["tree_after"], (at, line)
            expected = "new"
        else:
            # Stopped half-way: it says how far, and that the next import finishes it.
            assert "ändringar är gjorda" in line and "Nästa import slutför den" in line, (at, line)
            if isinstance(fault, OSError):
                assert line.startswith(f"fel: {archive}: disken är full") and "frigör plats" in line
            expected = "new"
        # The next run (importing the old export again, which changes nothing) recovers first.
        again, out, err = run(scenario["old"], "--archive", archive)
        assert again == 0 and "Traceback" not in out + err
        assert tree(archive) == scenario["tree_before" if expected == "old" else "tree_after"], (at, line, err)
        notices = err.strip().splitlines()
        assert len(notices) <= 1 and all(n.startswith(f"obs: {archive}: ") for n in notices), err
        if expected == "new" and line and "hann sparas helt" not in line:
            assert "slutfördes nu" in err, (at, line, err)
        outcomes[expected] += 1
        shutil.rmtree(archive)
    assert outcomes["old"] > 10 and outcomes["new"] > 10, outcomes


def test_interrupted_commit_is_never_reported_as_unchanged(scenario, tmp_path, monkeypatch):
    """Ctrl-C on the third rename into the archive: files were replaced, and the message says so."""
    archive = tmp_path / "arkiv"
    shutil.copytree(scenario["before"], archive)
    moves = []
    real = os.replace

    def replace(source, target, *args, **kwargs):
        if ".import-" not in str(target):  # a file moving into the archive, not the journal
            moves.append(target)
            if len(moves) == 3:
                raise KeyboardInterrupt
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    code, out, err = run(scenario["new"], "--archive", archive)
    monkeypatch.undo()
    line = one_line(err)
    assert code == 130 and "oförändrat" not in line
    assert "avbrutet medan importen sparades: 2 av" in line and "Nästa import slutför den" in line
    assert tree(archive) != scenario["tree_before"]
    # A dry run refuses to guess while the archive is half-way, and writes nothing.
    half = tree(archive)
    code, out, err = run(scenario["new"], "--archive", archive, "--dry-run")
    assert code == 1 and "utan --dry-run" in one_line(err) and tree(archive) == half
    code, out, err = run(scenario["new"], "--archive", archive)
    assert code == 0 and tree(archive) == scenario["tree_after"]
    assert one_line(err).startswith(f"obs: {archive}: en import som avbröts medan den sparades slutfördes nu")


KILLER = """
import os, pathlib, signal, sys
sys.path[:0] = [{plugins!r}]
at, calls = int(sys.argv[1]), [0]
def tick():
    calls[0] += 1
    if calls[0] == at:
        os.kill(os.getpid(), signal.SIGKILL)
for name in ("replace", "fsync", "unlink", "rmdir", "mkdir"):
    real = getattr(os, name)
    setattr(os, name, lambda *a, _real=real, **k: (tick(), _real(*a, **k))[1])
from social_archive.cli import main
code = main(sys.argv[2:])
print("calls", calls[0], file=sys.stderr)
sys.exit(code)
"""


def killed_at(at: int, scenario, archive: Path) -> subprocess.CompletedProcess:
    script = KILLER.format(plugins=str(ROOT / "plugins"))
    return subprocess.run(
        [sys.executable, "-c", script, str(at), str(scenario["new"]), "--archive", str(archive)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


def test_kill_9_at_points_of_the_commit(scenario, tmp_path):
    probe = tmp_path / "probe"
    shutil.copytree(scenario["before"], probe)
    done = killed_at(0, scenario, probe)
    assert done.returncode == 0, done.stderr
    total = int(done.stderr.split("calls ")[-1])
    assert tree(probe) == scenario["tree_after"]
    seen = set()
    for at in sorted({1, 2, total // 4, total // 2, total * 2 // 3, total * 3 // 4, total - 3, total - 1, total}):
        archive = tmp_path / f"kill-{at}"
        shutil.copytree(scenario["before"], archive)
        result = killed_at(at, scenario, archive)
        assert result.returncode == -signal.SIGKILL, (at, result.stderr)
        code, out, err = run(scenario["old"], "--archive", archive)
        assert code == 0 and "Traceback" not in out + err
        now = tree(archive)
        assert now in (scenario["tree_before"], scenario["tree_after"]), at
        seen.add("old" if now == scenario["tree_before"] else "new")
        if err:
            line = one_line(err)
            assert line.startswith(f"obs: {archive}: ")
            assert ("som före den" in line) == (now == scenario["tree_before"]), (at, line)
        # Never 2 files for 1 post, and nothing of the staging left.
        assert len(posts_in(archive)) == len(list(archive.glob("*/*/*.json")))
        assert not list(archive.glob(".import-*"))
    assert seen == {"old", "new"}


def test_second_import_at_the_same_time_is_refused_in_one_line(scenario, tmp_path, monkeypatch):
    """While one import runs, a second is refused; the first then finishes with all history."""
    archive = tmp_path / "arkiv"
    shutil.copytree(scenario["before"], archive)
    from social_archive import importer

    second = []
    real_commit = importer.commit

    def commit(*args, **kwargs):
        second.append(run(scenario["old"], "--archive", archive))  # started while the first holds the lock
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(importer, "commit", commit)
    code, out, err = run(scenario["new"], "--archive", archive)
    assert code == 0 and err == ""
    ((other_code, other_out, other_err),) = second
    assert other_code == 1 and other_out == ""
    assert one_line(other_err) == (
        f"fel: {archive}: en annan import håller på med arkivet just nu; vänta tills den är klar och försök igen"
    )
    assert tree(archive) == scenario["tree_after"]  # no history nor import record lost


def test_lock_is_held_by_a_real_second_process(scenario, tmp_path):
    archive = tmp_path / "arkiv"
    shutil.copytree(scenario["before"], archive)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('ok', flush=True); time.sleep(60)", str(archive)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        code, out, err = run(scenario["new"], "--archive", archive)
        assert code == 1 and "en annan import håller på" in one_line(err)
        assert tree(archive) == scenario["tree_before"]
    finally:
        holder.kill()
        holder.wait()
    assert run(scenario["new"], "--archive", archive)[0] == 0  # the kernel released the lock


def test_staging_is_git_ignored(scenario, tmp_path):
    archive = tmp_path / "content" / "archive"
    shutil.copytree(scenario["before"], archive)
    (archive / ".import-x1y2" / "posts").mkdir(parents=True)
    (archive / ".import-x1y2" / "posts" / "a.json").write_text("{}")
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        ["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "content/archive/instagram/" in listed and ".import-" not in listed


def test_files_are_flushed_before_they_replace_old_ones(scenario, tmp_path, monkeypatch):
    """Every staged file is fsynced, and the journal last, before the first rename into the archive."""
    archive = tmp_path / "arkiv"
    shutil.copytree(scenario["before"], archive)
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(source, target, *args, **kwargs):
        events.append(("replace", str(target)))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert run(scenario["new"], "--archive", archive)[0] == 0
    monkeypatch.undo()
    first_move = next(i for i, (kind, path) in enumerate(events) if kind == "replace" and ".import-" not in path)
    flushed = {path for kind, path in events[:first_move] if kind == "fsync"}
    moved = [path for kind, path in events if kind == "replace" and ".import-" not in path]
    staged = {p.replace(str(archive) + "/", "") for p in moved}
    for relative in staged:
        assert any(f.endswith(relative) and ".import-" in f for f in flushed), relative
    assert any(f.endswith("journal.json.tmp") for f in flushed)


def carousel(n: int, uris: list[str], caption: str) -> dict:
    media = [{"uri": u, "creation_timestamp": T0 + n, "title": ""} for u in uris]
    return {"media": media, "title": caption, "creation_timestamp": T0 + n}


def test_carousel_losing_its_first_photo_stays_one_post_and_keeps_alt_texts(tmp_path):
    uris = [f"media/posts/202401/179000000000009{p}.jpg" for p in range(3)]
    old = instagram(tmp_path / "old.zip", [carousel(0, uris, "Tre bilder")])
    new = instagram(tmp_path / "new.zip", [carousel(0, uris[1:], "Tre bilder"), entry(5, "senare")])
    archive = tmp_path / "arkiv"
    assert run(old, "--archive", archive)[0] == 0
    ((key, document),) = posts_in(archive).items()
    (file,) = archive.glob("instagram/*/*.json")
    for media, alt in zip(document["media"], ["Första", "Andra", "Tredje"], strict=True):
        media["alt"] = alt
    file.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    code, out, err = run(new, "--archive", archive)
    assert code == 0, err
    posts = posts_in(archive)
    assert len(posts) == 2 and key in posts  # the carousel once, under the id it already had
    assert [m["alt"] for m in posts[key]["media"]] == ["Andra", "Tredje"]
    assert len(posts[key]["imports"]) == 2


@pytest.mark.parametrize("fault", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space")], ids=["ctrl-c", "full"])
def test_first_import_stopped_anywhere_leaves_no_folder_or_a_whole_archive(scenario, tmp_path, monkeypatch, fault):
    counter = Injector()
    with monkeypatch.context() as patch:
        counter.install(patch)
        assert run(scenario["old"], "--archive", tmp_path / "count" / "archive")[0] == 0
    for at in range(1, counter.calls + 1):
        archive = tmp_path / f"run-{at}" / "archive"
        with monkeypatch.context() as patch:
            Injector(fault, at).install(patch)
            code, out, err = run(scenario["old"], "--archive", archive)
        if code == 0:  # a full disk only while removing the scratch folder
            assert isinstance(fault, OSError) and "Totalt:" in out
            assert {k: v for k, v in tree(archive).items() if not k.startswith(".import-")} == scenario["tree_before"]
            continue
        line = one_line(err)
        assert line.startswith("fel: ") and ("disken är full" in line) == isinstance(fault, OSError), line
        if "oförändrat" in line:
            assert not (tmp_path / f"run-{at}").exists(), (at, line)  # the folders it made are gone
            continue
        code, out, err = run(scenario["old"], "--archive", archive)
        assert code == 0 and tree(archive) == scenario["tree_before"], (at, line, err)
