"""Matching a plan against the ledger: a new file, the events an existing one lacks, or
nothing; with the bytes to write, proven to read back as the plan says.

A recommendation is recognised by the key it was imported with: a page by its tracker ID
(else its kind, number and text), a spreadsheet row by its report and number, a JSON
export's recommendation by its ID.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from rectrack.app.bulkwrite import BatchFile
from rectrack.app.import_plans import Plan
from rectrack.domain import codec
from rectrack.domain.events import HEADER_FIELDS, Comment, Event, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.errors import ImportConflict, RecordInvalid
from rectrack.store import readcache, recfile
from rectrack.store.files import read_bytes
from rectrack.store.paths import Ledger


@dataclass(frozen=True, kw_only=True)
class Change:
    """What importing one plan does: the file to write (None: nothing) and what to say."""

    plan: Plan
    action: Literal["imported", "updated", "skipped"]
    rec_id: int
    detail: str
    file: BatchFile | None = None


def keys_of(header: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The keys a recommendation already in the ledger is recognised by (Plan.key's shapes)."""
    keys: list[tuple[Any, ...]] = []
    if header.get("tracker_id"):
        keys.append(("tracker", str(header["tracker_id"])))
    elif header.get("kind") and header.get("text"):
        keys.append(("page", header["kind"], header.get("number") or "", header["text"]))
    if header.get("report") and header.get("number"):
        keys.append(("row", header["report"], header["number"]))
    return keys


@dataclass(kw_only=True)
class Known:
    """The ledger as read once, under the lock: keys to IDs, and each recommendation."""

    recs: dict[int, Recommendation]
    ids: dict[tuple[Any, ...], int] = field(default_factory=dict)
    last: int = 0  # the highest ID in the ledger, asked for by a plan, or given out

    @classmethod
    def read(cls, ledger: Ledger, *, plans: Sequence[Plan]) -> Known:
        """Every recommendation (through the read cache), and the IDs the plans ask for."""
        numbers = ledger.rec_ids()
        recs = readcache.read_recommendations(
            recs_dir=ledger.recs_dir, ids=numbers,
            cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
        ) if numbers else []  # fmt: skip
        asked = [plan.rec_id for plan in plans if plan.rec_id is not None]
        known = cls(recs={rec.id: rec for rec in recs}, last=max([*numbers, *asked], default=0))
        for rec in recs:
            for key in keys_of(rec.header):
                known.ids.setdefault(key, rec.id)
        return known

    def next_id(self) -> int:
        """The next free ID: above every ID in the ledger, asked for, or given out."""
        self.last += 1
        return self.last


def plan_change(ledger: Ledger, plan: Plan, *, known: Known) -> Change:
    """What importing `plan` does to the ledger; ImportConflict if it disagrees with it."""
    existing = plan.rec_id if plan.rec_id is not None else known.ids.get(plan.key or ())
    if existing is not None and existing in known.recs:
        rec = known.recs[existing]
        new = missing_events(rec, plan)
        if not new:
            return Change(
                plan=plan, action="skipped", rec_id=rec.id, detail="already in the ledger"
            )
        path = ledger.rec_path(rec.id)
        old = read_bytes(path)
        data = recfile.append_events(old, new, rec=rec, path=path)
        count = f"{len(new)} new event{'' if len(new) == 1 else 's'}"
        return Change(plan=plan, action="updated", rec_id=rec.id, detail=count,
                      file=BatchFile(path=path, old=old, new=data))  # fmt: skip
    number = plan.rec_id if plan.rec_id is not None else known.next_id()
    path = ledger.rec_path(number)
    data = new_file(plan, path=path, rec_id=number)
    if plan.key is not None:
        known.ids.setdefault(plan.key, number)
    return Change(plan=plan, action="imported", rec_id=number, detail=describe(plan),
                  file=BatchFile(path=path, old=None, new=data))  # fmt: skip


def new_file(plan: Plan, *, path: Path, rec_id: int) -> bytes:
    """The new file's bytes, proven to read back as exactly the plan's header and events."""
    # No tags reads back as (); write it as the empty field `rec new` writes.
    header = {k: None if k == "tags" and v == () else v for k, v in plan.header.items()}
    data = recfile.render_new_file(header=header, events=plan.events)
    rec = recfile.parse_laid_out(data, rec_id=rec_id, path=path)
    expected = codec.header_values({name: header.get(name) for name in HEADER_FIELDS} | header)
    if rec.events != plan.events or dict(rec.header) != expected:
        raise RecordInvalid(detail=f"{plan.source}: cannot be written so that it reads back")
    return data


def describe(plan: Plan) -> str:
    """`5 events`, and what the page did not date."""
    count = f"{len(plan.events)} event{'' if len(plan.events) == 1 else 's'}"
    if not plan.undated:
        return count
    first = plan.events[-plan.undated]
    if isinstance(first, StatusChange) and plan.undated == len(plan.events):
        return f"{count}; no dated entries: {first.status} on {first.date.isoformat()}"
    if isinstance(first, StatusChange):
        return f"{count}; no status on the page: {first.status} on {first.date.isoformat()}"
    return f"{count}; undated progress text as a comment on {first.date.isoformat()}"


def missing_events(rec: Recommendation, plan: Plan) -> tuple[Event, ...]:
    """The plan's events the ledger lacks; ImportConflict if the two histories disagree.

    Pages and rows are matched ignoring `by` (the page names nobody; --by may differ between
    imports) and allowing events added in rectrack since; a JSON export must match exactly.
    What a page left undated is matched by content, whatever date an earlier import gave it.
    """
    if plan.mode == "row":
        return ()  # a spreadsheet row is a starting point, not a history
    if plan.mode == "export":
        if dict(rec.header) != plan.header:
            raise ImportConflict(rec_id=rec.id, reason="headers differ")
        if rec.events != plan.events[: len(rec.events)]:
            raise ImportConflict(rec_id=rec.id, reason="events differ")
        return plan.events[len(rec.events) :]
    dated = plan.events[: len(plan.events) - plan.undated]
    have = [_sameness(event) for event in rec.events]
    position = matched = 0
    for event in dated:
        try:
            position = have.index(_sameness(event), position) + 1
        except ValueError:
            break
        matched += 1
    rest = dated[matched:]
    if any(_sameness(event) in have[position:] for event in rest):
        raise ImportConflict(
            rec_id=rec.id,
            reason=f"event {matched + 1} on the page is not in the ledger but later ones are",
        )  # fmt: skip
    undated = plan.events[len(dated) :]
    return rest + tuple(event for event in undated if not _has_undated(rec, event))


def _sameness(event: Event) -> Event:
    return replace(event, by="")


def _has_undated(rec: Recommendation, event: Event) -> bool:
    """An undated status is there if any status is; undated text if the same comment is."""
    if isinstance(event, StatusChange):
        return any(isinstance(have, StatusChange) for have in rec.events)
    return isinstance(event, Comment) and any(
        isinstance(have, Comment) and have.text == event.text for have in rec.events
    )
