"""Reading the ledger as it is now: one recommendation, the list, the history."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from rectrack.domain.identifiers import parse_id
from rectrack.domain.state import Recommendation
from rectrack.errors import UnknownRecommendation
from rectrack.store import recfile
from rectrack.store.paths import Ledger

if TYPE_CHECKING:  # the write path does not pay for the list and history modules
    from rectrack.domain.query import RecFilter
    from rectrack.domain.skipped import SkippedFile
    from rectrack.domain.summary import RecSummary
    from rectrack.vcs.log import CommitInfo

Row = TypeVar("Row")


def get_recommendation(ledger: Ledger, *, rec_id: str | int) -> Recommendation:
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    if not os.path.lexists(path):  # a folder or a bad symlink: read_bytes says what is wrong
        raise UnknownRecommendation(rec_id=number)
    return recfile.read_recommendation(path, rec_id=number)


@dataclass(frozen=True, kw_only=True)
class Listing(Generic[Row]):
    """The recommendations a report lists, and the files it had to leave out.

    A file under recs/ that cannot be read (bad YAML, a folder named 9.yaml, a symlink out
    of the ledger...) does not stop the report: it is in `skipped`, and the command line
    prints one warning for each (`--strict` makes them exit code 1).
    """

    recs: list[Row]
    skipped: list[SkippedFile] = field(default_factory=list)


def list_recommendations(
    ledger: Ledger, *, rec_filter: RecFilter, today: dt.date
) -> Listing[Recommendation]:
    """Every readable recommendation matching `rec_filter`, by ID."""
    workflow = ledger.workflow
    rec_filter.check(workflow)
    from rectrack.store import readcache

    skipped: list[SkippedFile] = []
    recs = readcache.read_recommendations(
        recs_dir=ledger.recs_dir,
        ids=ledger.rec_ids(),
        cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
        skipped=skipped,
    )
    matching = [rec for rec in recs if rec_filter.matches(rec, workflow=workflow, today=today)]
    return Listing(recs=matching, skipped=skipped)


def list_summaries(
    ledger: Ledger, *, rec_filter: RecFilter, today: dt.date
) -> Listing[RecSummary | Recommendation]:
    """What `rec list` shows: like list_recommendations, without building any event."""
    if rec_filter.needs_events:  # --grep searches comments: build the events after all
        found = list_recommendations(ledger, rec_filter=rec_filter, today=today)
        recs: list[RecSummary | Recommendation] = list(found.recs)
        return Listing(recs=recs, skipped=found.skipped)
    workflow = ledger.workflow
    rec_filter.check(workflow)
    from rectrack.store import readcache

    skipped: list[SkippedFile] = []
    summaries = readcache.read_summaries(
        recs_dir=ledger.recs_dir,
        ids=ledger.rec_ids(),
        cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
        skipped=skipped,
    )
    matching: list[RecSummary | Recommendation] = [
        rec for rec in summaries if rec_filter.matches(rec, workflow=workflow, today=today)
    ]
    return Listing(recs=matching, skipped=skipped)


def ledger_history(ledger: Ledger, *, rec_id: str | None, limit: int | None) -> list[CommitInfo]:
    """Commits of the whole ledger, or of one recommendation, newest first."""
    if rec_id is None:
        paths = [ledger.recs_dir, ledger.config_path]
    else:
        number = parse_id(rec_id)
        if not ledger.rec_path(number).is_file():
            raise UnknownRecommendation(rec_id=number)
        paths = [ledger.rec_path(number)]
    from rectrack.vcs.log import history

    return history(ledger.git_root, paths=paths, limit=limit)
