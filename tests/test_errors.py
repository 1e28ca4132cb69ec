"""The error contract: one line on stderr, exit 1 (refused) or 2 (usage), ledger untouched."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from rectrack import errors
from tests.helpers import git, log_subjects, rec, snapshot


def test_every_error_is_a_rectrack_error_with_exit_code_1() -> None:
    """The exit-code table: every error of ours maps to 1; 2 is left to usage errors."""
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)
    ]
    assert len(classes) > 10
    for cls in classes:
        assert issubclass(cls, errors.RectrackError), cls
        assert cls.exit_code == 1, cls
        assert cls.__doc__, f"{cls.__name__} needs a one-line docstring"


def test_errors_build_their_message_from_keywords() -> None:
    """Messages come from keyword arguments, one line, no printing."""
    error = errors.UnknownRecommendation(rec_id=9)
    assert str(error) == "no recommendation 9 in this ledger (see `rec list`)"
    assert "\n" not in errors.NotInLedger(start="/x").message


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "9"], 1, "no recommendation 9"),
        (["comment", "9", "x"], 1, "no recommendation 9"),
        (["status", "9", "complete"], 1, "no recommendation 9"),
        (["comment", "../x", "x"], 1, "invalid recommendation ID '../x'"),
        (["show", "abc"], 1, "invalid recommendation ID 'abc'"),
        (["status", "1.5", "complete"], 1, "invalid recommendation ID '1.5'"),
        (["comment", "--", "-1", "x"], 1, "invalid recommendation ID '-1'"),
        (["comment", "-1", "x"], 2, "No such option: -1"),
        (["status", "1", "done"], 1, "unknown status 'done': valid statuses are awaiting-review, being-progressed, complete"),
        (["status", "1", "awaiting-review"], 1, "already in that status"),
        (["comment", "1", ""], 1, "the comment is empty"),
        (["comment", "1", "  \n "], 1, "the comment is empty"),
        (["status", "1", "complete", "--comment", ""], 1, "the comment is empty"),
        (["comment", "1", "x", "--date", "31st February 2017"], 1, "invalid date '31st February 2017'"),
        (["comment", "1", "x", "--date", "2017-02-29"], 1, "no such day"),
        (["show"], 2, "Missing argument"),
        (["frobnicate"], 2, "No such command"),
        (["list", "--status", "done"], 1, "unknown status 'done'"),
    ],
)  # fmt: skip
def test_refused_commands_print_one_line_and_change_nothing(
    ledger_with_rec: Path, args: list[str], code: int, message: str
) -> None:
    """Each listed mistake exits non-zero with one clear line and leaves the ledger as it was."""
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("rec: error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert snapshot(ledger_with_rec) == before


def test_uncommitted_changes_to_the_file_are_refused(ledger_with_rec: Path) -> None:
    """A hand edit not yet committed blocks writes to that file (and only that file)."""
    path = ledger_with_rec / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + b"# my notes\n")
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "comment", "1", "x")
    assert result.exit_code == 1
    assert "has uncommitted changes" in result.stderr and "recs/1.yaml" in result.stderr
    assert snapshot(ledger_with_rec) == before


def test_staged_changes_to_the_file_are_refused(ledger_with_rec: Path) -> None:
    """A staged edit of the recommendation file also blocks, so it is never swept into a commit."""
    path = ledger_with_rec / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + b"# staged notes\n")
    git(ledger_with_rec, "add", "recs/1.yaml")
    before = snapshot(ledger_with_rec)
    assert rec(ledger_with_rec, "status", "1", "complete").exit_code == 1
    assert snapshot(ledger_with_rec) == before


def test_user_staged_and_unstaged_work_elsewhere_is_left_alone(ledger_with_rec: Path) -> None:
    """Writes commit only their own file: the user's staged and unstaged files stay as they were."""
    (ledger_with_rec / "notes.md").write_text("draft\n")
    (ledger_with_rec / "agenda.md").write_text("item\n")
    git(ledger_with_rec, "add", "notes.md")
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + "# local tweak\n")
    status_before = git(ledger_with_rec, "status", "--porcelain")
    for args in (["comment", "1", "x"], ["status", "1", "complete"], ["set", "1", "owner", "B"],
                 ["new", "--title", "Another"]):  # fmt: skip
        result = rec(ledger_with_rec, *args)
        assert result.exit_code == 0, result.output
        changed = git(ledger_with_rec, "show", "--name-only", "--format=", "HEAD").split()
        assert all(name.startswith("recs/") for name in changed), changed
        assert git(ledger_with_rec, "status", "--porcelain") == status_before
    assert git(ledger_with_rec, "diff", "--cached", "--name-only").split() == ["notes.md"]


def test_no_identity_and_no_by_is_refused(ledger_with_rec: Path, tmp_path: Path) -> None:
    """Without a git identity a write needs --by; with --by it works."""
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("")
    env = {"GIT_CONFIG_GLOBAL": str(empty), "HOME": str(tmp_path / "nohome"), "EMAIL": ""}
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "comment", "1", "x", env=env)
    assert result.exit_code == 1, result.output
    if "no git identity" not in result.stderr:  # git may auto-detect an identity on some hosts
        pytest.skip("this host lets git auto-detect an identity")
    assert snapshot(ledger_with_rec) == before
    result = rec(ledger_with_rec, "comment", "1", "x", "--by", "Jo Densford", env=env)
    assert result.exit_code == 0, result.output
    assert git(ledger_with_rec, "log", "-1", "--format=%an").strip() == "Jo Densford"


def test_outside_a_ledger_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run outside any ledger, rec says so and points to `rec init`."""
    from typer.testing import CliRunner

    from rectrack.cli.main import app

    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 1
    assert "not inside a rectrack ledger" in result.stderr and "rec init" in result.stderr


def test_failed_commit_restores_the_file(ledger_with_rec: Path) -> None:
    """If git refuses the commit (a hook), the file is restored byte for byte and no commit is made."""
    hook = ledger_with_rec / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = snapshot(ledger_with_rec)
    subjects = log_subjects(ledger_with_rec)
    for args in (["comment", "1", "x"], ["new", "--title", "T"]):
        result = rec(ledger_with_rec, *args)
        assert result.exit_code == 1
        assert "git commit failed" in result.stderr and "policy says no" in result.stderr
        assert snapshot(ledger_with_rec) == before
        assert log_subjects(ledger_with_rec) == subjects
