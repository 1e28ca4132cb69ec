"""Bringing outside records into the ledger: tracker pages, spreadsheets, JSON exports.

One run, one commit, all or nothing. import_plans.py and import_sheets.py read and check
every input into Plans, noting every problem; then, under the ledger lock, each plan is
matched against the ledger (import_match.py): new recommendations get the next free IDs,
ones already there get only the events they lack, unchanged ones are skipped. If anything
is wrong anywhere (a bad page, an unknown status, a conflicting history, a file with
uncommitted changes), every problem is reported in one error and nothing is written.
Otherwise every new and grown file is written and committed together (bulkwrite.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from rectrack.app import bulkwrite, import_plans, import_sheets, stamp
from rectrack.app.import_match import Change, Known, plan_change
from rectrack.app.import_plans import Plan, Problems, Progress
from rectrack.app.import_sheets import SheetOptions
from rectrack.errors import UncommittedChanges
from rectrack.store.paths import Ledger
from rectrack.vcs import commits
from rectrack.vcs.repo import Identity

Action = Literal["imported", "updated", "skipped"]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What happened to one plan."""

    source: str
    action: Action
    rec_id: int | None
    detail: str


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """Every outcome in order, the commit made (None: nothing new), and what had no dates."""

    outcomes: tuple[Outcome, ...]
    commit: str | None = None
    undated: int = 0  # pages without a dated entry, started in `started`
    started: str = ""  # e.g. "awaiting-review on 2026-11-25"

    def count(self, action: Action) -> int:
        return sum(outcome.action == action for outcome in self.outcomes)

    def summary(self) -> str:
        actions: tuple[Action, ...] = ("imported", "updated", "skipped")
        text = ", ".join(f"{self.count(action)} {action}" for action in actions)
        if self.undated:
            pages = "page has" if self.undated == 1 else "pages have"
            text += f"; {self.undated} {pages} no dated entries: given {self.started}"
        return text + (f" [{self.commit[:8]}]" if self.commit else "")


def import_pages(
    ledger: Ledger, *, paths: Sequence[Path], by: str | None, report: str | None,
    date: str | None, today: dt.date, progress: Progress | None = None,
) -> ImportReport:  # fmt: skip
    """Tracker pages (files, or folders of `.txt`/`.html`/`.htm` pages), one recommendation
    each; a page with no dated entries starts in the initial status on `date` (default today)."""
    when, who, author = stamp.resolve_stamp(ledger, stamp.Stamp(by=by, date=date), today=today)
    workflow, problems = ledger.workflow, Problems()
    plans = import_plans.plan_pages(paths, workflow=workflow, by=who, report=report, date=when,
                                    problems=problems, progress=progress)  # fmt: skip
    import_plans.check_statuses(workflow, plans, problems)
    single = len(paths) == 1 and not paths[0].is_dir()
    origin = paths[0].name if single else "tracker pages"
    result = apply(ledger, plans=plans, problems=problems, origin=origin, author=author)
    imported = {outcome.source for outcome in result.outcomes if outcome.action == "imported"}
    undated = [plan for plan in plans if plan.undated == len(plan.events)]
    return replace(result, undated=sum(plan.source in imported for plan in undated),
                   started=f"{workflow.initial} on {when.isoformat()}")  # fmt: skip


def import_sheet(
    ledger: Ledger, *, path: Path, options: SheetOptions, by: str | None, today: dt.date,
    excel: bool = False,
) -> ImportReport:  # fmt: skip
    """A spreadsheet (CSV, or an Excel workbook's sheet), one recommendation per row; any
    bad row refuses the file."""
    _, who, author = stamp.resolve_stamp(ledger, stamp.Stamp(by=by), today=today)
    plans = import_sheets.plan_sheet(path, options=options, workflow=ledger.workflow, by=who,
                                     today=today, excel=excel)  # fmt: skip
    return apply(ledger, plans=plans, problems=Problems(), origin=path.name, author=author)


def import_json(ledger: Ledger, *, path: Path, by: str | None, today: dt.date) -> ImportReport:
    """A `rec export --format json` file, keeping IDs, events, dates and authors."""
    _, _, author = stamp.resolve_stamp(ledger, stamp.Stamp(by=by), today=today)
    problems = Problems()
    plans = import_sheets.plan_json(path, workflow=ledger.workflow, problems=problems)
    return apply(ledger, plans=plans, problems=problems, origin=path.name, author=author)


def apply(
    ledger: Ledger, *, plans: Sequence[Plan], problems: Problems, origin: str,
    author: Identity | None,
) -> ImportReport:  # fmt: skip
    """Match every plan against the ledger and write what is new as one commit.

    Raises (writing nothing) if any problem was found, in planning or in matching.
    """
    kept, repeats = import_plans.without_repeats(plans, problems)
    changes: list[Change] = []

    def build() -> bulkwrite.Batch:
        changes.clear()
        known = Known.read(ledger, plans=kept)
        for plan in kept:
            with problems.collecting():
                changes.append(plan_change(ledger, plan, known=known))
        files = [change.file for change in changes if change.file is not None]
        dirty = commits.uncommitted(ledger.git_root, [f.path for f in files if f.old is not None])
        for path in sorted(dirty):  # named from where the user is, as `git diff` takes it
            problems.add(UncommittedChanges(path=os.path.relpath(path, Path.cwd())))
        problems.raise_any()
        return bulkwrite.Batch(files=tuple(files), message=commit_message(changes, origin))

    _, commit = bulkwrite.write_batch(ledger, build=build, author=author)
    outcomes = [_outcome(change) for change in changes]
    ids = {change.plan.source: change.rec_id for change in changes}
    outcomes += [
        Outcome(source=plan.source, action="skipped", rec_id=ids.get(earlier.source),
                detail=f"the same as {earlier.source}")
        for plan, earlier in repeats
    ]  # fmt: skip
    return ImportReport(outcomes=tuple(outcomes), commit=commit)


def _outcome(change: Change) -> Outcome:
    return Outcome(source=change.plan.source, action=change.action, rec_id=change.rec_id,
                   detail=change.detail)  # fmt: skip


def commit_message(changes: Sequence[Change], origin: str) -> str:
    """`rec: import 31 recommendations from tracker pages`, and one line per file written."""
    made = [change for change in changes if change.action == "imported"]
    grown = [change for change in changes if change.action == "updated"]
    parts = []
    if made:
        parts.append(f"{len(made)} recommendation{'' if len(made) == 1 else 's'}")
    if grown:
        which = "more" if made else "recommendation" + ("" if len(grown) == 1 else "s")
        parts.append(f"new events for {len(grown)} {which}")
    lines = [
        f"rec {change.rec_id}: {change.plan.source}"
        + (f" ({change.plan.what})" if change.plan.what.startswith("tracker") else "")
        + f": {change.detail}"
        for change in made + grown
    ]
    return f"rec: import {' and '.join(parts)} from {origin}\n\n" + "\n".join(lines) + "\n"
