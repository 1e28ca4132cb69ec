"""No false alarms after `git pull --rebase` or `git cherry-pick` of rectrack's own commits:
the merge driver appends replayed events after the ones already there (real clones)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.helpers import AUTHOR_B, git, rec

TRIALS = 12


def ok(ledger: Path, *args: str) -> None:
    result = rec(ledger, *args)
    assert result.exit_code == 0, result.output


def texts(ledger: Path, rec_id: int) -> list[str]:
    shown = json.loads(rec(ledger, "show", str(rec_id), "--json").stdout)
    return [event.get("text", event.get("status", "")) for event in shown["events"]]


@pytest.fixture
def pair(ledger_with_rec: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two clones (Alex's, Blair's) of one bare remote holding recommendations 1 and 2."""
    ok(ledger_with_rec, "new", "--title", "Second", "--date", "2017-03-04")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(ledger_with_rec), str(remote))
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        git(tmp_path, "clone", "-q", str(remote), str(clone))
    git(b, "config", "user.name", AUTHOR_B[0])
    git(b, "config", "user.email", AUTHOR_B[1])
    return a, b


def random_appends(ledger: Path, rng: random.Random, tag: str) -> list[str]:
    """1-3 comments on recommendation 1 or 2, dated anywhere in 2019 (often before the
    other clone's): what concurrent work looks like."""
    made = []
    for number in range(rng.randint(1, 3)):
        text = f"{tag} {number}"
        day = f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        ok(ledger, "comment", str(rng.choice((1, 2))), text, "--date", day)
        made.append(text)
    return made


@pytest.mark.parametrize("seed", range(TRIALS))
def test_concurrent_appends_then_pull_rebase_verify(pair: tuple[Path, Path], seed: int) -> None:
    """A pushes, B `git pull --rebase`s and pushes, A pulls: every event once, both verify."""
    a, b = pair
    rng = random.Random(seed)
    made = random_appends(a, rng, "A") + random_appends(b, rng, "B")
    git(a, "push", "-q", "origin", "main")
    git(b, "pull", "-q", "--rebase", "origin", "main")
    git(b, "push", "-q", "origin", "main")
    git(a, "pull", "-q", "--rebase", "origin", "main")
    for clone in (a, b):
        result = rec(clone, "verify")
        assert result.exit_code == 0, result.output
    assert (a / "recs/1.yaml").read_bytes() == (b / "recs/1.yaml").read_bytes()
    found = texts(a, 1) + texts(a, 2)
    assert sorted(t for t in found if t in made) == sorted(made)


def test_a_rebased_commit_appends_after_the_upstreams_events(pair: tuple[Path, Path]) -> None:
    """B's older-dated comment lands after A's newer one, in the order of the pushes."""
    a, b = pair
    ok(a, "comment", "1", "A, newer", "--date", "2019-06-01")
    ok(b, "comment", "1", "B, older", "--date", "2019-01-01")
    git(a, "push", "-q", "origin", "main")
    git(b, "pull", "-q", "--rebase", "origin", "main")
    assert texts(b, 1)[-2:] == ["A, newer", "B, older"]
    assert rec(b, "verify").exit_code == 0


def test_cherry_pick_of_an_older_event_appends(ledger_with_rec: Path) -> None:
    """Cherry-picking a side branch's older comment onto main appends it: verify passes."""
    git(ledger_with_rec, "checkout", "-q", "-b", "side")
    ok(ledger_with_rec, "comment", "1", "on the side", "--date", "2018-01-01")
    ok(ledger_with_rec, "comment", "1", "side again", "--date", "2018-02-01")
    git(ledger_with_rec, "checkout", "-q", "main")
    ok(ledger_with_rec, "comment", "1", "on main", "--date", "2019-01-01")
    git(ledger_with_rec, "cherry-pick", "side~1", "side")
    assert texts(ledger_with_rec, 1)[1:] == ["on main", "on the side", "side again"]
    result = rec(ledger_with_rec, "verify")
    assert result.exit_code == 0, result.output
    git(ledger_with_rec, "merge", "-q", "--no-edit", "side")  # and merging the branch later
    result = rec(ledger_with_rec, "verify")
    assert result.exit_code == 0, result.output


def test_an_older_rectracks_rebase_is_named_and_can_be_accepted(ledger_with_rec: Path) -> None:
    """A history where a replayed event was sorted in by date is said to be a re-ordering,
    not a tamper; an entry in .rectrack/accepted settles it."""
    ok(ledger_with_rec, "comment", "1", "upstream", "--date", "2019-06-01")
    path = ledger_with_rec / "recs/1.yaml"
    data = path.read_bytes()
    at = data.index(b"- date: 2019-06-01")
    path.write_bytes(
        data[:at] + b"- date: 2019-01-01\n  by: Blair\n  comment: replayed\n" + data[at:]
    )
    git(ledger_with_rec, "commit", "-qam", "rec 1: comment (rebased by rectrack 0.1)")
    sha = git(ledger_with_rec, "rev-parse", "HEAD").strip()
    result = rec(ledger_with_rec, "verify", "--json")
    [violation] = json.loads(result.stdout)["violations"]
    assert violation["problem"].startswith(
        "1 event(s) inserted before event 2, none edited or removed, in the date order an older "
        "rectrack gave a `git pull --rebase` or `git cherry-pick`: a re-ordering of events "
        "recorded elsewhere, not a tamper"
    )
    accepted = ledger_with_rec / ".rectrack/accepted"
    accepted.parent.mkdir()
    accepted.write_text(
        f"- commit: {sha}\n  rec: 1\n  problems:\n  - {json.dumps(violation['problem'])}\n"
        "  why: Blair's pull --rebase with rectrack 0.1; her comment is the one she made.\n"
        "  by: Alex Auditor\n"
    )
    git(ledger_with_rec, "add", ".rectrack/accepted")
    git(ledger_with_rec, "commit", "-qm", "Accept the old rebase")
    result = rec(ledger_with_rec, "verify")
    assert result.exit_code == 0, result.output
    assert "accepted: recommendation 1, commit" in result.stdout
    assert "rules changed: commit" in result.stdout and ".rectrack/accepted" in result.stdout


def test_an_insert_out_of_date_order_stays_a_plain_insert(ledger_with_rec: Path) -> None:
    """An event inserted where no date order would put it is not excused as a re-ordering."""
    ok(ledger_with_rec, "comment", "1", "upstream", "--date", "2019-06-01")
    path = ledger_with_rec / "recs/1.yaml"
    data = path.read_bytes()
    at = data.index(b"- date: 2019-06-01")
    path.write_bytes(data[:at] + b"- date: 2020-01-01\n  by: X\n  status: complete\n" + data[at:])
    git(ledger_with_rec, "commit", "-qam", "backdated sign-off")
    result = rec(ledger_with_rec, "verify", "--json")
    problems = [v["problem"] for v in json.loads(result.stdout)["violations"]]
    assert problems == ["1 event(s) inserted before event 2"]
