"""Due dates that remember: the original stays visible, every move needs a reason."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import git, new_rec, rec, snapshot


def show(ledger: Path, rec_id: int = 1) -> dict[str, object]:
    result = rec(ledger, "show", str(rec_id), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_first_due_date_needs_no_reason(ledger: Path) -> None:
    """Setting a due date on a recommendation without one is not a revision."""
    new_rec(ledger, "--title", "T")
    assert rec(ledger, "set", "1", "due", "2027-03-31").exit_code == 0
    data = show(ledger)
    assert (data["original_due"], data["due"], data["due_revisions"]) == (
        "2027-03-31",
        "2027-03-31",
        0,
    )


def test_moving_a_due_date_needs_a_reason(ledger_with_rec: Path) -> None:
    """Without --reason the move is refused, naming the current date, and nothing is written."""
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "set", "1", "due", "2018-04-30")
    assert result.exit_code == 1
    assert "already set (2017-09-30): say why with --reason" in result.stderr
    assert snapshot(ledger_with_rec) == before
    assert rec(ledger_with_rec, "set", "1", "due", "2018-04-30", "--reason", "  ").exit_code == 1


def test_moves_are_counted_and_the_original_kept(ledger_with_rec: Path) -> None:
    """Two moves: JSON shows the original, the current date and the count; show prints the history."""
    assert (
        rec(
            ledger_with_rec, "set", "1", "due", "2018-04-30", "--reason", "ROCU transfer slipped"
        ).exit_code
        == 0
    )
    assert (
        rec(ledger_with_rec, "set", "1", "due", "2018-09-30", "--reason", "New IT system").exit_code
        == 0
    )
    data = show(ledger_with_rec)
    assert (data["original_due"], data["due"], data["due_revisions"]) == (
        "2017-09-30",
        "2018-09-30",
        2,
    )
    text = rec(ledger_with_rec, "show", "1").stdout
    assert "originally 2017-09-30; moved 2 times" in text
    assert "2017-09-30 -> 2018-04-30: ROCU transfer slipped" in text
    assert "2018-04-30 -> 2018-09-30: New IT system" in text


def test_the_workflow_can_cap_revisions(ledger_with_rec: Path) -> None:
    """With max_due_revisions: 1, the second move is refused with an error naming the cap."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text().replace("# max_due_revisions: 3", "max_due_revisions: 1"))
    git(ledger_with_rec, "commit", "-qam", "cap due revisions")
    assert rec(ledger_with_rec, "set", "1", "due", "2018-04-30", "--reason", "slip").exit_code == 0
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "set", "1", "due", "2018-05-30", "--reason", "again")
    assert result.exit_code == 1
    assert "max_due_revisions at 1" in result.stderr
    assert snapshot(ledger_with_rec) == before


def test_list_slipped(ledger_with_rec: Path) -> None:
    """`rec list --slipped` shows only recommendations whose due date moved."""
    new_rec(ledger_with_rec, "--title", "Steady", "--due", "2030-01-01")
    rec(ledger_with_rec, "set", "1", "due", "2018-04-30", "--reason", "slip")
    items = json.loads(rec(ledger_with_rec, "list", "--slipped", "--json").stdout)
    assert [item["id"] for item in items] == [1]
