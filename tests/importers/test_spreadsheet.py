"""The mapping layer shared by CSV and Excel: columns, statuses, dates, comments, problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.errors import ImportFormatError, ImportRowsInvalid, InvalidDate
from rectrack.importers.sheet_cells import Cell, cell_text, sheet_date
from rectrack.importers.spreadsheet import (
    Row,
    SheetMapping,
    Table,
    parse_mapping,
    parse_status_mapping,
    read_table,
    rows_label,
)

TODAY = dt.date(2026, 5, 1)
D = dt.date
COUNCIL = [
    "Reference",
    "Origin",
    "Date",
    "Area",
    "Recommendation",
    "Lead Officer",
    "Action taken",
    "Status",
]
COUNCIL_MAP = parse_mapping(
    [
        "Reference=number",
        "Origin=report",
        "Date=opened",
        "Area=tags",
        "Lead Officer=owner",
        "Action taken=comment",
    ]
)


def rows(
    header: Sequence[Cell], *body: Sequence[Cell], columns: dict[str, str] | None = None,
    statuses: Sequence[str] = (), month_first: bool = False,
) -> list[Row]:  # fmt: skip
    """read_table over a header and rows numbered from 2, as a CSV's would be."""
    table = Table(rows=[(1, header), *((n, cells) for n, cells in enumerate(body, start=2))])
    mapping = SheetMapping(
        columns=columns or {},
        statuses=parse_status_mapping(list(statuses)),
        month_first=month_first,
    )
    return read_table(
        table, source="t.csv", mapping=mapping, workflow=DEFAULT_WORKFLOW, today=TODAY
    )


def refusal(header: Sequence[Cell], *body: Sequence[Cell], **options: object) -> str:
    with pytest.raises((ImportFormatError, ImportRowsInvalid)) as raised:
        rows(header, *body, **options)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)
    return str(raised.value)


# --- columns ---------------------------------------------------------------------------------


def test_council_tracker_columns_map_to_fields() -> None:
    """A council's columns, mapped, give number, report, opened, tags, text, owner, comment."""
    (row,) = rows(
        COUNCIL,
        [
            "PC/12",
            "Audit Committee",
            "01/02/26",
            "Governance, Data",
            "The OPCC should publish minutes.",
            "Head of Comms",
            "Minutes online since March.",
            "Complete",
        ],
        columns=COUNCIL_MAP,
    )
    assert row.header == {
        "number": "PC/12", "report": "Audit Committee", "tags": ("Governance", "Data"),
        "text": "The OPCC should publish minutes.", "owner": "Head of Comms",
        "title": "The OPCC should publish minutes",
    }  # fmt: skip
    assert (row.row, row.status, row.opened, row.comment) == (
        2,
        "complete",
        D(2026, 2, 1),
        "Minutes online since March.",
    )


def test_recommendation_column_is_the_text_without_a_map() -> None:
    """A `Recommendation` column is read as the text; the title is derived from it."""
    (row,) = rows(["Recommendation"], ["Within six months, the force should review vetting."])
    assert row.header == {
        "text": "Within six months, the force should review vetting.",
        "title": "The force should review vetting",
    }


def test_column_names_match_ignoring_case_and_spacing() -> None:
    """`  TITLE `, `Lead\\nOfficer` and `--map "lead officer=owner"` all match."""
    (row,) = rows(
        ["  TITLE ", "Lead\nOfficer"],
        ["Fix it", "DCI Smith"],
        columns=parse_mapping(["lead  officer=owner"]),
    )
    assert row.header == {"title": "Fix it", "owner": "DCI Smith"}


def test_empty_comment_cell_is_no_comment() -> None:
    """A blank `comment` cell gives no comment."""
    (row,) = rows(
        ["title", "Action taken"], ["Fix it", "  "], columns=parse_mapping(["Action taken=comment"])
    )
    assert row.comment is None


def test_sheet_without_a_text_column_names_the_columns_it_has() -> None:
    """No title, text or recommendation column: the error lists the columns there are."""
    assert refusal(["Name", "Owner", None, "Due"], ["x", "y", None, "z"]) == (
        "t.csv: no `title`, `text` or `recommendation` column (see --map); the columns are: 'Name', 'Owner', 'Due'"
    )


def test_a_data_row_below_a_header_without_a_text_column_is_not_taken_for_the_header() -> None:
    """A header of several cells lacking a text column is refused, even if a later row says "Title"."""
    assert refusal(["Ref", "Owner"], ["Title", "x"], ["1", "y"]) == (
        "t.csv: no `title`, `text` or `recommendation` column (see --map); the columns are: 'Ref', 'Owner'"
    )


def test_two_columns_giving_one_field_are_refused() -> None:
    """`Recommendation` and `Text` are both the text: ambiguous, so refused."""
    assert refusal(["Recommendation", "Text"], ["a", "b"]) == (
        "t.csv: columns 'Recommendation' and 'Text' both give `text`: keep one (or --map one of them to another field)"
    )


def test_header_below_a_title_row_is_found_and_rows_keep_their_numbers() -> None:
    """Rows above the header (a sheet title, notes) are skipped; empty rows too."""
    table = Table(
        rows=[
            (1, ["Scrutiny tracker 2026"]),
            (2, []),
            (3, ["Title", "Status"]),
            (4, ["A", "ongoing"]),
            (5, [None, None]),
            (6, ["B", "complete"]),
        ]
    )
    mapping = SheetMapping(statuses={"ongoing": "being-progressed"})
    found = read_table(table, source="t", mapping=mapping, workflow=DEFAULT_WORKFLOW, today=TODAY)
    assert [(r.row, r.header["title"], r.status) for r in found] == [
        (4, "A", "being-progressed"),
        (6, "B", "complete"),
    ]


@pytest.mark.parametrize(
    ("pair", "option"), [("Ref", "--map"), ("=number", "--map"), ("Ref=Not A Field", "--map")]
)
def test_bad_map_options_are_refused(pair: str, option: str) -> None:
    """`--map` needs COLUMN=FIELD with a field name."""
    with pytest.raises(ImportFormatError) as raised:
        parse_mapping([pair])
    assert str(raised.value) == f"{option}: {pair!r} is not COLUMN=FIELD (FIELD e.g. title, owner)"


# --- statuses --------------------------------------------------------------------------------


def test_status_map_is_case_insensitive() -> None:
    """`--status-map Green=complete` maps `GREEN`, `green ` and `Green`."""
    found = rows(
        ["title", "status"],
        ["a", "GREEN"],
        ["b", "green "],
        ["c", "Amber"],
        statuses=["Green=complete", "amber=being-progressed"],
    )
    assert [r.status for r in found] == ["complete", "complete", "being-progressed"]


def test_workflow_statuses_match_ignoring_case_spaces_and_hyphens() -> None:
    """`Complete`, `Being progressed` and `awaiting_review` are the ledger's statuses."""
    found = rows(
        ["title", "status"],
        ["a", "Complete"],
        ["b", "Being progressed"],
        ["c", "awaiting_review"],
        ["d", None],
    )
    assert [r.status for r in found] == [
        "complete",
        "being-progressed",
        "awaiting-review",
        "awaiting-review",
    ]


def test_unmapped_statuses_are_one_error_naming_each_value_and_its_rows() -> None:
    """Every unmapped value is named once with all its rows, with the other problems."""
    message = refusal(
        ["title", "status", "due"],
        ["a", "Paused", None],
        ["b", "Ongoing", None],
        ["c", "paused", None],
        ["d", "Paused", "31/02/2026"],
        ["e", "Red", None],
        statuses=["Green=complete"],
    )
    assert message == (
        "t.csv: 5 bad row(s), nothing imported: rows 2, 4-5: unknown status 'Paused'; row 3: unknown status 'Ongoing'; "
        "row 5: invalid date '31/02/2026': no such day (day is out of range for month); row 6: unknown status 'Red' "
        "(map a value with --status-map VALUE=STATUS, or add it to workflow.statuses in rectrack.yaml; "
        "statuses: awaiting-review, being-progressed, complete, no-further-action-needed, withdrawn)"
    )


def test_status_map_to_a_status_the_ledger_lacks_is_refused() -> None:
    """`--status-map Green=done` where `done` is not a status: refused before any row."""
    assert refusal(["title", "status"], ["a", "Green"], statuses=["Green=done"]) == (
        "--status-map: green=done: 'done' is not a status of this ledger (statuses: awaiting-review, being-progressed, complete, no-further-action-needed, withdrawn)"
    )


@pytest.mark.parametrize("pair", ["Green", "=complete", "Green="])
def test_bad_status_map_options_are_refused(pair: str) -> None:
    """`--status-map` needs VALUE=STATUS."""
    with pytest.raises(ImportFormatError) as raised:
        parse_status_mapping([pair])
    assert str(raised.value) == f"--status-map: {pair!r} is not VALUE=STATUS (e.g. Green=complete)"


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("01/02/26", D(2026, 2, 1)), ("01/02/2026", D(2026, 2, 1)), ("1/2/2026", D(2026, 2, 1)),
        ("01.02.2026", D(2026, 2, 1)), ("01-02-26", D(2026, 2, 1)), ("1 February 2026", D(2026, 2, 1)),
        ("2026-02-01", D(2026, 2, 1)), ("2026/02/01", D(2026, 2, 1)), ("2026-02-01 00:00:00", D(2026, 2, 1)),
        ("3rd March 2017", D(2017, 3, 3)), ("31 Dec 2019", D(2019, 12, 31)), ("01/02/99", D(1999, 2, 1)),
    ],
)  # fmt: skip
def test_dates_are_read_day_first(written: str, date: dt.date) -> None:
    """Numeric dates are day first (UK); named months and ISO dates as they are."""
    assert sheet_date(written, month_first=False, today=TODAY) == date


def test_month_first_switch_reads_us_dates() -> None:
    """With month_first, 01/02/26 is 2 January 2026; ISO dates are unchanged."""
    assert sheet_date("01/02/26", month_first=True, today=TODAY) == D(2026, 1, 2)
    assert sheet_date("2026-02-01", month_first=True, today=TODAY) == D(2026, 2, 1)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (
            "13/25/2026",
            "there is no month 25; dates are read day first (UK): 01/02/26 is 1 February",
        ),
        ("31/02/2026", "no such day (day is out of range for month)"),
        ("31st February 2019", "no such day (day is out of range for month)"),
        ("next week", "use a date like 01/02/2026 (day first), 2026-02-01 or 1 February 2026"),
    ],
)
def test_impossible_or_unreadable_dates_say_why(written: str, reason: str) -> None:
    """A date that cannot be read says why, and how dates are read."""
    with pytest.raises(InvalidDate) as raised:
        sheet_date(written, month_first=False, today=TODAY)
    assert str(raised.value) == f"invalid date {written!r}: {reason}"


def test_excel_date_cells_are_dates_and_numbers_are_not() -> None:
    """A datetime cell is its date; a number in a date column is refused by row."""
    (row,) = rows(
        ["title", "due", "opened"], ["a", dt.datetime(2026, 6, 30, 0, 0), dt.date(2026, 1, 5)]
    )
    assert (row.header["due"], row.opened) == (D(2026, 6, 30), D(2026, 1, 5))
    assert (
        "row 2: invalid date '46000': a number, not a date (format the column as dates)"
        in refusal(["title", "due"], ["a", 46000])
    )


@given(st.dates(min_value=D(1970, 1, 1), max_value=D(2068, 12, 31)), st.booleans(), st.booleans())
def test_any_date_written_either_way_reads_back(
    date: dt.date, month_first: bool, short_year: bool
) -> None:
    """A date written dd/mm/yyyy (or mm/dd with month_first, or a two-digit year) reads back."""
    year = f"{date.year % 100:02d}" if short_year else str(date.year)
    first, second = (date.month, date.day) if month_first else (date.day, date.month)
    assert (
        sheet_date(f"{first:02d}/{second:02d}/{year}", month_first=month_first, today=TODAY) == date
    )


# --- rows and problems ------------------------------------------------------------------------


def test_numbers_are_references_as_written() -> None:
    """Excel numbers 12 and 12.0 are `12`; 1.5 stays `1.5`; ids from numbers parse."""
    found = rows(["id", "title", "number"], [7, "a", 12], [8.0, "b", 12.0], [None, "c", 1.5])
    assert [(r.rec_id, r.header["number"]) for r in found] == [(7, "12"), (8, "12"), (None, "1.5")]
    assert cell_text(dt.datetime(2026, 2, 1, 9, 30)) == "2026-02-01 09:30:00"


def test_every_bad_row_is_reported_at_once() -> None:
    """Bad IDs, an ID twice, no title or text: each row named, counted, nothing returned."""
    assert refusal(
        ["id", "title", "text"],
        ["x", "a", None],
        ["4", "b", None],
        ["4", "c", None],
        ["5", None, None],
    ) == (
        "t.csv: 3 bad row(s), nothing imported: row 2: invalid recommendation ID 'x': IDs are positive whole "
        "numbers such as 5; row 4: id 4 appears twice; row 5: no title and no text"
    )


def test_many_bad_rows_are_summarised_after_ten() -> None:
    """Past ten problems the rest are counted, so the line stays readable."""
    message = refusal(["title", "due"], *[["a", "someday"]] * 14)
    assert message.startswith(
        "t.csv: 14 bad row(s), nothing imported: row 2: invalid date 'someday'"
    )
    assert "row 11: " in message and "row 12: " not in message and message.endswith("; and 4 more")


def test_rows_label_joins_runs() -> None:
    """Row numbers are listed with runs joined: 2-4, 7."""
    assert (rows_label([3]), rows_label([4, 2, 3, 7]), rows_label([5, 5])) == (
        "row 3",
        "rows 2-4, 7",
        "row 5",
    )
