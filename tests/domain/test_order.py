"""List orders: the same recommendations, full and cached, in each --sort order."""

from __future__ import annotations

import pytest

from rectrack.domain.order import SORT_KEYS, RecOrder
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from tests.domain.test_query import RECS


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
