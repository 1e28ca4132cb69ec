"""`rec amend` and `rec retract`: corrections appended as events, the record kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import added_lines_only, git, log_subjects, rec, snapshot


@pytest.fixture
def corrected(ledger_with_rec: Path) -> Path:
    """Rec 1: 1 status, 2 a comment with a typo, 3 a comment on the wrong rec, 4 a wrong owner."""
    for args in (
        ("comment", "1", "Tmplate agreed", "--date", "2017-03-04"),
        ("comment", "1", "Meant for another recommendation"),
        ("set", "1", "owner", "Wrong Person"),
    ):
        result = rec(ledger_with_rec, *args)
        assert result.exit_code == 0, result.output
    return ledger_with_rec


def shown(ledger: Path, *args: str) -> str:
    result = rec(ledger, "show", "1", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(ledger: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(shown(ledger, "--json"))
    return data


def test_amend_appends_one_event_in_one_commit(corrected: Path) -> None:
    """`rec amend 1 2 TEXT` appends an `amend: 2` event; no earlier line changes."""
    result = rec(corrected, "amend", "1", "2", "Template agreed")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('rec 1: amend event 2 "Template agreed" [')
    assert log_subjects(corrected)[0] == 'rec 1: amend event 2 "Template agreed"'
    added = added_lines_only(corrected)
    assert "+  amend: 2" in added and "+  text: Template agreed" in added
    assert "Template agreed" in shown(corrected) and "Tmplate" not in shown(corrected)
    assert "(amended " in shown(corrected)


def test_show_history_gives_the_original_and_each_correction(corrected: Path) -> None:
    """--history shows every event as recorded: the original text and the amendment itself."""
    rec(corrected, "amend", "1", "2", "Template agreed")
    history = shown(corrected, "--history")
    assert "Tmplate agreed" in history
    assert "5  " in history and "amended event 2" in history
    assert "--history" in shown(corrected)  # the plain view says how to see the record


def test_retract_marks_the_event_withdrawn_and_it_no_longer_counts(corrected: Path) -> None:
    """A withdrawn comment is marked with its reason and not searched; a withdrawn owner
    change no longer changes the owner."""
    for number, reason in (("3", "Posted on the wrong recommendation"), ("4", "Wrong owner")):
        result = rec(corrected, "retract", "1", number, "--reason", reason)
        assert result.exit_code == 0, result.output
    text = shown(corrected)
    assert "withdrawn " in text and "Posted on the wrong recommendation" in text
    data = as_json(corrected)
    assert data["owner"] == "DCI Smith"
    events = data["events"]
    assert isinstance(events, list)
    assert events[2]["withdrawn_reason"] == "Posted on the wrong recommendation"
    assert events[2]["withdrawn_in"] == 5
    grep = rec(corrected, "list", "--grep", "another recommendation", "--json")
    assert json.loads(grep.stdout) == []
    assert rec(corrected, "verify").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["retract", "1", "1", "--reason", "x"], "cannot withdraw event 1 of recommendation 1: event 1 is a status change: a status is corrected by a new status change"),
        (["amend", "1", "4", "x"], "only a comment's text can be amended, and event 4 is a field change"),
        (["amend", "1", "9", "x"], "there is no event 9 before it"),
        (["amend", "1", "0", "x"], "events are numbered from 1"),
        (["amend", "1", "1e9", "x"], "events are numbered from 1"),
        (["amend", "1", "2", " "], "the comment is empty"),
        (["retract", "1", "2", "--reason", ""], "say why with --reason TEXT"),
        (["amend", "1", "2", "x", "--date", "2017-03-03"], "event 2 is dated 2017-03-04, and a correction cannot come before what it corrects"),
        (["amend", "9", "2", "x"], "no recommendation 9"),
    ],
)  # fmt: skip
def test_refused_corrections_change_nothing(corrected: Path, args: list[str], message: str) -> None:
    """What may not be corrected is refused with the reason, in one line; nothing changes."""
    before = snapshot(corrected)
    result = rec(corrected, *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(corrected) == before


def test_a_withdrawal_is_final(corrected: Path) -> None:
    """Withdrawing a withdrawal is refused (record the event again instead)."""
    assert rec(corrected, "retract", "1", "3", "--reason", "wrong rec").exit_code == 0
    result = rec(corrected, "retract", "1", "5", "--reason", "oops")
    assert result.exit_code == 1
    assert "is a withdrawal, which is final: record the event again instead" in result.stderr


def test_withdrawn_evidence_no_longer_satisfies_requires_evidence(tmp_path: Path) -> None:
    """In the audit workflow, `verified` needs evidence that has not been withdrawn."""
    root = tmp_path / "audit"
    assert rec(root, "init", str(root), "--workflow", "audit").exit_code == 0
    assert rec(root, "new", "--title", "T").exit_code == 0
    (tmp_path / "proof.txt").write_text("proof\n")
    assert rec(root, "evidence", "1", str(tmp_path / "proof.txt")).exit_code == 0
    assert rec(root, "retract", "1", "2", "--reason", "the wrong file").exit_code == 0
    git(root, "config", "user.email", "other@example.org")
    assert rec(root, "status", "1", "implemented").exit_code == 0
    git(root, "config", "user.email", "third@example.org")
    result = rec(root, "status", "1", "verified")
    assert result.exit_code == 1
    assert "requires evidence first" in result.stderr


def test_verify_reports_a_hand_written_withdrawal_of_a_status(corrected: Path) -> None:
    """A correction verify may not accept (written by hand) is a violation naming it."""
    path = corrected / "recs" / "1.yaml"
    with path.open("a") as stream:
        stream.write("- date: 2017-03-05\n  by: Someone\n  retract: 1\n  reason: undo\n")
    git(corrected, "commit", "-qam", "by hand")
    result = rec(corrected, "verify")
    assert result.exit_code == 1
    assert "event 5: a correction that may not be made: event 1 is a status change" in result.stdout
    assert as_json(corrected)["status"] == "awaiting-review"  # it changes nothing


def test_a_withdrawn_recommendation_is_closed_by_status(tmp_path: Path) -> None:
    """A recommendation entered twice is set to `withdrawn` (final), never deleted."""
    root = tmp_path / "l"
    assert rec(root, "init", str(root)).exit_code == 0
    assert rec(root, "new", "--title", "Entered twice").exit_code == 0
    result = rec(root, "status", "1", "withdrawn", "--comment", "Duplicate of 2")
    assert result.exit_code == 0, result.output
    assert json.loads(rec(root, "list", "--json").stdout)[0]["status"] == "withdrawn"
    assert json.loads(rec(root, "list", "--open", "--json").stdout) == []
    assert (root / "recs" / "1.yaml").is_file()
