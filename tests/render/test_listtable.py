"""The plain `rec list` table: what pipes and long lists get."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.events import StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.render import listtable as listview

TODAY = dt.date(2020, 1, 1)


def recommendation(rec_id: int, title: str, *, owner: str = "DCI Smith") -> Recommendation:
    event = StatusChange(date=dt.date(2017, 3, 3), by="me", status="awaiting-review")
    header = {"title": title, "owner": owner, "due": dt.date(2019, 9, 30)}
    return Recommendation(id=rec_id, header=header, events=(event,))


def test_plain_table_has_header_rows_and_footer() -> None:
    """Header line, one line a recommendation, then the count; overdue marked with !."""
    recs = [recommendation(1, "Map organised crime groups"), recommendation(12, "Second")]
    text = listview.plain_text(recs, workflow=DEFAULT_WORKFLOW, today=TODAY, width=100)
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "Title", "Status", "Owner", "Due", "Last"]
    assert lines[1].split()[0] == "1" and "2019-09-30!" in lines[1]
    assert lines[2].startswith("12  Second")
    assert lines[-1] == "2 recommendation(s); ! = overdue"


def test_summaries_and_recommendations_make_the_same_table() -> None:
    """A RecSummary lays out exactly like the Recommendation it sums up."""
    recs = [recommendation(1, "Map organised crime groups")]
    summaries = [RecSummary.of(rec) for rec in recs]
    assert listview.plain_text(
        recs, workflow=DEFAULT_WORKFLOW, today=TODAY, width=80
    ) == listview.plain_text(summaries, workflow=DEFAULT_WORKFLOW, today=TODAY, width=80)


def test_no_match() -> None:
    """An empty list says so."""
    assert listview.plain_text([], workflow=DEFAULT_WORKFLOW, today=TODAY, width=80) == (
        "No recommendations match.\n"
    )


@given(
    titles=st.lists(st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1), min_size=1),
    owner=st.text(st.characters(categories=["L", "Zs"]), max_size=40),
)
def test_plain_lines_fit_80_columns_and_have_no_escapes(titles: list[str], owner: str) -> None:
    """Whatever the titles and owners, every line fits in 80 columns without escape codes."""
    recs = [recommendation(i, title, owner=owner) for i, title in enumerate(titles, 1)]
    text = listview.plain_text(recs, workflow=DEFAULT_WORKFLOW, today=TODAY, width=80)
    assert "\x1b" not in text
    assert all(len(line) <= 80 for line in text.splitlines())


@pytest.mark.parametrize(("columns", "expected"), [("120", 120), ("abc", 80), (None, 80)])
def test_output_width_follows_columns(
    monkeypatch: pytest.MonkeyPatch, columns: str | None, expected: int
) -> None:
    """$COLUMNS decides the width when set; otherwise 80 (no terminal under pytest)."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    if columns != "120" and any(os.isatty(descriptor) for descriptor in (0, 1, 2)):
        pytest.skip("a terminal is attached")
    assert listview.output_width() == expected
