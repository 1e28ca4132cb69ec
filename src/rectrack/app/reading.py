"""Reading the ledger as it is now: one recommendation, the list, the history."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rectrack.domain.identifiers import parse_id
from rectrack.domain.state import Recommendation
from rectrack.errors import UnknownRecommendation
from rectrack.store import recfile
from rectrack.store.paths import Ledger

if TYPE_CHECKING:  # the write path does not pay for the list and history modules
    from rectrack.domain.query import RecFilter
    from rectrack.domain.summary import RecSummary
    from rectrack.vcs.log import CommitInfo


def get_recommendation(ledger: Ledger, *, rec_id: str | int) -> Recommendation:
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    if not path.is_file():
        raise UnknownRecommendation(rec_id=number)
    return recfile.read_recommendation(path, rec_id=number)


def list_recommendations(
    ledger: Ledger, *, rec_filter: RecFilter, today: dt.date
) -> list[Recommendation]:
    """Every recommendation matching `rec_filter`, by ID."""
    workflow = ledger.workflow
    rec_filter.check(workflow)
    from rectrack.store import readcache

    recs = readcache.read_recommendations(
        recs_dir=ledger.recs_dir,
        ids=ledger.rec_ids(),
        cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
    )
    return [rec for rec in recs if rec_filter.matches(rec, workflow=workflow, today=today)]


def list_summaries(ledger: Ledger, *, rec_filter: RecFilter, today: dt.date) -> list[RecSummary]:
    """What `rec list` shows: like list_recommendations, without building any event."""
    from rectrack.domain.summary import RecSummary

    if rec_filter.needs_events:  # --grep searches comments: build the events after all
        recs = list_recommendations(ledger, rec_filter=rec_filter, today=today)
        return [RecSummary.of(rec) for rec in recs]
    workflow = ledger.workflow
    rec_filter.check(workflow)
    from rectrack.store import readcache

    summaries = readcache.read_summaries(
        recs_dir=ledger.recs_dir,
        ids=ledger.rec_ids(),
        cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
    )
    return [rec for rec in summaries if rec_filter.matches(rec, workflow=workflow, today=today)]


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
