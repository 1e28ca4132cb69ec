"""Bringing outside records into the ledger: tracker pages, spreadsheets, JSON exports.

import_plans.py reads and checks every file into Plans first; this module then writes one
commit per recommendation through the same door as every other write (lock, atomic file, one-file
commit, rollback). A plan that matches a recommendation already in the ledger adds only
what the ledger lacks, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from rectrack.app import import_plans, stamp, writepath
from rectrack.app.import_plans import Mode, Plan
from rectrack.domain.events import Event
from rectrack.domain.identifiers import parse_id
from rectrack.domain.state import Recommendation
from rectrack.errors import (
    ImportConflict,
    ImportIncomplete,
    RectrackError,
)
from rectrack.importers.csv_import import parse_mapping
from rectrack.store import recfile
from rectrack.store.paths import Ledger
from rectrack.vcs import repo

Action = Literal["imported", "updated", "skipped", "failed"]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What happened to one plan."""

    source: str
    action: Action
    rec_id: int | None
    detail: str


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """Every outcome, in order."""

    outcomes: tuple[Outcome, ...]

    def count(self, action: Action) -> int:
        return sum(outcome.action == action for outcome in self.outcomes)

    def summary(self) -> str:
        actions: tuple[Action, ...] = ("imported", "updated", "skipped", "failed")
        return ", ".join(f"{self.count(action)} {action}" for action in actions)

    def check(self) -> None:
        """Raise ImportIncomplete if any plan failed."""
        failed = [outcome for outcome in self.outcomes if outcome.action == "failed"]
        if failed:
            reasons = "; ".join(f"{outcome.source}: {outcome.detail}" for outcome in failed)
            raise ImportIncomplete(failed=len(failed), total=len(self.outcomes), reasons=reasons)


#: Told after each item: (items done, items in all).
Progress = Callable[[int, int | None], None]


def import_pages(
    ledger: Ledger, *, paths: Sequence[Path], by: str | None, report: str | None,
    today: dt.date, progress: Progress | None = None,
) -> ImportReport:  # fmt: skip
    """Tracker pages, one recommendation each; every page is checked before any is written."""
    who = identity_by(ledger, by=by, today=today)
    plans = import_plans.plan_pages(ledger, paths=paths, by=who, report=report)
    return apply(ledger, plans=plans, stamp_by=by, today=today, progress=progress)


def import_csv(
    ledger: Ledger, *, path: Path, mapping: Sequence[str], by: str | None, today: dt.date,
    progress: Progress | None = None,
) -> ImportReport:  # fmt: skip
    """A spreadsheet, one recommendation per row (`mapping`: `COLUMN=FIELD` pairs); any bad
    row refuses the file."""
    columns = parse_mapping(list(mapping))
    who = identity_by(ledger, by=by, today=today)
    plans = import_plans.plan_csv(ledger, path=path, mapping=columns, by=who, today=today)
    return apply(ledger, plans=plans, stamp_by=by, today=today, progress=progress)


def import_json(
    ledger: Ledger, *, path: Path, by: str | None, today: dt.date, progress: Progress | None = None
) -> ImportReport:
    """A `rec export --format json` file, keeping IDs, events, dates and authors."""
    plans = import_plans.plan_json(ledger, path=path)
    return apply(ledger, plans=plans, stamp_by=by, today=today, progress=progress)


# --- applying plans ------------------------------------------------------------------------


def apply(
    ledger: Ledger, *, plans: Sequence[Plan], stamp_by: str | None, today: dt.date,
    progress: Progress | None = None,
) -> ImportReport:  # fmt: skip
    """Write every plan (one commit each); a failure is recorded and the rest go on."""
    _, _, author = stamp.resolve_stamp(ledger, stamp.Stamp(by=stamp_by), today=today)
    index = _index(ledger)
    outcomes = []
    for plan in plans:
        try:
            outcome = _apply_one(ledger, plan, index=index, author=author)
        except RectrackError as error:
            outcome = Outcome(source=plan.source, action="failed", rec_id=None, detail=str(error))
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), len(plans))
    return ImportReport(outcomes=tuple(outcomes))


def identity_by(ledger: Ledger, *, by: str | None, today: dt.date) -> str:
    """The `by` for imported events: --by, else the git user's name."""
    return stamp.resolve_stamp(ledger, stamp.Stamp(by=by), today=today)[1]


def _key(mode: Mode, header: dict[str, Any] | Any) -> tuple[Any, ...] | None:
    """How a plan recognises the recommendation it came from on an earlier import."""
    if mode == "page":
        return ("page", header.get("kind"), header.get("number"), header.get("text"))
    if mode == "row" and header.get("report") and header.get("number"):
        return ("row", header.get("report"), header.get("number"))
    return None


@dataclass(kw_only=True)
class _Known:
    """The ledger as read once before importing: keys to IDs, and each unchanged record."""

    ids: dict[tuple[Any, ...], int]
    recs: dict[int, Recommendation]


def _index(ledger: Ledger) -> _Known:
    known = _Known(ids={}, recs={})
    for number in ledger.rec_ids():
        rec = recfile.read_recommendation(ledger.rec_path(number), rec_id=number)
        known.recs[number] = rec
        for mode in ("page", "row"):
            if (key := _key(mode, rec.header)) is not None:
                known.ids.setdefault(key, number)
    return known


def _apply_one(
    ledger: Ledger, plan: Plan, *, index: _Known, author: repo.Identity | None
) -> Outcome:
    key = _key(plan.mode, plan.header)
    existing = plan.rec_id if plan.rec_id is not None else index.ids.get(key) if key else None
    if existing is not None and ledger.rec_path(existing).is_file():
        cached = index.recs.pop(existing, None)
        # Most re-imported items are unchanged: say so without taking the lock or running git.
        if cached is not None and not missing_events(cached, plan):
            index.recs[existing] = cached
            return _skipped(plan, existing)
        return _update(ledger, plan, rec_id=existing, author=author)
    rec_id = _create(ledger, plan, author=author)
    if key is not None:
        index.ids[key] = rec_id
    return Outcome(
        source=plan.source, action="imported", rec_id=rec_id, detail=f"{len(plan.events)} events"
    )


class _NothingNew(Exception):
    """Raised inside the write path when the ledger already has everything."""


def _update(ledger: Ledger, plan: Plan, *, rec_id: int, author: repo.Identity | None) -> Outcome:
    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        new = missing_events(rec, plan)
        if not new:
            raise _NothingNew
        return new, f"rec {rec.id}: import {len(new)} new event(s) from {plan.file}"

    try:
        result = writepath.append_and_commit(ledger, rec_id=str(rec_id), build=build, author=author)
    except _NothingNew:
        return _skipped(plan, rec_id)
    detail = f"{len(result.events)} new event(s)"
    return Outcome(source=plan.source, action="updated", rec_id=rec_id, detail=detail)


def _skipped(plan: Plan, rec_id: int) -> Outcome:
    return Outcome(
        source=plan.source, action="skipped", rec_id=rec_id, detail="already in the ledger"
    )


def missing_events(rec: Recommendation, plan: Plan) -> tuple[Event, ...]:
    """The plan's events the ledger lacks; ImportConflict if the two histories disagree.

    Pages and rows are matched ignoring `by` (the page names nobody; --by may differ between
    imports) and allowing events added in rectrack since; a JSON export must match exactly.
    """
    if plan.mode == "row":
        return ()  # a spreadsheet row is a starting point, not a history
    if plan.mode == "export":
        if dict(rec.header) != plan.header:
            raise ImportConflict(rec_id=rec.id, reason="headers differ")
        if rec.events != plan.events[: len(rec.events)]:
            raise ImportConflict(rec_id=rec.id, reason="events differ")
        return plan.events[len(rec.events) :]
    have = [_sameness(event) for event in rec.events]
    position = matched = 0
    for event in plan.events:
        try:
            position = have.index(_sameness(event), position) + 1
        except ValueError:
            break
        matched += 1
    rest = plan.events[matched:]
    if any(_sameness(event) in have[position:] for event in rest):
        raise ImportConflict(
            rec_id=rec.id,
            reason=f"event {matched + 1} on the page is not in the ledger but later ones are",
        )  # fmt: skip
    return rest


def _sameness(event: Event) -> Event:
    return replace(event, by="")


def _create(ledger: Ledger, plan: Plan, *, author: repo.Identity | None) -> int:
    # No tags reads back as (); write it as the empty field `rec new` writes.
    header = {k: None if k == "tags" and v == () else v for k, v in plan.header.items()}
    what = f"{plan.what} " if plan.what else ""
    number, _commit, _message = writepath.create_and_commit(
        ledger,
        header=header,
        events=plan.events,
        rec_id=None if plan.rec_id is None else parse_id(plan.rec_id),
        message=lambda number: f"rec {number}: import {what}from {plan.file}",
        author=author,
    )
    return number
