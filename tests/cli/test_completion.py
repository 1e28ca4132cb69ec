"""Shell completion: formats, field names, statuses and commands, not file names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rectrack.cli.options import (
    _complete_statuses,
    complete_fields,
    complete_from,
    formats_of,
)
from tests.helpers import git

REC = Path(sys.executable).parent / "rec"


@pytest.fixture
def in_ledger(ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder is a ledger declaring one extra field, `force`."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + "fields:\n- force\n")
    git(ledger_with_rec, "commit", "-qam", "declare force")
    monkeypatch.chdir(ledger_with_rec)
    return ledger_with_rec


def complete(words: str, *, cwd: Path) -> list[str]:
    """What bash completion offers for `words` (the last one being completed), via typer."""
    parts = words.split(" ")
    env = {**os.environ, "_REC_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(parts) - 1)}  # fmt: skip
    completed = subprocess.run([str(REC)], cwd=cwd, env=env, capture_output=True, text=True,
                               check=False, timeout=60)  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.split()


def test_complete_from_offers_matching_choices() -> None:
    """The generic helper: fixed choices, or a function called only when completing."""
    assert complete_from(("json", "csv", "md"))("") == ["json", "csv", "md"]
    assert complete_from(("json", "csv", "md"))("C") == ["csv"]
    calls: list[int] = []

    def formats() -> tuple[str, ...]:
        calls.append(1)
        return ("text", "ics")

    lazy = complete_from(formats)
    assert calls == []
    assert lazy("i") == ["ics"] and calls == [1]
    assert formats_of("rectrack.app.reports")() == ("json", "csv", "md", "html", "xlsx")


def test_field_and_status_completion_read_the_ledger(in_ledger: Path) -> None:
    """Field names are the known ones plus those rectrack.yaml declares; statuses the workflow's."""
    assert complete_fields("") == ["title", "text", "report", "number", "owner", "due", "tags",
                                   "force"]  # fmt: skip
    assert complete_fields("f") == ["force"]
    assert _complete_statuses("") == ["awaiting-review", "being-progressed", "complete",
                                      "no-further-action-needed", "withdrawn"]  # fmt: skip


def test_outside_a_ledger_completion_offers_what_it_can(tmp_path: Path) -> None:
    """No ledger: the known field names, and no statuses (never an error)."""
    os.chdir(tmp_path)
    assert complete_fields("ow") == ["owner"]
    assert _complete_statuses("") == []


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("rec export --format ", ["json", "csv", "md", "html", "xlsx"]),
        ("rec export -f h", ["html"]),
        ("rec changes --format ", ["md", "html", "json"]),
        ("rec remind --format ", ["text", "json", "ics"]),
        ("rec set 1 ", ["title", "text", "report", "number", "owner", "due", "tags", "force"]),
        ("rec set 1 fo", ["force"]),
        (
            "rec status 1 ",
            [
                "awaiting-review",
                "being-progressed",
                "complete",
                "no-further-action-needed",
                "withdrawn",
            ],
        ),
        ("rec list --status c", ["complete"]),
        ("rec stats --status w", ["withdrawn"]),
        ("rec ame", ["amend"]),
    ],
)
def test_shell_completion_through_the_console_script(
    in_ledger: Path, words: str, offered: list[str]
) -> None:
    """`rec export --format <TAB>` offers the formats (it offered file names before)."""
    assert complete(words, cwd=in_ledger) == offered
