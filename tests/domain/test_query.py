"""List filters: tables of recommendations in, IDs out, for full and cached ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rectrack.domain.events import Event, FieldChange, StatusChange
from rectrack.domain.query import RecFilter
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
