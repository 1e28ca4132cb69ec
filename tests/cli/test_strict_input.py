"""Strict input: fields, bounds, dates far off, nested ledgers, no editor without a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import git, log_subjects, rec, snapshot


def refused(ledger: Path, *args: str, code: int = 1) -> str:
    """Run a command that must be refused in one line, changing nothing; its message."""
    before = snapshot(ledger)
    result = rec(ledger, *args)
    assert result.exit_code == code, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert snapshot(ledger) == before
    return result.stderr


def test_declared_fields_can_be_set_and_unknown_ones_get_a_suggestion(
    ledger_with_rec: Path,
) -> None:
    """`fields:` in rectrack.yaml declares names `rec set` accepts; a typo is refused."""
    assert "did you mean force?" not in refused(ledger_with_rec, "set", "1", "forse", "kent")
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + "fields:\n- force\n")
    git(ledger_with_rec, "commit", "-qam", "declare force")
    assert "did you mean force?" in refused(ledger_with_rec, "set", "1", "forse", "kent")
    result = rec(ledger_with_rec, "set", "1", "force", "kent")
    assert result.exit_code == 0, result.output
    assert json.loads(rec(ledger_with_rec, "show", "1", "--json").stdout)["force"] == "kent"


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ("fields: force\n", "`fields` must be a list of field names"),
        ("fields:\n- Force\n", "`fields` must be a list of field names"),
        ("fields:\n- id\n- status\n", "`fields` may not declare id, status"),
    ],
)
def test_bad_field_declarations_are_refused(
    ledger_with_rec: Path, fields: str, problem: str
) -> None:
    """A `fields:` that is not a list of field names is a configuration error naming it."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + fields)
    git(ledger_with_rec, "commit", "-qam", "declare")
    assert problem in refused(ledger_with_rec, "set", "1", "owner", "X")


@pytest.mark.parametrize(
    "args",
    [
        ["remind", "--within", "3000000"],
        ["remind", "--within", "-1"],
        ["log", "--limit", "100000000000000000000"],
        ["log", "--limit", "0"],
    ],
)
def test_numbers_out_of_bounds_are_usage_errors(ledger_with_rec: Path, args: list[str]) -> None:
    """An absurd number is a usage error naming the option's range, not a traceback."""
    message = refused(ledger_with_rec, *args, code=2)
    assert "not in the range" in message or "is not a valid integer" in message


def test_remind_at_the_bound_works(ledger_with_rec: Path) -> None:
    """The largest --within (a century) is answered."""
    assert rec(ledger_with_rec, "remind", "--within", "36500").exit_code == 0


def test_init_inside_a_ledger_is_refused(ledger: Path) -> None:
    """`rec init recs` within a ledger would commit a second ledger into the first."""
    message = refused(ledger, "init", str(ledger / "recs"))
    assert f"is inside the rectrack ledger {ledger}" in message
    assert not (ledger / "recs" / "rectrack.yaml").exists()
    assert log_subjects(ledger) == ["rec: init ledger"]


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["stats"], ["export"]])
@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31"])
def test_as_recorded_before_any_commit_is_a_clear_error(
    ledger_with_rec: Path, command: list[str], day: str
) -> None:
    """A date before the ledger's first commit names the problem (it was a traceback)."""
    message = refused(ledger_with_rec, *command, "--as-recorded", day)
    assert f"the ledger has no commit on or before {day}" in message


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["stats"], ["export"]])
def test_as_recorded_far_ahead_is_the_ledger_now(ledger_with_rec: Path, command: list[str]) -> None:
    """9999-12-31 is after every commit: the ledger as committed now (it found none)."""
    result = rec(ledger_with_rec, *command, "--as-recorded", "9999-12-31")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("day", ["0001-01-01", "2001-01-01"])
def test_changes_since_before_the_first_commit_lists_everything(
    ledger_with_rec: Path, day: str
) -> None:
    """`rec changes --since` a day before the ledger existed: every recommendation is new."""
    result = rec(ledger_with_rec, "changes", "--since", day, "--format", "json")
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)
    assert change["id"] == 1 and change["new"] is True
    markdown = rec(ledger_with_rec, "changes", "--since", day).stdout
    assert "Since the start of the ledger: 1 new recommendation, 1 status change." in markdown


def test_as_at_far_off_dates_answer(ledger_with_rec: Path) -> None:
    """--as-at 0001-01-01 and 9999-12-31 give an answer, not a traceback."""
    early = rec(ledger_with_rec, "list", "--as-at", "0001-01-01")
    assert early.exit_code == 0 and "no recommendation had been raised by then" in early.stdout
    assert rec(ledger_with_rec, "show", "1", "--as-at", "9999-12-31").exit_code == 0
