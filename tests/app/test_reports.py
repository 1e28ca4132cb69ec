"""`rec export` and `rec stats` on real ledgers: formats, filters, output files, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.helpers import new_rec, rec, snapshot


@pytest.fixture
def two_recs(ledger: Path) -> Path:
    """Rec 1 open and overdue, owned by DCI Smith, tagged custody; rec 2 complete, reported
    under PEEL 2019."""
    new_rec(ledger, "--title", "Open, late", "--owner", "DCI Smith", "--due", "2018-01-01",
            "--date", "2017-01-01", "--tags", "custody")  # fmt: skip
    new_rec(ledger, "--title", "Closed", "--report", "PEEL 2019", "--date", "2017-01-01")
    assert rec(ledger, "status", "2", "complete", "--date", "2017-01-21").exit_code == 0
    return ledger


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ([], ["1", "2"]),
        (["--unresolved"], ["1"]),
        (["--tag", "Custody"], ["1"]),
        (["--field", "owner=dci smith"], ["1"]),
        (["--field", "report=PEEL 2019", "--field", "owner="], ["2"]),
        (["--status", "complete"], ["2"]),
        (["--owner", "dci smith"], ["1"]),
        (["--overdue"], ["1"]),
        (["--report", "peel"], ["2"]),
        (["--grep", "late"], ["1"]),
    ],
)
def test_export_takes_the_same_filters_as_list(
    two_recs: Path, args: list[str], ids: list[str]
) -> None:
    """Each `rec list` filter selects the same rows in a CSV export."""
    result = rec(two_recs, "export", "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))
    assert [row["id"] for row in rows] == ids
    listed = json.loads(rec(two_recs, "list", "--json", *args).stdout)
    assert [str(item["id"]) for item in listed] == ids


@pytest.mark.parametrize(("fmt", "start"), [("json", "{"), ("md", "# Recommendations"), ("html", "<!DOCTYPE html>"), ("CSV", "\ufeffid,")])  # fmt: skip
def test_every_format_goes_to_stdout_or_a_file(
    two_recs: Path, tmp_path: Path, fmt: str, start: str
) -> None:
    """Without --output the document is on stdout; with it, the same bytes are in the file."""
    shown = rec(two_recs, "export", "--format", fmt)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith(start)
    target = tmp_path / f"out.{fmt}"
    written = rec(two_recs, "export", "-f", fmt, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert written.stdout == "" and f"wrote {target}" in written.stderr
    assert target.read_bytes().decode("utf-8").replace("\r\n", "\n") == shown.stdout.replace(
        "\r\n", "\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "--format", "pdf"], 2, "'pdf' is not one of json, csv, md, html"),
        (["export", "--status", "done"], 1, "unknown status 'done'"),
        (
            ["export", "--output", "/nonexistent/dir/x.html"],
            1,
            "there is no folder /nonexistent/dir",
        ),
        (["stats", "--status", "done"], 1, "unknown status 'done'"),
    ],
)
def test_refused_exports_are_one_line_and_change_nothing(
    two_recs: Path, args: list[str], code: int, message: str
) -> None:
    """Bad format, status or output folder: one line, the right exit code, ledger untouched."""
    before = snapshot(two_recs)
    result = rec(two_recs, *args)
    assert result.exit_code == code
    assert result.stderr.startswith("rec: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(two_recs) == before


def test_stats_json_has_every_figure(two_recs: Path) -> None:
    """Counts by status, owner and report, overdue and the median days to close."""
    result = rec(two_recs, "stats", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "total": 2, "by_status": {"awaiting-review": 1, "complete": 1},
        "by_owner": {"(no owner)": 1, "DCI Smith": 1},
        "by_report": {"(no report)": 1, "PEEL 2019": 1},
        "open": 1, "overdue": 1, "closed": 1, "median_days_to_close": 20,
        "slipped": 0, "median_days_slipped": None, "most_moved": [],
    }  # fmt: skip


def test_stats_in_the_terminal(two_recs: Path) -> None:
    """The terminal view names the headline figures and each grouping."""
    result = rec(two_recs, "stats")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2 recommendation(s): 1 open, 1 closed, 1 overdue" in out
    assert "Median time from first event to closing: 20 days" in out
    for word in ("awaiting-review", "DCI Smith", "PEEL 2019", "Owner", "Report"):
        assert word in out


def test_stats_of_an_empty_ledger(ledger: Path) -> None:
    """No recommendations: zeros and no median, not an error."""
    result = rec(ledger, "stats")
    assert result.exit_code == 0, result.output
    assert "0 recommendation(s)" in result.stdout and "n/a (none closed)" in result.stdout
