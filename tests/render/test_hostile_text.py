"""Ledger text is data: escape sequences and control characters are shown, never obeyed.

An insider can put anything in a comment, a title, an owner, a `by`, a commit author or a
hand-edited file: a colour change, a cursor move, a new window title (OSC), a C1 CSI, a
carriage return that overwrites the line, a right-to-left override that makes text read
backwards. Every view prints them as visible escapes (`\\x1b[31m`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.app.importing import ImportReport, Outcome
from rectrack.app.verify.report import VerifyReport, Violation
from rectrack.domain.text import printable, printable_line
from rectrack.render import imports, verify
from tests.helpers import as_author, git, rec

RED = "\x1b[31mred\x1b[0m"
TITLE = "\x1b]0;pwned\x07"  # sets the terminal window's title
CSI = "\x9b2J"  # C1 CSI: clears the screen on terminals that take 8-bit controls
OVERWRITE = "approved\rrejected"
BIDI = "evil \u202etxt.exe"
HOSTILE = [RED, TITLE, CSI, OVERWRITE, BIDI]
#: What a terminal could act on: C0 but newline, DEL, C1, the bidirectional overrides.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(ledger: Path) -> Path:
    """A ledger whose every text field carries something a terminal would obey."""
    assert rec(ledger, "new", "--title", f"Title {RED}", "--owner", f"Owner {TITLE}",
               "--report", f"Report {CSI}", "--by", f"By {BIDI}").exit_code == 0  # fmt: skip
    for text in HOSTILE:
        assert rec(ledger, "comment", "1", f"comment {text}\nsecond line {text}").exit_code == 0
    assert rec(ledger, "set", "1", "number", f"N {OVERWRITE}").exit_code == 0
    env = as_author((f"Mallory {RED}", "mallory@example.org"))
    assert rec(ledger, "status", "1", "being-progressed", env=env).exit_code == 0
    return ledger


@pytest.mark.parametrize(
    "args", [["show", "1"], ["list"], ["log"], ["stats"], ["log", "1"]], ids=" ".join
)
def test_views_show_escapes_never_control_characters(hostile: Path, args: list[str]) -> None:
    """show, list, log and stats print no control character but the newline."""
    result = rec(hostile, *args)
    assert result.exit_code == 0, result.output
    assert not UNSAFE.search(result.stdout), repr(result.stdout)


def test_show_prints_the_escapes_as_text(hostile: Path) -> None:
    """What was written can still be read: each character shown as its escape."""
    out = rec(hostile, "show", "1").stdout
    assert "\\x1b[31mred\\x1b[0m" in out and "\\x1b]0;pwned\\x07" in out
    assert "\\x9b2J" in out and "approved\\rrejected" in out and "\\u202etxt.exe" in out
    assert "second line \\x1b[31mred" in out  # comments keep their lines


def test_commit_subjects_hold_no_control_characters(hostile: Path) -> None:
    """rec's own commit messages (seen by `git log` and every tool) are escaped already."""
    assert not UNSAFE.search(git(hostile, "log", "--format=%s"))


def test_json_escapes_every_control_character(hostile: Path) -> None:
    """`--json` keeps the exact text, with C0, C1 and overrides as \\u escapes."""
    result = rec(hostile, "show", "1", "--json")
    assert not UNSAFE.search(result.stdout)
    texts = [event.get("text") for event in json.loads(result.stdout)["events"]]
    assert f"comment {BIDI}\nsecond line {BIDI}" in texts


def test_written_messages_and_errors_are_escaped(hostile: Path) -> None:
    """What a write prints, and a one-line error naming hostile input, are escaped."""
    result = rec(hostile, "comment", "1", f"done {RED}")
    assert not UNSAFE.search(result.stdout) and "\\x1b[31m" in result.stdout
    refused = rec(hostile, "status", "1", f"bogus{RED}")
    assert refused.exit_code == 1 and not UNSAFE.search(refused.stderr)


def test_verify_and_import_reports_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """A violation naming a hostile author, an import of a hostile file name: escaped."""
    violation = Violation(rec="1", commit="1a2b3c4d", author=f"Mallory {RED}", date="2026-01-01",
                          problem=f"event 2 text edited {CSI}")  # fmt: skip
    verify.verify_report(VerifyReport(commits=1, violations=[violation]))
    outcome = Outcome(source=f"page{TITLE}.txt", action="skipped", rec_id=None, detail=OVERWRITE)
    imports.report(ImportReport(outcomes=(outcome,)))
    out = capsys.readouterr().out
    assert not UNSAFE.search(out)
    assert "Mallory \\x1b[31mred" in out and "page\\x1b]0;pwned\\x07.txt" in out


@given(st.text())
def test_printable_leaves_nothing_a_terminal_obeys(text: str) -> None:
    """Whatever the text, its printable form holds no control character but the newline
    (and tab), and plain text is left exactly as it is."""
    shown = printable(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    assert "\n" not in printable_line(text) and "\t" not in printable_line(text)
    if text.isprintable():
        assert shown == text
