"""Real storage faults: a full disk (a small tmpfs), no inodes left, a read-only git dir,
a git object store rec may not write to. Each write either succeeds whole or fails with
one line and leaves the ledger, the index and the user's own work exactly as they were;
the next write, with the fault gone, works.

Mounting needs root (CI runs as root); elsewhere these tests are skipped with that reason,
except the read-only git dir, which uses file permissions when not root.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.app.test_faults import State, leftovers, state
from tests.helpers import commit_count, rec

#: Free space left on the full disk, in KiB: from nothing to enough for a whole write.
FREE_KIB = range(0, 72, 4)
#: Inodes left: from none to enough for a whole write.
FREE_INODES = range(0, 27, 3)
WRITES = {
    "comment": ["comment", "1", "written on a full disk"],
    "new": ["new", "--title", "Written on a full disk"],
    "evidence": ["evidence", "1", "{document}"],
    "status": ["status", "1", "being-progressed", "--comment", "on a full disk"],
}


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _umount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs of our own, to fill up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs these as root)")
    point = tmp_path / "disk"
    point.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=4m,nr_inodes=4096", "tmpfs", str(point))
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        pytest.skip(f"cannot mount a tmpfs here: {error}")
    try:
        yield point
    finally:
        _umount(point)


def _template(tmp_path: Path) -> Path:
    """The busy ledger of test_faults (the user's own staged and unstaged work in it)."""
    from tests.app.test_faults import _make_busy_ledger

    root = tmp_path / "template" / "ledger"
    _make_busy_ledger(root)
    return root.parent


def command(ledger: Path, write: str) -> list[str]:
    document = ledger.parent / "closure.pdf"
    return [arg.format(document=document) for arg in WRITES[write]]


def fill(point: Path, *, leave: int) -> Path:
    """Take all the space on the file system but `leave` bytes."""
    filler = point / "filler"
    free = os.statvfs(point).f_bavail * os.statvfs(point).f_frsize
    with open(filler, "wb") as stream:
        if free > leave:
            os.posix_fallocate(stream.fileno(), 0, free - leave)
    return filler


def settled(ledger: Path, before: State, *, ok: bool, stderr: str, count: int) -> None:
    """Whole, or nothing: a one-line error and everything as it was."""
    assert leftovers(ledger) == []
    if ok:
        assert commit_count(ledger) == count + 1
        assert state(ledger).status == before.status
    else:
        assert stderr.startswith("rec: error: ") and stderr.count("\n") == 1, stderr
        assert "Traceback" not in stderr
        assert state(ledger) == before


def trial(template: Path, point: Path, write: str, *, leave: int) -> str:
    """One write on a disk with `leave` bytes free: 'ok' or the error it gave."""
    shutil.rmtree(point / "ledger", ignore_errors=True)
    shutil.copytree(template, point, dirs_exist_ok=True, symlinks=True)
    ledger = point / "ledger"
    before, count = state(ledger), commit_count(ledger)
    filler = fill(point, leave=leave)
    result = rec(ledger, *command(ledger, write))
    filler.unlink()
    settled(ledger, before, ok=result.exit_code == 0, stderr=result.stderr, count=count)
    after = rec(ledger, "comment", "1", "with room again")
    assert after.exit_code == 0, after.output
    assert rec(ledger, "verify").exit_code == 0
    return "ok" if result.exit_code == 0 else result.stderr.strip()


@pytest.mark.parametrize("write", sorted(WRITES))
def test_full_disk_leaves_nothing_behind(tmpfs: Path, tmp_path: Path, write: str) -> None:
    """With 0 to 68 KiB free, a write succeeds whole or is refused leaving nothing."""
    template = _template(tmp_path)
    outcomes = [trial(template, tmpfs, write, leave=kib * 1024) for kib in FREE_KIB]
    assert outcomes[0] != "ok" and outcomes[-1] == "ok"
    print(f"\nfull disk, rec {write}: {outcomes.count('ok')} of {len(outcomes)} succeeded; "
          f"refused with: {sorted(set(outcomes) - {'ok'})}")  # fmt: skip


def test_no_inodes_left_leaves_nothing_behind(tmpfs: Path, tmp_path: Path) -> None:
    """With no inode to spare (and a few), a write succeeds whole or leaves nothing."""
    template = _template(tmp_path)
    outcomes = []
    for write in ("comment", "new"):
        for spare in FREE_INODES:
            shutil.rmtree(tmpfs / "ledger", ignore_errors=True)
            shutil.copytree(template, tmpfs, dirs_exist_ok=True, symlinks=True)
            ledger = tmpfs / "ledger"
            before, count = state(ledger), commit_count(ledger)
            stats = os.statvfs(tmpfs)
            used = stats.f_files - stats.f_ffree
            _mount("-o", f"remount,nr_inodes={used + spare}", str(tmpfs))
            result = rec(ledger, *command(ledger, write))
            _mount("-o", "remount,nr_inodes=4096", str(tmpfs))
            ok = result.exit_code == 0
            settled(ledger, before, ok=ok, stderr=result.stderr, count=count)
            assert rec(ledger, "comment", "1", "with inodes again").exit_code == 0
            outcomes.append("ok" if ok else result.stderr.strip())
    assert outcomes.count("ok") < len(outcomes)
    print(f"\nno inodes: {outcomes.count('ok')} of {len(outcomes)} succeeded")


# --- a git dir rec cannot write to ------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Makes a folder read-only: a read-only bind mount as root, else file permissions."""
    undo: list[Callable[[], None]] = []

    def make(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0o555)
            undo.append(lambda: folder.chmod(0o755))
            return
        try:
            _mount("--bind", str(folder), str(folder))
            _mount("-o", "remount,bind,ro", str(folder))
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            pytest.skip(f"cannot make a read-only bind mount here: {error}")
        undo.append(lambda: _umount(folder))

    yield make
    for action in reversed(undo):
        action()


READ_ONLY_WRITES = [
    ["comment", "1", "x"],
    ["status", "1", "being-progressed"],
    ["set", "1", "owner", "Kim"],
    ["new", "--title", "x"],
    ["evidence", "1", "--url", "https://x.example/a", "--sha256", "a" * 64],
    ["import", "csv", "{rows}"],
]


@pytest.mark.parametrize("args", READ_ONLY_WRITES, ids=lambda args: args[0])
def test_read_only_git_dir_is_reported_at_once(
    ledger_with_rec: Path, read_only: Callable[[Path], None], args: list[str]
) -> None:
    """A git dir that cannot be written: one line naming it, exit 1, no wait, no change."""
    rows = ledger_with_rec.parent / "rows.csv"
    rows.write_text("title,owner\nImported,Kim\n")
    before = state(ledger_with_rec)
    git_dir = ledger_with_rec / ".git"
    read_only(git_dir)
    started = time.monotonic()
    result = rec(ledger_with_rec, *[arg.format(rows=rows) for arg in args])
    assert time.monotonic() - started < 3
    assert result.exit_code == 1
    reason = os.strerror(errno.EROFS if os.geteuid() == 0 else errno.EACCES)
    said = f"cannot write to {git_dir} ({reason}): rec can read this ledger but not record in it"
    assert result.stderr.startswith("rec: error: ") and result.stderr.count("\n") == 1
    assert result.stderr.endswith(f"{said}\n")  # an import names the row that could not be
    assert rec(ledger_with_rec, "show", "1").exit_code == 0  # reads still work
    assert state(ledger_with_rec) == before


def test_object_store_not_writable_fails_cleanly(
    ledger_with_rec: Path, read_only: Callable[[Path], None]
) -> None:
    """git unable to store the commit's objects: git's reason, nothing changed."""
    if os.geteuid() != 0:
        pytest.skip("root ignores file permissions; a read-only bind mount needs root")
    before = state(ledger_with_rec)
    read_only(ledger_with_rec / ".git" / "objects")
    for args in (["comment", "1", "x"], ["new", "--title", "x"]):
        result = rec(ledger_with_rec, *args)
        assert result.exit_code == 1
        assert result.stderr.startswith("rec: error: git ") and result.stderr.count("\n") == 1
        assert leftovers(ledger_with_rec) == [] and state(ledger_with_rec) == before


def test_read_only_recommendations_folder_is_reported_at_once(
    ledger_with_rec: Path, read_only: Callable[[Path], None]
) -> None:
    """A `recs/` folder that cannot be written: named at once, nothing changed."""
    before = state(ledger_with_rec)
    recs = ledger_with_rec / "recs"
    read_only(recs)
    result = rec(ledger_with_rec, "comment", "1", "x")
    assert result.exit_code == 1
    reason = os.strerror(errno.EROFS if os.geteuid() == 0 else errno.EACCES)
    assert result.stderr == (
        f"rec: error: cannot write to {recs} ({reason}): rec can read this ledger but not "
        "record in it\n"
    )
    assert leftovers(ledger_with_rec) == [] and state(ledger_with_rec) == before
