"""The console script's typer-free fast path: same output, same errors, else typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rectrack.app import journal
from rectrack.app.ledger import find_ledger
from rectrack.cli.fast import parse
from rectrack.vcs import blobs, mergeconfig
from tests.helpers import git, log_subjects, new_rec, rec, snapshot

REC = str(Path(sys.executable).with_name("rec"))


def run_script(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `rec` console script, as a user runs it."""
    return subprocess.run([REC, *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["comment", "5", "hi"], ("comment", None, ["5", "hi"], {})),
        (["--ledger", "L", "comment", "5", "hi", "--by", "me"],
         ("comment", "L", ["5", "hi"], {"--by": "me"})),
        (["status", "5", "complete", "--comment", "done", "--date", "today"],
         ("status", None, ["5", "complete"], {"--comment": "done", "--date": "today"})),
        (["show", "5"], ("show", None, ["5"], {})),
        (["list"], ("list", None, [], {})),
    ],
)  # fmt: skip
def test_the_fast_shapes_are_recognised(argv: list[str], expected: object) -> None:
    """Literal arguments and the few known options take the fast path."""
    assert parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [], ["--help"], ["comment"], ["comment", "5"], ["comment", "5", "-"],
        ["comment", "5", "hi", "--help"], ["comment", "5", "hi", "--date=today"],
        ["comment", "5", "hi", "--by"], ["comment", "5", "hi", "--by", "a", "--by", "b"],
        ["comment", "5", "-x"], ["comment", "5", "hi", "extra"], ["comment", "--", "5", "hi"],
        ["status", "5", "complete", "--owner", "x"], ["show", "5", "--json"], ["list", "--open"],
        ["--ledger=L", "list"], ["--ledger", "--help"], ["new", "--title", "x"], ["log"],
    ],
)  # fmt: skip
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    """Help, stdin, editors, unknown options and other commands are left to typer."""
    assert parse(argv) is None


def test_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shell completion is typer's business even for a fast shape."""
    monkeypatch.setenv("_REC_COMPLETE", "bash_source")
    assert parse(["list"]) is None


def test_fast_writes_print_what_typer_prints(ledger_with_rec: Path) -> None:
    """`rec comment` and `rec status` through the script: typer's line, one commit each."""
    fast = run_script(ledger_with_rec, "comment", "1", "Force confirms", "--date", "2018-03-27")
    assert fast.returncode == 0, fast.stderr
    typer_result = rec(ledger_with_rec, "comment", "1", "Force confirms", "--date", "2018-03-27")
    assert fast.stdout.split(" [")[0] == typer_result.stdout.split(" [")[0]
    assert fast.stdout.strip().endswith("]") and fast.stderr == ""
    done = run_script(ledger_with_rec, "status", "1", "complete", "--comment", "Closed")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("rec 1: status awaiting-review -> complete [")
    assert log_subjects(ledger_with_rec)[:3] == [
        "rec 1: status awaiting-review -> complete",
        'rec 1: comment "Force confirms"',
        'rec 1: comment "Force confirms"',
    ]


def test_fast_reads_print_what_typer_prints(ledger_with_rec: Path) -> None:
    """`rec show ID` and `rec list` through the script: the same bytes as the typer CLI."""
    env = {**os.environ, "COLUMNS": "100"}
    for args in (["show", "1"], ["list"]):
        fast = subprocess.run([REC, *args], cwd=ledger_with_rec, capture_output=True, text=True,
                              env=env, check=False)  # fmt: skip
        assert fast.returncode == 0, fast.stderr
        assert fast.stdout == rec(ledger_with_rec, *args).stdout
        assert "\x1b" not in fast.stdout


def test_fast_errors_are_one_line_and_change_nothing(ledger_with_rec: Path) -> None:
    """A refused write says one line on stderr, exits 1 and leaves the ledger untouched."""
    before = snapshot(ledger_with_rec)
    for args, message in (
        (["comment", "9", "hi"], "rec: error: no recommendation 9"),
        (["status", "1", "nonsense"], "rec: error: unknown status 'nonsense'"),
        (["show", "9"], "rec: error: no recommendation 9"),
    ):
        result = run_script(ledger_with_rec, *args)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
        assert result.stderr == rec(ledger_with_rec, *args).stderr
    assert snapshot(ledger_with_rec) == before


def test_the_fallback_is_the_typer_cli(ledger: Path) -> None:
    """A shape the fast path does not take still works: `rec new` through the script."""
    result = run_script(ledger, "new", "--title", "Through typer")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1\n"
    assert new_rec(ledger, "--title", "Second") == 2


@pytest.mark.parametrize("args", [["list"], ["show", "1"], ["comment", "1", "hi"]])
def test_fast_path_prepares_the_ledger_like_typer(
    ledger_with_rec: Path, tmp_path: Path, args: list[str]
) -> None:
    """A plain clone gets the merge driver on its first fast command, as through typer."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(ledger_with_rec), str(clone))
    assert not mergeconfig.merge_driver_configured(clone / ".git")
    result = run_script(clone, *args)
    assert result.returncode == 0, result.stderr
    assert mergeconfig.merge_driver_configured(clone / ".git")


def test_fast_path_recovers_a_killed_write(ledger_with_rec: Path) -> None:
    """A write killed before its commit is settled by the next fast command, as via typer."""
    ledger = find_ledger(start=ledger_with_rec)
    path = ledger.rec_path(1)
    committed = path.read_bytes()
    half_done = committed + b"- date: 2020-01-01\n  by: me\n  comment: killed\n"
    marker = journal.marker_path(ledger)
    marker.parent.mkdir(parents=True, exist_ok=True)
    record = {"path": "recs/1.yaml", "new": blobs.blob_hash(half_done), "pid": 0}
    marker.write_text(json.dumps(record))
    path.write_bytes(half_done)
    result = run_script(ledger_with_rec, "list")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == committed
    assert not marker.exists()
    assert git(ledger_with_rec, "status", "--porcelain") == ""
