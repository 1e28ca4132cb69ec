"""A recommendation's state is the fold of its events over its header."""

from __future__ import annotations

import datetime as dt

from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.domain.state import Recommendation, fold

D = dt.date


def test_fold_applies_status_and_set_events_in_order() -> None:
    """The last status wins; set events replace header fields; comments change nothing."""
    header = {"title": "T", "owner": "A", "due": D(2017, 9, 30)}
    events = (
        StatusChange(date=D(2017, 3, 3), by="x", status="awaiting-review"),
        FieldChange(date=D(2017, 4, 1), by="x", field="owner", value="B"),
        Comment(date=D(2018, 1, 1), by="x", text="note"),
        StatusChange(date=D(2018, 2, 1), by="x", status="complete"),
    )
    state = fold(header=header, events=events)
    assert state.status == "complete"
    assert state.get("owner") == "B"
    assert state.opened == D(2017, 3, 3)
    assert state.last_activity == D(2018, 2, 1)
    assert header["owner"] == "A"  # the header itself is never changed


def test_no_events_means_no_status() -> None:
    """A recommendation with no events has no status and no dates."""
    state = fold(header={"title": "T"}, events=())
    assert (state.status, state.opened, state.last_activity) == (None, None, None)


def test_overdue_only_when_past_due_and_not_final() -> None:
    """Overdue means a due date before today and a status that is not final."""
    open_rec = Recommendation(
        id=1,
        header={"title": "T", "due": D(2017, 9, 30)},
        events=(StatusChange(date=D(2017, 3, 3), by="x", status="being-progressed"),),
    )
    final = frozenset({"complete"})
    assert open_rec.is_overdue(today=D(2017, 10, 1), final=final)
    assert not open_rec.is_overdue(today=D(2017, 9, 30), final=final)
    closed = Recommendation(
        id=1, header=open_rec.header,
        events=(*open_rec.events, StatusChange(date=D(2017, 9, 1), by="x", status="complete")),
    )  # fmt: skip
    assert not closed.is_overdue(today=D(2020, 1, 1), final=final)


def test_json_shapes_follow_the_documented_contract() -> None:
    """detail_json has the documented keys; set values and dates are JSON-ready."""
    rec = Recommendation(
        id=5,
        header={"title": "T", "number": "5", "tags": ("a",), "section": "Causes of concern"},
        events=(
            StatusChange(date=D(2017, 3, 3), by="x", status="awaiting-review"),
            FieldChange(date=D(2017, 3, 4), by="y", field="due", value=D(2017, 9, 30)),
            Comment(date=D(2017, 3, 5), by="z", text="hi"),
        ),
    )
    data = rec.detail_json()
    assert data["id"] == 5 and data["status"] == "awaiting-review" and data["due"] == "2017-09-30"
    assert data["section"] == "Causes of concern" and data["tags"] == ["a"]
    assert data["events"] == [
        {
            "number": 1,
            "date": "2017-03-03",
            "by": "x",
            "kind": "status",
            "status": "awaiting-review",
        },
        {
            "number": 2,
            "date": "2017-03-04",
            "by": "y",
            "kind": "set",
            "field": "due",
            "value": "2017-09-30",
        },
        {"number": 3, "date": "2017-03-05", "by": "z", "kind": "comment", "text": "hi"},
    ]
    assert "events" not in rec.summary_json()


def test_due_history_keeps_the_original_and_each_move() -> None:
    """The first due date stays as original_due; each later change is a move with its reason."""
    from rectrack.domain.state import as_at

    rec = Recommendation(
        id=1,
        header={"title": "T", "due": None},
        events=(
            StatusChange(date=D(2017, 3, 3), by="x", status="open"),
            FieldChange(date=D(2017, 3, 4), by="x", field="due", value=D(2017, 9, 30)),
            FieldChange(
                date=D(2017, 9, 1), by="y", field="due", value=D(2018, 3, 31), reason="slip"
            ),
            FieldChange(
                date=D(2018, 3, 1), by="y", field="due", value=D(2018, 9, 30), reason="again"
            ),
        ),
    )
    assert rec.original_due == D(2017, 9, 30)
    assert rec.due == D(2018, 9, 30)
    assert [(m.old, m.new, m.reason) for m in rec.due_moves] == [
        (D(2017, 9, 30), D(2018, 3, 31), "slip"),
        (D(2018, 3, 31), D(2018, 9, 30), "again"),
    ]
    then = as_at(rec, D(2017, 12, 31))
    assert then is not None and then.due == D(2018, 3, 31) and len(then.due_moves) == 1
    assert as_at(rec, D(2017, 3, 2)) is None
