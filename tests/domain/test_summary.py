"""RecSummary: a recommendation's current state, answering as the Recommendation does."""

from __future__ import annotations

import datetime as dt

from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary

D = dt.date(2018, 3, 27)


def test_summary_answers_like_the_recommendation() -> None:
    """Status, title, owner, due, overdue and the list JSON are the same."""
    rec = Recommendation(
        id=5,
        header={"title": "Map groups", "owner": "DCI Smith", "due": dt.date(2017, 9, 30),
                "tags": ("a",), "kind": "recommendation"},
        events=(
            StatusChange(date=dt.date(2017, 3, 3), by="me", status="awaiting-review"),
            Comment(date=D, by="me", text="Waiting"),
            FieldChange(date=D, by="me", field="owner", value="Supt Jones"),
        ),
    )  # fmt: skip
    summary = RecSummary.of(rec)
    assert (summary.id, summary.status, summary.title, summary.owner, summary.due) == (
        rec.id, rec.status, rec.title, rec.owner, rec.due,
    )  # fmt: skip
    for final in (frozenset(), frozenset({"awaiting-review"})):
        assert summary.is_overdue(today=D, final=final) == rec.is_overdue(today=D, final=final)
    assert summary.summary_json() == rec.summary_json()
    assert summary.summary_json()["owner"] == "Supt Jones"


def test_summary_of_an_empty_recommendation() -> None:
    """No events: no status, no dates, empty title."""
    summary = RecSummary.of(Recommendation(id=1, header={}))
    assert (summary.status, summary.title, summary.owner, summary.due) == (None, "", None, None)
