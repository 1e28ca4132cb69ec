"""Many files in one commit, all or nothing: a batch interrupted at each step leaves the
ledger as it was (SIGKILL, Ctrl-C, a failing hook), and `rec verify` accepts the commit.

Real `rec` processes killed with real signals, in real git repositories.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rectrack.app import recovery
from tests.helpers import commit_count, git, rec, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import import_inputs  # a script folder (on sys.path above), not a package

REC = Path(sys.executable).parent / "rec"
PAGES = Path(__file__).resolve().parents[1] / "data" / "tracker-pages"
MARKER = Path(".git") / "rectrack" / "pending"


@pytest.fixture(autouse=True)
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "GRACE_SECONDS", 0.5)


def slow_hook(ledger: Path, seconds: float) -> None:
    """A pre-commit hook that holds the commit open, so a signal lands mid-write."""
    hook = ledger / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f"#!/bin/sh\nsleep {seconds}\n")
    hook.chmod(0o755)


def spawn_import(ledger: Path, *paths: Path) -> subprocess.Popen[bytes]:
    """`rec import tracker` as a user's shell runs it, in its own process group."""
    return subprocess.Popen(
        [str(REC), "import", "tracker", "--date", "2026-11-25", *map(str, paths)], cwd=ledger,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def wait_for(path: Path, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def settled(ledger: Path) -> None:
    """The next rec settles whatever was left; the ledger then verifies and is clean."""
    listed = rec(ledger, "list")
    assert listed.exit_code == 0, listed.output
    assert not (ledger / MARKER).exists()
    assert git(ledger, "status", "--porcelain", "--untracked-files=all") == ""
    verified = rec(ledger, "verify")
    assert verified.exit_code == 0, verified.output


def test_one_commit_touching_many_files_is_verified(ledger_with_rec: Path) -> None:
    """New files and an appended one in one commit: `rec verify` accepts it."""
    text = (PAGES / "kent_8712.txt").read_text()
    assert rec(ledger_with_rec, "import", "tracker", str(PAGES)).exit_code == 0
    grown = ledger_with_rec.parent / "kent_8712.txt"
    grown.write_text(text + "[on]1st May 2019 [comment]Checked again.[/comment][/on]")
    result = rec(ledger_with_rec, "import", "tracker", str(grown))
    assert result.exit_code == 0, result.output
    assert git(ledger_with_rec, "show", "--format=", "--name-only", "HEAD").split() == ["recs/4.yaml"]  # fmt: skip
    settled(ledger_with_rec)


@pytest.mark.parametrize("grow", [False, True], ids=["new files", "new and appended files"])
def test_killed_while_committing_leaves_the_ledger_as_it_was(
    ledger_with_rec: Path, tmp_path: Path, grow: bool
) -> None:
    """SIGKILL during `git commit` (files written, added, the marker down): the next rec
    removes the new files, cuts the grown one back and resets the index."""
    if grow:
        cut = (PAGES / "kent_8712.txt").read_text()
        page = tmp_path / "kent_8712.txt"
        page.write_text(cut[: cut.index("[on]4th April 2018 [comment]")])
        assert rec(ledger_with_rec, "import", "tracker", str(page)).exit_code == 0
    before = snapshot(ledger_with_rec)
    slow_hook(ledger_with_rec, 30)
    process = spawn_import(ledger_with_rec, PAGES)
    wait_for(ledger_with_rec / ".git" / "index.lock", process)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert (ledger_with_rec / MARKER).exists()
    assert len(list((ledger_with_rec / "recs").glob("*.yaml"))) > 2  # the batch was on disk
    (ledger_with_rec / ".git" / "hooks" / "pre-commit").unlink()
    settled(ledger_with_rec)
    assert snapshot(ledger_with_rec) == before
    assert rec(ledger_with_rec, "import", "tracker", str(PAGES)).exit_code == 0


def test_killed_after_the_commit_keeps_it(ledger_with_rec: Path) -> None:
    """A marker left after the commit was made: nothing is undone."""
    assert rec(ledger_with_rec, "import", "tracker", str(PAGES)).exit_code == 0
    head = git(ledger_with_rec, "rev-parse", "HEAD")
    files = sorted(str(p.relative_to(ledger_with_rec)) for p in (ledger_with_rec / "recs").glob("*"))  # fmt: skip
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    entries = [{"path": name, "new": git(ledger_with_rec, "hash-object", name).strip(),
                "old": None, "keep": None} for name in files[1:]]  # fmt: skip
    marker = ledger_with_rec / MARKER
    marker.parent.mkdir(exist_ok=True)
    marker.write_text(json.dumps({"files": entries, "pid": dead}))
    settled(ledger_with_rec)
    assert git(ledger_with_rec, "rev-parse", "HEAD") == head
    assert len(list((ledger_with_rec / "recs").glob("*.yaml"))) == 8


def test_a_file_changed_since_the_kill_is_left_alone(ledger_with_rec: Path) -> None:
    """Recovery only undoes bytes it can prove the batch wrote."""
    path = ledger_with_rec / "recs" / "2.yaml"
    path.write_text("title: someone else's\nevents: []\n")
    marker = ledger_with_rec / MARKER
    marker.parent.mkdir(exist_ok=True)
    marker.write_text(
        '{"files": [{"path": "recs/2.yaml", "new": "' + "0" * 40 + '", "old": null, "keep": null}],'
        ' "pid": 4206649}'
    )
    assert rec(ledger_with_rec, "list").exit_code == 0
    assert path.read_text() == "title: someone else's\nevents: []\n"
    assert not marker.exists()


def test_ctrl_c_while_committing_puts_everything_back(ledger_with_rec: Path) -> None:
    """SIGINT to the whole process group (a terminal's Ctrl-C, which stops git and its hook
    too): rec stops with an error, the ledger as it was, no marker left."""
    before, index = snapshot(ledger_with_rec), git(ledger_with_rec, "ls-files", "-s")
    slow_hook(ledger_with_rec, 30)
    process = spawn_import(ledger_with_rec, PAGES)
    wait_for(ledger_with_rec / ".git" / "index.lock", process)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=60)
    # 130 when Python sees the interrupt first (typer's code for it), 1 when git's failure
    # reaches rec first (`git commit failed`): either way, nothing is left.
    assert process.returncode in (1, 130)
    assert not (ledger_with_rec / MARKER).exists()
    assert snapshot(ledger_with_rec) == before
    assert git(ledger_with_rec, "ls-files", "-s") == index


@pytest.mark.reliability
def test_sigkill_at_random_moments_of_a_1000_page_import(ledger: Path, tmp_path: Path) -> None:
    """A 1,000-page import killed at random points, reading, writing or committing: each time
    the next rec leaves either the ledger before it or the whole import, never a part."""
    pages = tmp_path / "pages"
    import_inputs.write_pages(pages, count=1000, seed=7)
    rng = random.Random(11)
    base = commit_count(ledger)
    outcomes = []
    for attempt in range(6):
        process = spawn_import(ledger, pages)
        if attempt % 2:
            wait_for(ledger / MARKER, process)  # while the batch is being written
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            time.sleep(rng.uniform(0.2, 2.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        settled(ledger)
        count = len(list((ledger / "recs").glob("*.yaml")))
        assert (commit_count(ledger), count) in ((base, 0), (base + 1, 1000))
        outcomes.append(count)
        if count:
            break
    result = rec(ledger, "import", "tracker", str(pages))
    assert result.exit_code == 0, result.output
    assert len(list((ledger / "recs").glob("*.yaml"))) == 1000
    assert commit_count(ledger) == base + 1
    print(f"\nreliability: kills of a 1,000-page import left {outcomes} files each time")
