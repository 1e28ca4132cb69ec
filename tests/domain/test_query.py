"""List filters and orders: tables of recommendations in, IDs out, for full and cached ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rectrack.domain.events import Event, FieldChange, StatusChange
from rectrack.domain.query import SORT_KEYS, RecFilter, RecOrder
from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import DEFAULT_WORKFLOW

TODAY = dt.date(2026, 11, 25)
day = dt.date


def _rec(
    rec_id: int, *, status: str | None, last: dt.date | None = None, **header: Any
) -> Recommendation:
    events: list[Event] = []
    if status is not None:
        events.append(StatusChange(date=day(2025, 1, rec_id), by="P&A", status=status))
    if last is not None:
        events.append(FieldChange(date=last, by="P&A", field="number", value=str(rec_id)))
    return Recommendation(
        id=rec_id, header={"title": f"Rec {rec_id}", **header}, events=tuple(events)
    )


RECS = [
    _rec(1, status="complete", owner="DCI Smith", due=day(2026, 3, 1), tags=["custody", "Kent"],
         force="Kent", last=day(2026, 5, 1)),
    _rec(2, status="awaiting-review", owner="supt okafor", due=day(2025, 1, 1), tags=["custody"],
         force="kent"),
    _rec(3, status="being-progressed", owner=None, due=None, tags=[], force="Essex",
         last=day(2026, 9, 1)),
    _rec(4, status=None, owner="ACC Brown", due=day(2026, 3, 1), tags=None),
]  # fmt: skip


@pytest.mark.parametrize("summaries", [False, True], ids=["full", "cached"])
@pytest.mark.parametrize(
    ("conditions", "ids"),
    [
        ({"tags": ("custody",)}, [1, 2]),
        ({"tags": ("CUSTODY", "kent")}, [1]),
        ({"tags": ("nothing",)}, []),
        ({"fields": (("force", "KENT"),)}, [1, 2]),
        ({"fields": (("force", "kent"), ("owner", "dci smith"))}, [1]),
        ({"fields": (("owner", ""),)}, [3]),
        ({"fields": (("tags", "custody"),)}, [1, 2]),
        ({"fields": (("tags", ""),)}, [3, 4]),
        ({"fields": (("due", "2026-03-01"),)}, [1, 4]),
        ({"fields": (("status", "Complete"),)}, [1]),
        ({"fields": (("force", "ken"),)}, []),
        ({"fields": (("force", " Kent "),)}, [1, 2]),
        ({"open_only": True}, [2, 3, 4]),
        ({"open_only": True, "tags": ("custody",)}, [2]),
    ],
)
def test_filters(conditions: dict[str, Any], ids: list[int], summaries: bool) -> None:
    """Tags must all be there and fields all hold, ignoring case, for both kinds of row."""
    rows = [RecSummary.of(rec) for rec in RECS] if summaries else RECS
    rec_filter = RecFilter(**conditions)
    found = [r.id for r in rows if rec_filter.matches(r, workflow=DEFAULT_WORKFLOW, today=TODAY)]
    assert found == ids


@pytest.mark.parametrize(
    ("key", "reverse", "ids"),
    [
        ("id", False, [1, 2, 3, 4]),
        ("id", True, [4, 3, 2, 1]),
        ("due", False, [2, 1, 4, 3]),
        ("due", True, [1, 4, 2, 3]),
        ("status", False, [2, 3, 1, 4]),
        ("status", True, [1, 3, 2, 4]),
        ("owner", False, [4, 1, 2, 3]),
        ("owner", True, [2, 1, 4, 3]),
        ("activity", False, [2, 1, 3, 4]),
        ("activity", True, [3, 1, 2, 4]),
    ],
)
def test_orders(key: str, reverse: bool, ids: list[int]) -> None:
    """Each --sort key orders by its value, ties by ID, and those without a value come last
    even reversed; the input list is not changed."""
    shuffled = [RECS[2], RECS[0], RECS[3], RECS[1]]
    ordered = RecOrder(key=key, reverse=reverse).apply(shuffled, workflow=DEFAULT_WORKFLOW)
    assert [rec.id for rec in ordered] == ids
    assert [rec.id for rec in shuffled] == [3, 1, 4, 2]
    summaries = [RecSummary.of(rec) for rec in shuffled]
    cached = RecOrder(key=key, reverse=reverse).apply(summaries, workflow=DEFAULT_WORKFLOW)
    assert [rec.id for rec in cached] == ids


def test_every_sort_key_is_ordered() -> None:
    """The keys help lists are the keys that sort."""
    assert SORT_KEYS == ("id", "due", "status", "owner", "activity")
    for key in SORT_KEYS:
        assert len(RecOrder(key=key).apply(RECS, workflow=DEFAULT_WORKFLOW)) == len(RECS)
