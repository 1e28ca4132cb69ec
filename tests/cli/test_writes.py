"""The write commands: init, new, comment, status, set; one commit each, append-only."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    added_lines_only,
    commit_count,
    git,
    log_subjects,
    new_rec,
    rec,
    snapshot,
)

REC = Path(sys.executable).parent / "rec"


def events_of(ledger: Path, rec_id: int = 1) -> list[dict[str, object]]:
    result = rec(ledger, "show", str(rec_id), "--json")
    assert result.exit_code == 0, result.output
    events: list[dict[str, object]] = json.loads(result.stdout)["events"]
    return events


# --- init ------------------------------------------------------------------------------------


def test_init_creates_repository_config_and_commit(tmp_path: Path) -> None:
    """`rec init PATH` runs git init, writes rectrack.yaml with the default workflow, commits."""
    target = tmp_path / "new-ledger"
    result = rec(target, "init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    config = (target / "rectrack.yaml").read_text()
    assert "awaiting-review" in config and "initial: awaiting-review" in config
    assert log_subjects(target) == ["rec: init ledger"]
    assert git(target, "status", "--porcelain") == ""


def test_init_inside_an_existing_repository_leaves_other_work_alone(tmp_path: Path) -> None:
    """In an existing repository, init commits only its own files; staged work stays staged."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "notes.txt").write_text("mine\n")
    git(repo, "add", "notes.txt")
    result = rec(repo / "ledger", "init", str(repo / "ledger"))
    assert result.exit_code == 0, result.output
    committed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == ["ledger/.gitattributes", "ledger/.gitignore", "ledger/rectrack.yaml"]
    assert git(repo, "status", "--porcelain") == "A  notes.txt\n"


def test_init_twice_is_refused(ledger: Path) -> None:
    """A second init on a ledger is a one-line error and changes nothing."""
    before = snapshot(ledger)
    result = rec(ledger, "init", str(ledger))
    assert result.exit_code == 1
    assert "already a rectrack ledger" in result.stderr
    assert snapshot(ledger) == before


# --- new -------------------------------------------------------------------------------------


def test_new_takes_the_next_free_id_and_commits_one_file(ledger: Path) -> None:
    """IDs count up from 1; each new is one commit adding one file, first event the initial status."""
    assert new_rec(ledger, "--title", "First") == 1
    assert (
        new_rec(ledger, "--title", "Second", "--owner", "DCI Smith", "--due", "30th September 2017")
        == 2
    )
    assert git(ledger, "show", "--name-status", "--format=", "HEAD") == "A\trecs/2.yaml\n"
    assert log_subjects(ledger)[:2] == ['rec 2: new "Second"', 'rec 1: new "First"']
    data = json.loads(rec(ledger, "show", "2", "--json").stdout)
    assert (data["owner"], data["due"], data["status"]) == (
        "DCI Smith",
        "2017-09-30",
        "awaiting-review",
    )
    assert data["events"][0]["kind"] == "status"


def test_new_with_explicit_id_and_all_fields(ledger: Path) -> None:
    """--id picks the ID; header fields land in the file and the JSON."""
    args = ["--title", "T", "--id", "42", "--text", "Line 1\nLine 2", "--report", "PEEL 2016",
            "--number", "5", "--tags", "ocg, regional", "--date", "3rd March 2017", "--by", "HMICFRS"]  # fmt: skip
    assert new_rec(ledger, *args) == 42
    data = json.loads(rec(ledger, "show", "42", "--json").stdout)
    assert data["text"] == "Line 1\nLine 2" and data["number"] == "5"
    assert data["tags"] == ["ocg", "regional"]
    assert data["events"] == [
        {"number": 1, "date": "2017-03-03", "by": "HMICFRS", "kind": "status",
         "status": "awaiting-review"}
    ]  # fmt: skip
    assert new_rec(ledger, "--title", "Next") == 43


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "T", "--id", "1"], "recommendation 1 already exists"),
        (["--title", "T", "--id", "0"], "invalid recommendation ID '0'"),
        (["--title", "T", "--id", "../x"], "invalid recommendation ID"),
        (["--title", "  "], "needs a title"),
        (["--title", "T", "--due", "31st February 2017"], "no such day"),
        (["--title", "T", "--date", "someday"], "invalid date 'someday'"),
    ],
)
def test_new_refusals_leave_the_ledger_untouched(
    ledger_with_rec: Path, args: list[str], message: str
) -> None:
    """Each bad `rec new` is one line on stderr, exit 1, and no file or commit."""
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "new", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(ledger_with_rec) == before


# --- comment ---------------------------------------------------------------------------------


def test_comment_appends_one_event_in_one_commit(ledger_with_rec: Path) -> None:
    """A comment adds lines at the end of one file only, in one commit with a clear message."""
    count = commit_count(ledger_with_rec)
    result = rec(
        ledger_with_rec, "comment", "1", "Awaiting the force's reply", "--date", "2018-03-27"
    )
    assert result.exit_code == 0, result.output
    assert commit_count(ledger_with_rec) == count + 1
    assert log_subjects(ledger_with_rec)[0] == 'rec 1: comment "Awaiting the force\'s reply"'
    assert git(ledger_with_rec, "show", "--name-only", "--format=", "HEAD").split() == [
        "recs/1.yaml"
    ]
    added_lines_only(ledger_with_rec)
    assert events_of(ledger_with_rec)[-1] == {
        "number": 2, "date": "2018-03-27", "by": "Alex Auditor", "kind": "comment",
        "text": "Awaiting the force's reply",
    }  # fmt: skip


def test_comment_from_stdin(ledger_with_rec: Path) -> None:
    """TEXT `-` reads the comment from standard input, paragraphs intact."""
    text = "Para one: with 'quotes' and # hash.\n\n- Para two\tTabbed\n"
    result = rec(ledger_with_rec, "comment", "1", "-", input=text)
    assert result.exit_code == 0, result.output
    assert events_of(ledger_with_rec)[-1]["text"] == text.strip("\n")


def on_a_terminal(
    ledger: Path, *args: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The real `rec` with a terminal (a pty) as standard input, as a user types it."""
    controller, terminal = pty.openpty()
    try:
        return subprocess.run(
            [str(REC), "--ledger", str(ledger), *args], stdin=terminal, capture_output=True,
            text=True, env={**os.environ, **env}, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(controller)
        os.close(terminal)


def test_comment_without_text_opens_the_editor(ledger_with_rec: Path, tmp_path: Path) -> None:
    """With no TEXT, $EDITOR edits a file; what is above the scissors line is the comment."""
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import sys\np = sys.argv[1]\nbody = open(p).read()\nopen(p, 'w').write('Written in the editor\\n' + body)\n"
    )
    result = on_a_terminal(
        ledger_with_rec, "comment", "1", env={"EDITOR": f"{sys.executable} {script}"}
    )
    assert result.returncode == 0, result.stderr
    assert events_of(ledger_with_rec)[-1]["text"] == "Written in the editor"


def test_editor_left_empty_aborts(ledger_with_rec: Path) -> None:
    """An editor session that writes nothing is an empty comment: refused, nothing written."""
    before = snapshot(ledger_with_rec)
    result = on_a_terminal(ledger_with_rec, "comment", "1", env={"EDITOR": "true"})
    assert result.returncode == 1 and "the comment is empty" in result.stderr
    assert snapshot(ledger_with_rec) == before


def test_no_editor_without_a_terminal(ledger_with_rec: Path) -> None:
    """No TEXT and no terminal on stdin: a clear error at once, not an editor waiting for ever."""
    before = snapshot(ledger_with_rec)
    completed = subprocess.run(
        [str(REC), "--ledger", str(ledger_with_rec), "comment", "1"], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, env={**os.environ, "EDITOR": "vi"}, timeout=60,
        check=False,
    )  # fmt: skip
    assert completed.returncode == 1
    assert completed.stderr == (
        "rec: error: no comment text, and no terminal for an editor: pass the text, or - to "
        "read standard input\n"
    )
    assert snapshot(ledger_with_rec) == before


# --- status ----------------------------------------------------------------------------------


def test_status_change_with_comment_is_two_events_in_one_commit(ledger_with_rec: Path) -> None:
    """`rec status 1 complete --comment` appends a status and a comment event, one commit."""
    count = commit_count(ledger_with_rec)
    result = rec(ledger_with_rec, "status", "1", "complete", "--comment", "Authorised for closure",
                 "--date", "2nd May 2019", "--by", "Inspector Jones")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert commit_count(ledger_with_rec) == count + 1
    assert log_subjects(ledger_with_rec)[0] == "rec 1: status awaiting-review -> complete"
    added_lines_only(ledger_with_rec)
    assert events_of(ledger_with_rec)[-2:] == [
        {
            "number": 2,
            "date": "2019-05-02",
            "by": "Inspector Jones",
            "kind": "status",
            "status": "complete",
        },
        {
            "number": 3,
            "date": "2019-05-02",
            "by": "Inspector Jones",
            "kind": "comment",
            "text": "Authorised for closure",
        },
    ]
    # the commit itself is made by the git identity, whatever --by says
    assert git(ledger_with_rec, "log", "-1", "--format=%ae").strip() == "alex@example.org"


def test_status_follows_configured_transitions(ledger_with_rec: Path) -> None:
    """With a transitions map in rectrack.yaml, a forbidden move names the allowed ones."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(
        config.read_text().replace(
            "  # transitions:\n", "  transitions:\n    awaiting-review: [being-progressed]\n"
        )
    )
    git(ledger_with_rec, "commit", "-qam", "restrict")
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "status", "1", "complete")
    assert result.exit_code == 1
    assert "cannot go from 'awaiting-review' to 'complete'" in result.stderr
    assert "may go to being-progressed" in result.stderr
    assert snapshot(ledger_with_rec) == before
    assert rec(ledger_with_rec, "status", "1", "being-progressed").exit_code == 0


def test_custom_statuses_from_the_config_are_accepted(ledger_with_rec: Path) -> None:
    """A status added to rectrack.yaml (not-accepted) can be used at once."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(
        config.read_text().replace("  statuses:\n", "  statuses:\n  - not-accepted\n", 1)
    )
    git(ledger_with_rec, "commit", "-qam", "add not-accepted")
    result = rec(ledger_with_rec, "status", "1", "not-accepted")
    assert result.exit_code == 0, result.output


# --- set -------------------------------------------------------------------------------------


def test_set_appends_a_field_change(ledger_with_rec: Path) -> None:
    """`rec set` records the change as an event; the header line itself is never rewritten."""
    header_before = (ledger_with_rec / "recs/1.yaml").read_bytes()
    result = rec(ledger_with_rec, "set", "1", "due", "31st December 2017", "--reason", "ROCU delay")
    assert result.exit_code == 0, result.output
    assert log_subjects(ledger_with_rec)[0] == 'rec 1: set due "2017-12-31"'
    assert (ledger_with_rec / "recs/1.yaml").read_bytes().startswith(header_before)
    added_lines_only(ledger_with_rec)
    data = json.loads(rec(ledger_with_rec, "show", "1", "--json").stdout)
    assert data["due"] == "2017-12-31"
    assert data["events"][-1] == {"number": 2, "date": data["events"][-1]["date"], "by": "Alex Auditor",
                                  "kind": "set", "field": "due", "value": "2017-12-31", "reason": "ROCU delay"}  # fmt: skip


def test_set_with_empty_value_clears_and_declared_fields_are_kept(ledger_with_rec: Path) -> None:
    """An empty value clears a field; a field rectrack.yaml declares (`fields: [lead]`) is set."""
    assert rec(ledger_with_rec, "set", "1", "owner", "").exit_code == 0
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + "fields:\n- lead\n")
    git(ledger_with_rec, "commit", "-qam", "declare lead")
    assert rec(ledger_with_rec, "set", "1", "lead", "Supt. Okafor").exit_code == 0
    data = json.loads(rec(ledger_with_rec, "show", "1", "--json").stdout)
    assert data["owner"] is None and data["lead"] == "Supt. Okafor"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "status", "complete"], "use `rec status"),
        (["1", "events", "x"], "cannot set field 'events'"),
        (["1", "id", "7"], "cannot set field 'id': a recommendation's ID is its file name"),
        (
            ["1", "ownr", "X"],
            "cannot set field 'ownr': it is not a field of this ledger (did you mean owner?",
        ),
        (["1", "due", "1899-12-31"], "a due date must be from 1900-01-01 to 2200-12-31"),
        (["1", "due", "2201-01-01"], "a due date must be from 1900-01-01 to 2200-12-31"),
        (["1", "Bad Field", "x"], "cannot set field 'Bad Field'"),
        (["1", "title", ""], "needs a title"),
        (["1", "owner", "DCI Smith"], "already has that value"),
        (["1", "due", "2017-13-01"], "no such day"),
    ],
)
def test_set_refusals(ledger_with_rec: Path, args: list[str], message: str) -> None:
    """Bad `rec set` calls are refused in one line with nothing written."""
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "set", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert snapshot(ledger_with_rec) == before
