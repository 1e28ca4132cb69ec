"""The merge driver's saved command: portable across users, registered again when it cannot run."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from rectrack.vcs import mergeconfig
from tests.helpers import git, rec

VENV_BIN = Path(sys.executable).parent
INTERPRETER_COMMAND = f"{sys.executable} -m rectrack merge-driver %O %A %B %P"


def git_only_path() -> str:
    """A PATH with git (and the shell tools git needs) but no `rec`."""
    folder = Path(shutil.which("git") or "/usr/bin/git").parent
    assert not (folder / "rec").exists()
    return str(folder)


@pytest.fixture
def rec_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """rectrack's own `rec` console script is on PATH, as for a user who installed it."""
    monkeypatch.setenv("PATH", f"{VENV_BIN}{os.pathsep}{git_only_path()}")


@pytest.fixture
def no_rec_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", git_only_path())


def driver(ledger: Path) -> str:
    return git(ledger, "config", "merge.rectrack.driver").strip()


def test_the_command_is_portable_when_rectrack_is_on_path(
    rec_on_path: None, tmp_path: Path
) -> None:
    """With `rec` on PATH the saved command names no one's virtualenv."""
    root = tmp_path / "shared"
    assert rec(root, "init", str(root)).exit_code == 0
    assert driver(root) == "rec merge-driver %O %A %B %P"


def test_without_rec_on_path_the_interpreter_is_saved(no_rec_on_path: None, tmp_path: Path) -> None:
    """No `rec` on PATH: this interpreter, so git can still run the driver."""
    root = tmp_path / "private"
    assert rec(root, "init", str(root)).exit_code == 0
    assert driver(root) == INTERPRETER_COMMAND


def test_another_programs_rec_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sox installs a `rec` too: only rectrack's console script counts as `rec`."""
    tools = tmp_path / "sox"
    tools.mkdir()
    (tools / "rec").write_text("#!/bin/sh\necho recording audio\n")
    (tools / "rec").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{git_only_path()}")
    assert mergeconfig.merge_driver_command() == INTERPRETER_COMMAND
    root = tmp_path / "l"
    assert rec(root, "init", str(root)).exit_code == 0
    git(root, "config", "merge.rectrack.driver", "rec merge-driver %O %A %B %P")
    assert not mergeconfig.merge_driver_configured(root / ".git")


def test_a_shared_ledger_replaces_another_users_interpreter(
    rec_on_path: None, ledger_with_rec: Path
) -> None:
    """The first `rec` of a second user replaces a path into the first user's virtualenv, and
    a real `git merge` then runs the portable command."""
    git(ledger_with_rec, "config", "merge.rectrack.driver",
        "/home/first-user/.venv/bin/python -m rectrack merge-driver %O %A %B %P")  # fmt: skip
    assert not mergeconfig.merge_driver_configured(ledger_with_rec / ".git")
    assert rec(ledger_with_rec, "list").exit_code == 0
    assert driver(ledger_with_rec) == "rec merge-driver %O %A %B %P"
    git(ledger_with_rec, "checkout", "-qb", "theirs")
    assert rec(ledger_with_rec, "comment", "1", "theirs", "--date", "2017-03-05").exit_code == 0
    git(ledger_with_rec, "checkout", "-q", "main")
    assert rec(ledger_with_rec, "comment", "1", "ours", "--date", "2017-03-04").exit_code == 0
    git(ledger_with_rec, "merge", "--no-edit", "theirs")
    assert "ours" in (ledger_with_rec / "recs" / "1.yaml").read_text()
    assert "theirs" in (ledger_with_rec / "recs" / "1.yaml").read_text()
    assert rec(ledger_with_rec, "verify").exit_code == 0


def test_a_program_this_user_cannot_run_is_replaced(no_rec_on_path: None, ledger: Path) -> None:
    """An interpreter that exists but may not be run (another user's folder) is replaced."""
    locked = ledger.parent / "their-python"
    locked.write_text("not for you\n")
    locked.chmod(0o600)
    git(ledger, "config", "merge.rectrack.driver", f"{locked} -m rectrack merge-driver %O %A %B %P")
    assert not mergeconfig.merge_driver_configured(ledger / ".git")
    assert rec(ledger, "list").exit_code == 0
    assert driver(ledger) == INTERPRETER_COMMAND


def test_portable_command_without_rec_on_path_is_replaced(
    no_rec_on_path: None, ledger: Path
) -> None:
    """A user without `rec` on PATH cannot run `rec merge-driver`: they get the interpreter."""
    git(ledger, "config", "merge.rectrack.driver", "rec merge-driver %O %A %B %P")
    assert not mergeconfig.merge_driver_configured(ledger / ".git")
    assert rec(ledger, "list").exit_code == 0
    assert driver(ledger) == INTERPRETER_COMMAND
