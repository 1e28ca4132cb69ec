"""The order a report lists recommendations in (`--sort KEY [--reverse]`): pure, no I/O.

Apart from the filters (query.py) so that plain `rec list`, which never sorts, does not
pay for building it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rectrack.domain.state import CurrentFields
from rectrack.domain.workflow import Workflow

#: What `--sort` accepts, in the order help lists them.
SORT_KEYS = ("id", "due", "status", "owner", "activity")
Rec = TypeVar("Rec", bound=CurrentFields)


@dataclass(frozen=True, kw_only=True)
class RecOrder:
    """The order a report lists recommendations in: `--sort KEY [--reverse]`.

    Ties keep ID order, and those with nothing to sort by (no due date, no owner, no
    status, no activity) come last either way round.
    """

    key: str = "id"
    reverse: bool = False

    def apply(self, recs: Sequence[Rec], *, workflow: Workflow) -> list[Rec]:
        """`recs` in this order (a new list; `recs` is left as it was)."""
        by_id = sorted(recs, key=lambda rec: rec.id)
        if self.key == "id":
            return by_id[::-1] if self.reverse else by_id
        value = _SORT_VALUES[self.key]
        keyed = [(value(rec, workflow), rec) for rec in by_id]
        present = [pair for pair in keyed if pair[0] is not None]
        present.sort(key=lambda pair: pair[0], reverse=self.reverse)  # stable: ties by ID
        return [rec for _, rec in present] + [rec for key, rec in keyed if key is None]


#: The usual order: by ID.
BY_ID = RecOrder()


def _status_rank(rec: CurrentFields, workflow: Workflow) -> tuple[int, str] | None:
    if rec.status is None:
        return None
    known = workflow.statuses
    return (known.index(rec.status) if rec.status in known else len(known), rec.status)


_SORT_VALUES: dict[str, Any] = {
    "due": lambda rec, _workflow: rec.due,
    "status": _status_rank,
    "owner": lambda rec, _workflow: rec.owner.casefold() if rec.owner else None,
    "activity": lambda rec, _workflow: rec.state.last_activity,
}
