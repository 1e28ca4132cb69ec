"""`rec import csv|xlsx|json` end to end: a council's tracker as CSV and as a workbook, and
rectrack's own JSON export; real ledgers, real git."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers import commit_count, git, log_subjects, new_rec, rec, snapshot

REPO = Path(__file__).resolve().parents[2]
COUNCIL = REPO / "docs" / "examples" / "scrutiny-tracker.csv"
OPTIONS = (
    "--map", "Reference=number", "--map", "Origin=report", "--map", "Date=opened",
    "--map", "Lead Officer=owner", "--map", "Action taken=comment", "--map", "Area=area",
    "--status-map", "ongoing=being-progressed", "--status-map", "PAUSED=awaiting-review",
    "--status-map", "Amber=being-progressed", "--status-map", "Red=awaiting-review",
)  # fmt: skip


def show_json(ledger: Path, rec_id: int | str) -> dict[str, Any]:
    result = rec(ledger, "show", str(rec_id), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def refused(ledger: Path, *args: str) -> str:
    """Run an import that must be refused: exit 1, one line, the ledger untouched."""
    before = snapshot(ledger)
    result = rec(ledger, "import", *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("rec: error: ") and result.stderr.count("\n") == 1
    assert snapshot(ledger) == before
    return result.stderr.removeprefix("rec: error: ").rstrip("\n")


def council_workbook(path: Path, *, first_sheet: str = "Notes") -> Path:
    """The council tracker as Excel keeps it: a notes sheet first, dates as date cells."""
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = first_sheet
    notes.append(["Scrutiny recommendations tracker, updated monthly"])
    sheet = book.create_sheet("Tracker")
    sheet.append(["Council scrutiny tracker 2025/26"])  # a title row above the header
    for index, row in enumerate(COUNCIL.read_text().splitlines()):
        cells: list[Any] = next(csv.reader([row]))
        if index and cells[2] == "01/02/26":
            cells[2] = dt.datetime(2026, 2, 1)  # an Excel date cell
        sheet.append(cells)
    book.save(path)
    return path


def test_a_council_csv_imports_with_its_own_columns_and_statuses(
    ledger: Path, tmp_path: Path
) -> None:
    """--map names the columns, --status-map the statuses (any case); dates are day first;
    the action column becomes a comment after the first status; one commit."""
    before = commit_count(ledger)
    result = rec(ledger, "import", "csv", str(COUNCIL), *OPTIONS, "--by", "Scrutiny officer")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("5 imported, 0 updated, 0 skipped [")
    assert commit_count(ledger) == before + 1
    assert log_subjects(ledger)[0] == "rec: import 5 recommendations from scrutiny-tracker.csv"
    first, second = show_json(ledger, 1), show_json(ledger, 2)
    assert (first["number"], first["report"], first["owner"], first["area"]) == (
        "SC/25/01", "Housing Scrutiny Panel", "Head of Housing", "Housing",
    )  # fmt: skip
    assert [(e["date"], e["kind"], e.get("status") or e.get("text")) for e in first["events"]] == [
        ("2026-02-01", "status", "complete"),
        ("2026-02-01", "comment", "Quarterly report agreed by Cabinet in March"),
    ]
    assert second["status"] == "being-progressed" and second["title"].startswith("Reports of damp")
    statuses = [show_json(ledger, n)["status"] for n in (3, 4, 5)]
    assert statuses == ["awaiting-review", "being-progressed", "awaiting-review"]
    assert [show_json(ledger, n)["opened"] for n in (3, 5)] == ["2026-03-14", "2026-04-02"]
    assert len(show_json(ledger, 3)["events"]) == 1  # no action taken: no comment


def test_reimporting_a_spreadsheet_adds_nothing(ledger: Path) -> None:
    """Rows are recognised by report and number: the second run writes nothing."""
    assert rec(ledger, "import", "csv", str(COUNCIL), *OPTIONS).exit_code == 0
    before = snapshot(ledger)
    again = rec(ledger, "import", "csv", str(COUNCIL), *OPTIONS)
    assert again.exit_code == 0 and again.stdout.splitlines()[-1] == "0 imported, 0 updated, 5 skipped"  # fmt: skip
    assert snapshot(ledger) == before


def test_month_first_reads_the_other_convention(ledger: Path) -> None:
    """--month-first: 01/02/26 is 2 January."""
    result = rec(ledger, "import", "csv", str(COUNCIL), *OPTIONS, "--month-first")
    assert result.exit_code == 1  # 14/03/2026 has no month 14
    assert "invalid date '14/03/2026': there is no month 14; dates are read month first" in result.stderr  # fmt: skip


def test_the_same_council_tracker_as_a_workbook_imports_the_same(
    ledger: Path, tmp_path: Path
) -> None:
    """`rec import xlsx --sheet`: the same rows, Excel's date cells read as dates."""
    path = council_workbook(tmp_path / "tracker.xlsx")
    result = rec(ledger, "import", "xlsx", str(path), "--sheet", "tracker", *OPTIONS)
    assert result.exit_code == 0, result.output
    assert "5 imported" in result.stdout
    other = tmp_path / "other"
    assert rec(other, "init", str(other)).exit_code == 0
    assert rec(other, "import", "csv", str(COUNCIL), *OPTIONS).exit_code == 0
    for number in range(1, 6):
        assert show_json(ledger, number) == show_json(other, number)


def test_a_workbook_reads_the_sheet_it_opens_on_by_default(ledger: Path, tmp_path: Path) -> None:
    """Without --sheet, the workbook's active sheet: here the notes, which have no columns."""
    path = council_workbook(tmp_path / "tracker.xlsx")
    message = refused(ledger, "xlsx", str(path), *OPTIONS)
    assert message.startswith("tracker.xlsx: sheet 'Notes' has no `title`, `text` or ")


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("t.xlsx", b"", (), "t.xlsx: the file is empty, not an Excel workbook"),
        ("t.xlsx", b"Reference,Title\nA,B\n", (), "t.xlsx: not an Excel .xlsx workbook (it is text: a CSV file? import it with `rec import csv`)"),
        ("t.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), (), "t.xlsx: a password-protected workbook or an old .xls: open it in Excel and save it as .xlsx without a password"),
        ("t.xlsx", b"PK\x03\x04 broken", (), "t.xlsx: not a readable Excel .xlsx workbook"),
        (None, b"", ("--sheet", "Actions"), "tracker.xlsx: no sheet 'Actions'; the sheets are 'Notes', 'Tracker'"),
    ],
)  # fmt: skip
def test_what_is_not_a_usable_workbook_is_refused(
    ledger: Path, tmp_path: Path, name: str | None, content: bytes, extra: tuple[str, ...],
    message: str,
) -> None:  # fmt: skip
    """Empty, text, password-protected, damaged, or no such sheet: one line, nothing written."""
    path = council_workbook(tmp_path / "tracker.xlsx") if name is None else tmp_path / name
    if name is not None:
        path.write_bytes(content)
    assert refused(ledger, "xlsx", str(path), *extra, *OPTIONS).startswith(message)


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("", (), "t.csv: the file is empty"),
        ("Ref,Owner\n1,x\n", (), "t.csv: no `title`, `text` or `recommendation` column (see --map); the columns are: 'Ref', 'Owner'"),
        ("Title,Status\nA,Green\nB,Red\nC,green\n", ("--status-map", "Red=awaiting-review"),
         "t.csv: 2 bad row(s), nothing imported: rows 2, 4: unknown status 'Green' (map a value "
         "with --status-map VALUE=STATUS, or add it to workflow.statuses in rectrack.yaml; "
         "statuses: awaiting-review, being-progressed, complete, no-further-action-needed, withdrawn)"),
        ("Title,Date\nA,31/02/2026\n", ("--map", "Date=opened"), "t.csv: 1 bad row(s), nothing imported: row 2: invalid date '31/02/2026': no such day"),
        ("Title\nA\n", ("--status-map", "Green"), "--status-map: 'Green' is not VALUE=STATUS"),
        ("Title\nA\n", ("--map", "Ref"), "--map: 'Ref' is not COLUMN=FIELD (FIELD e.g. title, owner)"),
    ],
)  # fmt: skip
def test_a_csv_that_cannot_be_imported_is_refused(
    ledger: Path, tmp_path: Path, text: str, options: tuple[str, ...], message: str
) -> None:
    """Empty, missing columns, unmapped statuses (named with their rows), impossible dates,
    malformed options: one line, nothing written."""
    path = tmp_path / "t.csv"
    path.write_text(text)
    assert refused(ledger, "csv", str(path), *options).startswith(message)


def test_a_row_whose_id_is_taken_is_skipped(ledger_with_rec: Path, tmp_path: Path) -> None:
    """A row asking for an ID already in the ledger is skipped, the others imported."""
    path = tmp_path / "t.csv"
    path.write_text("id,title\n1,Clash\n4,Fresh\n")
    result = rec(ledger_with_rec, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("1 imported, 0 updated, 1 skipped")
    assert show_json(ledger_with_rec, 4)["title"] == "Fresh"
    assert show_json(ledger_with_rec, 1)["title"] == "Map organised crime groups"


# --- rectrack's own JSON export ------------------------------------------------------------


def test_a_json_export_imports_into_an_empty_ledger_unchanged(ledger: Path, tmp_path: Path) -> None:
    """Export then import reproduces every recommendation and event, and the files' bytes."""
    assert rec(ledger, "import", "tracker", str(REPO / "tests/data/tracker_seed_000.txt")).exit_code == 0  # fmt: skip
    new_rec(ledger, "--title", "Second", "--owner", "DCI Smith", "--due", "2030-01-31",
            "--tags", "x,y", "--date", "2020-02-02", "--id", "7")  # fmt: skip
    for args in (["set", "7", "owner", "DI Jones"], ["set", "7", "due", "", "--reason", "Dropped"],
                 ["comment", "7", "line one\n\n  indented: yes\n"], ["status", "7", "complete"]):  # fmt: skip
        assert rec(ledger, *args, "--date", "2021-03-04").exit_code == 0
    export = rec(ledger, "export", "--format", "json")
    assert export.exit_code == 0, export.output
    dump = tmp_path / "backup.json"
    dump.write_text(export.stdout)
    other = tmp_path / "other"
    assert rec(other, "init", str(other)).exit_code == 0
    result = rec(other, "import", "json", str(dump))
    assert result.exit_code == 0, result.output
    assert "2 imported" in result.stdout
    for rec_id in (1, 7):
        assert show_json(other, rec_id) == show_json(ledger, rec_id)
        name = f"recs/{rec_id}.yaml"
        assert (other / name).read_bytes() == (ledger / name).read_bytes()
    assert log_subjects(other)[0] == "rec: import 2 recommendations from backup.json"
    count = commit_count(other)
    again = rec(other, "import", "json", str(dump))
    assert again.exit_code == 0 and "2 skipped" in again.stdout
    assert commit_count(other) == count


def test_a_json_export_that_differs_from_the_ledger_is_refused(
    ledger_with_rec: Path, tmp_path: Path
) -> None:
    """An export whose rec 1 differs from the ledger's rec 1: refused, saying why."""
    data = json.loads(rec(ledger_with_rec, "export").stdout)
    data["recommendations"][0]["header"]["title"] = "Something else"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data))
    assert refused(ledger_with_rec, "json", str(path)) == (
        "recommendation 1 is already in the ledger and differs: headers differ"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "x.json: not valid JSON"),
        ('{"format": "other"}', "x.json: not a rectrack-export version 1 file"),
        ('[{"id": 1}]', "x.json: recommendation 1: needs an `events` list"),
        ('[{"id": 0, "events": []}]', "x.json: recommendation 1: invalid recommendation ID '0'"),
        ('[{"id": 1, "title": "t", "events": [{"date": "2020-1-1", "by": "x", "kind": "status", "status": "complete"}]}]',
         "x.json: recommendation 1: event 1 date: '2020-1-1' is not a YYYY-MM-DD date"),
        ('[{"id": 1, "title": "t", "events": [{"date": "2020-01-01", "by": "x", "kind": "status", "status": "gone"}]}]',
         "unknown status 'gone' (x.json #1 event 1), nothing imported"),
    ],
)  # fmt: skip
def test_bad_json_is_refused_before_anything_is_written(
    ledger: Path, tmp_path: Path, content: str, message: str
) -> None:
    """Malformed exports: one line naming the problem, exit 1, ledger untouched."""
    path = tmp_path / "x.json"
    path.write_text(content)
    assert refused(ledger, "json", str(path)).startswith(message)


def test_an_xlsx_export_imports_back_as_a_spreadsheet(ledger: Path, tmp_path: Path) -> None:
    """`rec export --format xlsx` reads back through `rec import xlsx` (its own columns)."""
    assert rec(ledger, "import", "csv", str(COUNCIL), *OPTIONS).exit_code == 0
    out = tmp_path / "out.xlsx"
    assert rec(ledger, "export", "--format", "xlsx", "--output", str(out)).exit_code == 0
    other = tmp_path / "other"
    assert rec(other, "init", str(other)).exit_code == 0
    result = rec(other, "import", "xlsx", str(out), "--sheet", "Recommendations")
    assert result.exit_code == 0, result.output
    assert [show_json(other, n)["title"] for n in range(1, 6)] == [
        show_json(ledger, n)["title"] for n in range(1, 6)
    ]
    assert git(other, "status", "--porcelain") == ""
    assert io.BytesIO(out.read_bytes()).read(2) == b"PK"
