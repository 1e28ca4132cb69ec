"""The reliability suite: real `rec` processes racing, killed, and merged across clones.

Run alone with `pytest -m reliability -s` to see the figures docs/reliability.md quotes.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.app import recovery
from rectrack.store import recfile
from tests.helpers import AUTHOR_B, commit_count, git, rec

pytestmark = pytest.mark.reliability

REC = Path(sys.executable).parent / "rec"
WRITERS = 12
WRITES_EACH = 2
KILLS = 24
GROUP_KILLS = 40
SYNC_ROUNDS = 4


def figure(text: str) -> None:
    print(f"\nreliability: {text}")


def spawn(ledger: Path, *args: str, session: bool = False) -> subprocess.Popen[bytes]:
    """The installed console script, as a user's shell would run it."""
    return subprocess.Popen(
        [str(REC), *args], cwd=ledger, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=session,
    )  # fmt: skip


def spawn_shell(ledger: Path, script: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["sh", "-c", script], cwd=ledger, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def texts(ledger: Path, rec_id: int) -> list[str]:
    rec_ = recfile.read_recommendation(ledger / "recs" / f"{rec_id}.yaml", rec_id=rec_id)
    return [str(getattr(event, "text", "")) for event in rec_.events]


def assert_verified(ledger: Path) -> None:
    result = rec(ledger, "verify")
    assert result.exit_code == 0, result.output
    assert git(ledger, "status", "--porcelain") == ""


def test_parallel_writers_all_succeed_once_each(ledger_with_rec: Path) -> None:
    """Twelve `rec` processes writing at once all succeed; every event is committed once."""
    assert rec(ledger_with_rec, "new", "--title", "Second").exit_code == 0
    before = commit_count(ledger_with_rec)
    started = time.monotonic()
    processes = []
    for writer in range(WRITERS):
        script = " && ".join(
            f"{REC} comment {1 + (writer + n) % 2} 'writer {writer} note {n}'"
            for n in range(WRITES_EACH)
        )
        if writer % 4 == 0:
            script += f" && {REC} new --title 'new from writer {writer}'"
        processes.append(spawn_shell(ledger_with_rec, script))
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    news = len(range(0, WRITERS, 4))
    writes = WRITERS * WRITES_EACH + news
    assert commit_count(ledger_with_rec) == before + writes
    notes = texts(ledger_with_rec, 1) + texts(ledger_with_rec, 2)
    for writer in range(WRITERS):
        for n in range(WRITES_EACH):
            assert notes.count(f"writer {writer} note {n}") == 1
    assert sorted(int(p.stem) for p in (ledger_with_rec / "recs").glob("*.yaml")) == list(
        range(1, 3 + news)
    )
    assert_verified(ledger_with_rec)
    figure(f"{WRITERS} parallel writers, {writes} writes in {time.monotonic() - started:.1f} s")


def test_kill_minus_nine_at_random_moments(
    ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rec` killed at random points of a write never leaves a ledger the next rec can't use."""
    monkeypatch.setattr(recovery, "GRACE_SECONDS", 1.0)  # the slow hook below takes 0.3 s
    rng = random.Random(4)
    mid_write = 0
    marker = ledger_with_rec / ".git" / "rectrack" / "pending"
    hook = ledger_with_rec / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    for kill in range(KILLS):
        # A slow hook half of the time widens the gap between the file write and the
        # commit, so kills land there too; the rest land anywhere in a normal write.
        slow = kill % 2 == 0
        hook.write_text("#!/bin/sh\nsleep 0.3\n" if slow else "#!/bin/sh\n")
        hook.chmod(0o755)
        whole_group = kill % 3 == 0  # sometimes the git child dies too (index.lock left)
        process = spawn(ledger_with_rec, "comment", "1", f"killed {kill}", session=whole_group)
        time.sleep(rng.uniform(0.1, 0.45) if slow else rng.uniform(0.0, 0.25))
        if whole_group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        mid_write += marker.exists()
        result = rec(ledger_with_rec, "comment", "1", f"after {kill}")
        assert result.exit_code == 0, result.output
    notes = texts(ledger_with_rec, 1)
    for kill in range(KILLS):
        assert notes.count(f"after {kill}") == 1
        assert notes.count(f"killed {kill}") <= 1
    assert_verified(ledger_with_rec)
    survived = sum(note.startswith("killed") for note in notes)
    figure(f"{KILLS} kills: {mid_write} mid-write (marker left), {survived} committed before")


def test_group_kills_never_leave_a_lock_that_blocks_writes(
    ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rec` and its git killed together at any moment: the next write works at once.

    However early the kill (during the pre-check's `git status` too), no lock rectrack's
    own git took is left for later writes to wait 30 s on and fail.
    """
    monkeypatch.setattr(recovery, "GRACE_SECONDS", 1.0)
    rng = random.Random(10)
    index_lock = ledger_with_rec / ".git" / "index.lock"
    marker = ledger_with_rec / ".git" / "rectrack" / "pending"
    locks_left = mid_write = slowest = 0.0
    started = time.monotonic()
    spawn(ledger_with_rec, "comment", "1", "timed").communicate()
    duration = time.monotonic() - started  # kills spread over a whole write, start to end
    for kill in range(GROUP_KILLS):
        args = ["comment", "1", f"killed {kill}"] if kill % 4 else ["new", "--title", f"k{kill}"]
        process = spawn(ledger_with_rec, *args, session=True)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        locks_left += index_lock.exists()
        mid_write += marker.exists()
        started = time.monotonic()
        result = rec(ledger_with_rec, "comment", "1", f"after {kill}")
        slowest = max(slowest, time.monotonic() - started)
        assert result.exit_code == 0, result.output
        assert not index_lock.exists()
    assert slowest < 10
    assert_verified(ledger_with_rec)
    committed = sum(note.startswith("killed") for note in texts(ledger_with_rec, 1))
    figure(
        f"{GROUP_KILLS} group kills: {mid_write:.0f} mid-write, {committed} committed before "
        f"the kill, {locks_left:.0f} left index.lock (cleared by the next rec); slowest "
        f"next write {slowest:.1f} s"
    )


def test_two_clones_syncing_keep_every_event(ledger_with_rec: Path, tmp_path: Path) -> None:
    """Two clones appending to one recommendation and syncing in turn end with every event."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(ledger_with_rec, "remote", "add", "origin", str(remote))
    assert rec(ledger_with_rec, "sync").exit_code == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    git(other, "config", "user.name", AUTHOR_B[0])
    clones = {"A": ledger_with_rec, "B": other}
    rng = random.Random(7)
    written: list[str] = []
    for round_ in range(SYNC_ROUNDS):
        for name, clone in clones.items():
            for n in range(2):
                text = f"{name} round {round_} note {n}"
                day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(30))
                assert rec(clone, "comment", "1", text, "--date", day.isoformat()).exit_code == 0
                written.append(text)
        for name in rng.sample(sorted(clones), 2):
            result = rec(clones[name], "sync")
            assert result.exit_code == 0, result.output
    assert rec(clones["A"], "sync").exit_code == 0
    a_bytes = (clones["A"] / "recs" / "1.yaml").read_bytes()
    assert a_bytes == (clones["B"] / "recs" / "1.yaml").read_bytes()
    notes = texts(clones["A"], 1)
    assert sorted(note for note in notes if " round " in note) == sorted(written)
    merges = int(git(clones["A"], "rev-list", "--merges", "--count", "HEAD").strip())
    for clone in clones.values():
        assert_verified(clone)
    figure(f"2 clones x {SYNC_ROUNDS} rounds: {len(written)} events, {merges} merge commits")


appends = st.lists(
    st.tuples(st.sampled_from("AB"), st.integers(min_value=0, max_value=20)),
    min_size=1, max_size=6,
)  # fmt: skip


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=appends)
def test_real_git_merges_of_random_appends(plan: list[tuple[str, int]], tmp_path: Path) -> None:
    """Random appends on two branches, merged by git with rec's driver, keep every event."""
    root = tmp_path / f"prop{time.monotonic_ns()}"
    assert rec(root, "init", str(root)).exit_code == 0
    assert rec(root, "new", "--title", "P", "--date", "2020-01-01").exit_code == 0
    git(root, "branch", "other")
    expected = []
    for number, (side, day) in enumerate(plan):
        git(root, "checkout", "-q", "main" if side == "A" else "other")
        date = (dt.date(2020, 1, 1) + dt.timedelta(days=day)).isoformat()
        assert rec(root, "comment", "1", f"{side}{number}", "--date", date).exit_code == 0
        expected.append(f"{side}{number}")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "other")
    assert sorted(note for note in texts(root, 1) if note) == sorted(expected)
    assert_verified(root)
