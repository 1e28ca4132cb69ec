"""The read commands: show, list, log, in text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers import new_rec, rec


@pytest.fixture
def busy_ledger(ledger: Path) -> Path:
    """Three recommendations: one overdue and open, one complete, one not yet due."""
    new_rec(ledger, "--title", "Map organised crime groups", "--owner", "DCI Smith",
            "--due", "2017-09-30", "--report", "PEEL 2016", "--date", "2017-03-03")  # fmt: skip
    new_rec(ledger, "--title", "Publish stop and search data", "--owner", "Supt. Okafor",
            "--due", "2099-01-01", "--report", "Legitimacy 2025")  # fmt: skip
    new_rec(
        ledger,
        "--title",
        "Clear the forensic backlog",
        "--owner",
        "dci smith",
        "--due",
        "2018-01-01",
    )
    assert rec(ledger, "comment", "1", "Waiting on the ROCU", "--date", "2018-03-27").exit_code == 0
    assert rec(ledger, "status", "3", "complete").exit_code == 0
    return ledger


def list_ids(ledger: Path, *args: str) -> list[int]:
    result = rec(ledger, "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return [item["id"] for item in json.loads(result.stdout)]


def test_show_renders_header_and_timeline_in_plain_text(busy_ledger: Path) -> None:
    """`rec show` gives title, status, due (overdue marked) and each event, with no escape codes."""
    result = rec(busy_ledger, "show", "1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert "Recommendation 1: Map organised crime groups" in out
    assert "awaiting-review" in out and "2017-09-30 (30th September 2017) OVERDUE" in out
    assert "2018-03-27  Alex Auditor  comment" in out and "Waiting on the ROCU" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_show_json_has_the_documented_fields(busy_ledger: Path) -> None:
    """`rec show --json` returns the documented object."""
    data = json.loads(rec(busy_ledger, "show", "1", "--json").stdout)
    for key in ("id", "title", "text", "report", "number", "owner", "due", "status", "events"):
        assert key in data
    assert data["events"][-1] == {"number": len(data["events"]), "date": "2018-03-27", "by": "Alex Auditor", "kind": "comment",
                                  "text": "Waiting on the ROCU"}  # fmt: skip


def test_list_filters(busy_ledger: Path) -> None:
    """--status, --owner (any case), --unresolved (and its old spelling --open), --overdue,
    --report and --grep each narrow the list."""
    assert list_ids(busy_ledger) == [1, 2, 3]
    assert list_ids(busy_ledger, "--status", "complete") == [3]
    assert list_ids(busy_ledger, "--status", "complete", "--status", "awaiting-review") == [1, 2, 3]
    assert list_ids(busy_ledger, "--owner", "DCI SMITH") == [1, 3]
    assert list_ids(busy_ledger, "--unresolved") == [1, 2]
    assert list_ids(busy_ledger, "--open") == [1, 2]
    assert list_ids(busy_ledger, "--overdue") == [1]
    assert list_ids(busy_ledger, "--report", "peel") == [1]
    assert list_ids(busy_ledger, "--grep", "rocu") == [1]
    assert list_ids(busy_ledger, "--unresolved", "--owner", "dci smith") == [1]


def test_open_is_a_hidden_old_spelling_of_unresolved_on_list_and_stats(busy_ledger: Path) -> None:
    """`rec list --open` and `rec stats --open` still filter as --unresolved, unlisted in help;
    `rec export` takes only --unresolved (on `rec site`, --open opens the browser)."""
    assert list_ids(busy_ledger, "--open") == list_ids(busy_ledger, "--unresolved") == [1, 2]
    stats = [rec(busy_ledger, "stats", "--json", flag) for flag in ("--open", "--unresolved")]
    assert stats[0].exit_code == 0, stats[0].output
    assert json.loads(stats[0].stdout) == json.loads(stats[1].stdout)
    for command in ("list", "stats"):
        help_text = rec(busy_ledger, command, "--help").stdout
        assert "--unresolved" in help_text and "--open" not in help_text
    assert rec(busy_ledger, "export", "--open").exit_code == 2


def test_list_json_objects_have_no_events(busy_ledger: Path) -> None:
    """`rec list --json` items carry the top-level fields, not the events."""
    items = json.loads(rec(busy_ledger, "list", "--json").stdout)
    assert all("events" not in item and "status" in item and "title" in item for item in items)


def test_list_table_reads_in_80_columns_without_colour(busy_ledger: Path) -> None:
    """The table fits 80 columns when piped, shows each row and marks overdue ones."""
    result = rec(busy_ledger, "list", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in lines) <= 80
    assert any("2017-09-30!" in line for line in lines)
    assert "3 recommendation(s)" in result.stdout


def test_list_of_nothing_says_so(ledger: Path) -> None:
    """An empty result is a sentence, not an empty table."""
    assert rec(ledger, "list").stdout.strip() == "No recommendations match."


def test_log_shows_who_did_what(busy_ledger: Path) -> None:
    """`rec log` lists commits newest first; `rec log ID` only that recommendation's."""
    result = rec(busy_ledger, "log")
    assert result.exit_code == 0, result.output
    assert result.stdout.index("rec 3: status") < result.stdout.index("rec 1: new")
    assert "Alex Auditor <alex@example.org>" in result.stdout
    one = rec(busy_ledger, "log", "1").stdout
    assert "rec 1: comment" in one and "rec 3:" not in one
    assert rec(busy_ledger, "log", "-n", "1").stdout.count("rec ") == 1


def test_ledger_is_found_from_a_subfolder(
    busy_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like git, rec walks up from the current folder to find rectrack.yaml."""
    from typer.testing import CliRunner

    from rectrack.cli.main import app

    monkeypatch.chdir(busy_ledger / "recs")
    assert CliRunner().invoke(app, ["show", "1"]).exit_code == 0
    monkeypatch.chdir(busy_ledger.parent)
    monkeypatch.setenv("REC_LEDGER", str(busy_ledger))
    assert CliRunner().invoke(app, ["show", "1"]).exit_code == 0


def test_today_is_used_for_overdue(busy_ledger: Path) -> None:
    """Recommendation 2 is due in 2099, so it is not overdue today."""
    data = json.loads(rec(busy_ledger, "show", "2", "--json").stdout)
    assert dt.date.fromisoformat(data["due"]) > dt.date.today()


def test_completion_offers_ids_and_statuses(
    busy_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shell completion completes recommendation IDs and status names."""
    from rectrack.cli.options import _complete_ids, _complete_statuses

    monkeypatch.chdir(busy_ledger)
    assert _complete_ids("") == ["1", "2", "3"]
    assert _complete_statuses("be") == ["being-progressed"]


def test_json_handles_dates_nested_in_unknown_header_fields(ledger: Path) -> None:
    """A hand-written header field holding a mapping with a date still gives valid JSON."""
    path = ledger / "recs/1.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        "title: T\nreview:\n  held: 2020-01-01\n  panel: [2020-02-02, x]\n"
        "events:\n- date: 2020-01-01\n  by: x\n  status: awaiting-review\n"
    )
    from tests.helpers import git

    git(ledger, "add", "recs/1.yaml")
    git(ledger, "commit", "-qm", "hand-written")
    for args in (["list", "--json"], ["show", "1", "--json"]):
        result = rec(ledger, *args)
        assert result.exit_code == 0, result.output
        assert '"held": "2020-01-01"' in result.stdout and '"2020-02-02"' in result.stdout
