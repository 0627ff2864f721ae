"""Writing the archive all or nothing, whatever happens: a lock, a staging folder and a journal.

An import prepares every new file in a staging folder inside the archive (`.import-*`, ignored
by load_archive and by git) and flushes each to disk. Then it writes `journal.json` into that
folder, atomically: from that moment the import is decided. The files are moved into place
one rename at a time, the old files of posts that moved to a new date are removed, and only
then is the journal deleted and the staging folder removed.

So whatever stops the process (kill -9, Ctrl-C, a full disk, a power cut), the next import
finds either a staging folder without a journal (nothing was moved: it is removed, and the
archive is exactly as before) or one with a journal (it is replayed, which is idempotent:
the archive becomes exactly as after). Either way it says so in one line.

Only one import at a time: the archive folder itself is locked with flock, which the kernel
releases when the process dies, so a lock can never be left stale.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .model import ArchiveError

STAGE_PREFIX = ".import-"
JOURNAL = "journal.json"
DONE = ".done"  # the staging folder's name ends so once its journal is applied: only scratch is left
Notify = Callable[[str], None]
BUSY = "en annan import håller på med arkivet just nu; vänta tills den är klar och försök igen"
DISK_FULL = "disken är full; arkivet är oförändrat. Frigör plats och importera igen"


class Busy(ArchiveError):
    """Another import holds the archive."""


class CommitStopped(ArchiveError):
    """The commit stopped after the journal was written; the next import finishes it.

    `interrupted` tells Ctrl-C (exit status 130) from a failure (disk full)."""

    def __init__(self, file: str, problem: str, interrupted: bool) -> None:
        super().__init__(file, problem)
        self.interrupted = interrupted


@dataclass(frozen=True)
class Plan:
    """What a decided import does: (staged file, target) moves and old files removed, all relative."""

    moves: tuple[tuple[str, str, str], ...]  # (path in the stage, path in the archive, sha256)
    remove: tuple[str, ...]


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(target: Path, data: bytes) -> None:
    """Write a new file and flush it to disk, so a power cut cannot leave it empty."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as sink:
        sink.write(data)
        sink.flush()
        os.fsync(sink.fileno())


def disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


@contextmanager
def locked(archive_dir: Path) -> Iterator[None]:
    """Hold the archive for this process; a second import is refused at once, in one line."""
    if not archive_dir.is_dir():  # a dry run on an archive that does not exist yet
        yield
        return
    fd = os.open(archive_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(str(archive_dir), BUSY) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def new_stage(archive_dir: Path) -> Path:
    stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=archive_dir))
    try:
        fsync_dir(archive_dir)
    except BaseException:
        remove_stage(stage)
        raise
    return stage


def stages(archive_dir: Path) -> list[Path]:
    if not archive_dir.is_dir():
        return []
    return sorted(p for p in archive_dir.iterdir() if p.name.startswith(STAGE_PREFIX) and p.is_dir())


def done(stage: Path) -> Path:
    return stage.with_name(stage.name + DONE)


def pending(archive_dir: Path) -> bool:
    """Whether an import stopped half-way through its commit (the next import finishes it)."""
    return any(not s.name.endswith(DONE) and (s / JOURNAL).is_file() for s in stages(archive_dir))


def remove_stage(stage: Path) -> None:
    """Remove a staging folder. The journal goes first, so a crash half-way through never leaves
    a journal whose files are gone. What cannot be removed now is removed by the next import."""
    try:
        if (stage / JOURNAL).exists() and not stage.name.endswith(DONE):
            (stage / JOURNAL).unlink()
            fsync_dir(stage)
    except OSError:
        return  # the journal must not outlive its files: leave the folder whole
    shutil.rmtree(stage, ignore_errors=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decide(stage: Path, plan: Plan) -> None:
    """Flush every staged file and folder, then write the journal atomically: the point of no return."""
    for folder, _, files in os.walk(stage):
        for name in files:
            fd = os.open(Path(folder) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(folder))
    document = {"moves": [list(m) for m in plan.moves], "remove": list(plan.remove)}
    draft = stage / (JOURNAL + ".tmp")
    write_durably(draft, json.dumps(document, ensure_ascii=False, indent=1).encode())
    os.replace(draft, stage / JOURNAL)
    fsync_dir(stage)


def read_journal(stage: Path) -> Plan | None:
    path = stage / JOURNAL
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text("utf-8"))
        moves = tuple((str(a), str(b), str(c)) for a, b, c in document["moves"])
        remove = tuple(str(r) for r in document["remove"])
    except (ValueError, KeyError, TypeError) as error:  # written atomically, so only a hand edit does this
        raise ArchiveError(str(path), f"journalen går inte att läsa ({error}); ta bort mappen {stage.name} "
                           "och kontrollera arkivet med git status") from None
    return Plan(moves, remove)


def apply(stage: Path, archive_dir: Path, plan: Plan, step: Callable[[int, int], None]) -> None:
    """Move and remove as the journal says; safe to run again after any interruption."""
    touched: set[Path] = set()
    for number, (staged, target, sha256) in enumerate(plan.moves, start=1):
        source, destination = stage / staged, archive_dir / target
        if source.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, destination)
        elif not (destination.is_file() and sha256_of(destination) == sha256):
            raise ArchiveError(
                str(destination),
                f"en avbruten import skulle ha lagt filen här, men den saknas i {stage.name}; "
                "kontrollera arkivet med git status och importera igen",
            )
        touched.update(p for p in destination.parents if p != archive_dir and archive_dir in p.parents)
        step(number, len(plan.moves) + len(plan.remove))
    for number, relative in enumerate(plan.remove, start=len(plan.moves) + 1):
        old = archive_dir / relative
        old.unlink(missing_ok=True)
        # A <platform>/<YYYY>/ folder left empty would not exist had the exports come in another order.
        year = old.parent
        if year.is_dir() and not any(year.iterdir()):
            year.rmdir()
            touched.add(year.parent)
        else:
            touched.add(year)
        step(number, len(plan.moves) + len(plan.remove))
    for folder in sorted({*touched, archive_dir}, key=lambda p: -len(p.parts)):
        if folder.is_dir():
            fsync_dir(folder)  # the renames themselves reach the disk
    os.replace(stage, done(stage))  # one rename marks the import complete
    fsync_dir(stage.parent)


@contextmanager
def deferred_sigint() -> Iterator[list[bool]]:
    """Ctrl-C while files move waits until they have all moved: the commit takes milliseconds."""
    pressed: list[bool] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *_: pressed.append(True))
    except ValueError:  # not the main thread: signals cannot be caught here anyway
        yield pressed
        return
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def commit(stage: Path, archive_dir: Path, plan: Plan, progress: Callable[[int, int], None]) -> bool:
    """Decide and apply the plan; True if Ctrl-C was pressed meanwhile (the import is complete)."""
    decide(stage, plan)  # an error before this leaves the archive as it was
    made = [0]

    def step(number: int, total: int) -> None:
        made[0] = number
        progress(number, total)

    total = len(plan.moves) + len(plan.remove)
    with deferred_sigint() as pressed:
        try:
            apply(stage, archive_dir, plan, step)
        except (KeyboardInterrupt, OSError) as error:
            if done(stage).exists():  # every change is made; only flushing the folder failed
                pressed.extend([True] if isinstance(error, KeyboardInterrupt) else [])
                return finish(done(stage), pressed)
            how = "avbrutet" if isinstance(error, KeyboardInterrupt) else (
                "disken är full" if disk_full(error) else f"kunde inte spara ({error.strerror or error})"
            )
            raise CommitStopped(
                str(archive_dir),
                f"{how} medan importen sparades: {made[0]} av {total} ändringar är gjorda. "
                "Nästa import slutför den först, så att arkivet blir som efter importen"
                + (" (frigör plats på disken innan dess)" if disk_full(error) else ""),
                isinstance(error, KeyboardInterrupt),
            ) from None
        return finish(done(stage), pressed)


def finish(stage: Path, pressed: list[bool]) -> bool:
    """Remove the scratch of a complete commit; Ctrl-C meanwhile is noted and the removal finished."""
    for _ in range(2):
        try:
            remove_stage(stage)
            break
        except KeyboardInterrupt:
            pressed.append(True)
    return bool(pressed)


def recover(archive_dir: Path, notify: Notify) -> None:
    """Finish or undo an import a crash left behind, saying in one line what was done."""
    for stage in stages(archive_dir):
        plan = None if stage.name.endswith(DONE) else read_journal(stage)
        if plan is None:
            remove_stage(stage)
            notify(f"{archive_dir}: tillfälliga filer från en import som avbröts togs bort; " + (
                "importen hade redan sparats helt" if stage.name.endswith(DONE) else
                "den hade inte börjat spara, så arkivet är som före den"))
            continue
        try:
            apply(stage, archive_dir, plan, lambda done, total: None)
        except (KeyboardInterrupt, OSError) as error:
            how = "disken är full" if disk_full(error) else "avbrutet" if isinstance(
                error, KeyboardInterrupt) else f"ett fel ({getattr(error, 'strerror', None) or error})"
            raise CommitStopped(
                str(archive_dir),
                f"en import som avbröts förra gången kunde inte slutföras nu ({how}); "
                "kör importen igen" + (" när det finns plats på disken" if disk_full(error) else ""),
                isinstance(error, KeyboardInterrupt),
            ) from None
        remove_stage(done(stage))
        notify(f"{archive_dir}: en import som avbröts medan den sparades slutfördes nu "
               f"({len(plan.moves)} filer på plats, {len(plan.remove)} gamla borttagna)")


@contextmanager
def archive_folder(archive_dir: Path, dry_run: bool) -> Iterator[None]:
    """The archive folder, made if missing (not in a dry run) and removed again if nothing was saved."""
    if dry_run:
        yield None
        return
    missing = next((p for p in reversed([archive_dir, *archive_dir.parents]) if not p.exists()), None)
    try:
        archive_dir.mkdir(parents=True, exist_ok=True)
        yield
    except CommitStopped:
        raise
    except BaseException as error:
        if missing is not None:  # nothing was saved: leave no empty folders behind
            shutil.rmtree(missing, ignore_errors=True)
        if disk_full(error):
            raise ArchiveError(str(archive_dir), DISK_FULL) from None
        raise


def refuse_if_pending(archive_dir: Path) -> None:
    if pending(archive_dir):
        raise ArchiveError(
            str(archive_dir),
            "en import avbröts medan den sparades; kör importen utan --dry-run, så slutförs den först",
        )


@contextmanager
def staging(archive_dir: Path, dry_run: bool) -> Iterator[Path | None]:
    """A scratch folder inside the archive, always removed unless a commit stopped half-way (the
    next import needs it to finish)."""
    if dry_run:
        yield None
        return
    try:
        stage = new_stage(archive_dir)
    except OSError as error:
        if disk_full(error):
            raise ArchiveError(str(archive_dir), DISK_FULL) from None
        raise
    try:
        yield stage
    except CommitStopped:
        raise
    except BaseException as error:
        remove_stage(stage)
        if disk_full(error):
            raise ArchiveError(str(archive_dir), DISK_FULL) from None
        raise
    remove_stage(stage)
