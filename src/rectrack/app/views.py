"""The ledger as it is, as it stood on a date, or exactly as it was committed at a revision.

`--as-at DATE` folds each recommendation's events dated on or before DATE (what was known
to have happened by then). `--as-recorded REV` reads the files from git at REV, so a
report produced from a tag is byte-identical whenever it is produced again: "today" for
overdue flags is then the commit's own date, not the clock's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from rectrack.app.reading import get_recommendation, list_recommendations, list_summaries
from rectrack.domain.dates import parse_date
from rectrack.domain.identifiers import parse_id, rec_id_of_file
from rectrack.domain.order import BY_ID, RecOrder
from rectrack.domain.query import PointInTime, RecFilter
from rectrack.domain.skipped import SkippedFile
from rectrack.domain.state import Recommendation, as_at
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import Workflow
from rectrack.errors import InvalidDate, LedgerFormatError, UnknownRecommendation, UnknownRevision
from rectrack.store import recfile
from rectrack.store.config import parse_workflow
from rectrack.store.paths import CONFIG_NAME, RECS_DIR, Ledger
from rectrack.vcs import blobs, refs

#: The day git's time stamps start from: no commit is older.
_GIT_EPOCH = dt.date(1970, 1, 2)


@dataclass(frozen=True, kw_only=True)
class LedgerView:
    """Recommendations at one point in time, with the workflow and "today" they are judged by."""

    workflow: Workflow
    recs: list[Recommendation]
    today: dt.date
    #: A plain sentence saying which point in time this is (None: the ledger as it is now).
    note: str | None = None
    #: Files under recs/ that could not be read and are left out (one warning each).
    skipped: list[SkippedFile] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class SummaryView:
    """What `rec list` shows: like LedgerView, but the ledger as it is now comes as
    summaries from the read cache (no event is built unless --grep needs them)."""

    workflow: Workflow
    recs: Sequence[Recommendation | RecSummary]
    today: dt.date
    note: str | None = None
    skipped: list[SkippedFile] = field(default_factory=list)


def list_view(
    ledger: Ledger,
    *,
    rec_filter: RecFilter,
    when: PointInTime,
    today: dt.date,
    order: RecOrder = BY_ID,
) -> SummaryView:
    """The recommendations `rec list` shows at `when`, filtered, in `order`."""
    if when == PointInTime():
        found = list_summaries(ledger, rec_filter=rec_filter, today=today)
        recs = order.apply(found.recs, workflow=ledger.workflow)
        return SummaryView(workflow=ledger.workflow, recs=recs, today=today, skipped=found.skipped)
    view = view_ledger(ledger, when=when, today=today, rec_filter=rec_filter)
    return SummaryView(
        workflow=view.workflow, recs=order.apply(view.recs, workflow=view.workflow),
        today=view.today, note=view.note, skipped=view.skipped,
    )  # fmt: skip


def view_ledger(
    ledger: Ledger,
    *,
    when: PointInTime,
    today: dt.date,
    rec_filter: RecFilter | None = None,
    rec_id: str | None = None,
) -> LedgerView:
    """The recommendations (all, or only `rec_id`) at `when`, filtered by `rec_filter`.

    What every report reads (export, stats, the site): a file that cannot be read is left
    out and named in `skipped`, except the one `rec_id` asked for, which raises.
    """
    notes: list[str] = []
    skipped: list[SkippedFile] = []
    if when.as_recorded is None:
        workflow = ledger.workflow
        if rec_id is not None:
            recs = [get_recommendation(ledger, rec_id=rec_id)]
        else:
            found = list_recommendations(ledger, rec_filter=RecFilter(), today=today)
            recs, skipped = found.recs, found.skipped
    else:
        workflow, recs, committed = _recorded(
            ledger, when.as_recorded, rec_id=rec_id, skipped=skipped
        )
        today = committed.date()
        notes.append(f"as recorded in commit {when.as_recorded} ({committed:%Y-%m-%d %H:%M})")
    if when.as_at is not None:
        day = parse_date(when.as_at, today=today)
        recs, note = _as_at(recs, day=day, today=today)
        notes.append(note)
        today = min(day, today)
    if rec_filter is not None:
        rec_filter.check(workflow)
        recs = [rec for rec in recs if rec_filter.matches(rec, workflow=workflow, today=today)]
    said = "; ".join(notes) or None
    return LedgerView(workflow=workflow, recs=recs, today=today, note=said, skipped=skipped)


def _as_at(
    recs: list[Recommendation], *, day: dt.date, today: dt.date
) -> tuple[list[Recommendation], str]:
    folded = [rec for rec in (as_at(rec, day) for rec in recs) if rec is not None]
    note = f"as at {day.isoformat()}"
    if day > today:
        note += " (a future date: this is the ledger as it is now)"
    elif not folded:
        note += " (no recommendation had been raised by then)"
    return folded, note


def resolve_revision(ledger: Ledger, rev: str) -> tuple[str, dt.datetime]:
    """A commit from a hash, tag or branch, or a date meaning the last commit that day."""
    found = find_revision(ledger, rev)
    if found is None:
        day = parse_date(rev, today=dt.date.today())  # only a date finds no commit
        raise UnknownRevision(rev=rev, reason=f"the ledger has no commit on or before {day}")
    return found


def find_revision(ledger: Ledger, rev: str) -> tuple[str, dt.datetime] | None:
    """Like `resolve_revision`, but None for a date before the ledger's first commit."""
    found = refs.resolve_commit(ledger.git_root, rev)
    if found is not None:
        return found
    today = dt.date.today()
    try:
        day = parse_date(rev, today=today)
    except InvalidDate:
        raise UnknownRevision(rev=rev, reason="give a commit, a tag, a branch or a date") from None
    if day >= today:  # git cannot read dates far ahead (9999-12-31): today's last is HEAD's
        return refs.resolve_commit(ledger.git_root, "HEAD")
    if day < _GIT_EPOCH:  # nor long before 1970 (0001-01-01), when no commit was made
        return None
    end_of_day = dt.datetime.combine(day, dt.time(23, 59, 59)).astimezone()
    return refs.last_commit_before(ledger.git_root, end_of_day)


def _recorded(
    ledger: Ledger, rev: str, *, rec_id: str | None, skipped: list[SkippedFile]
) -> tuple[Workflow, list[Recommendation], dt.datetime]:
    sha, committed = resolve_revision(ledger, rev)
    relative = ledger.config_path.relative_to(ledger.git_root).as_posix()
    config = blobs.read_blob(ledger.git_root, f"{sha}:{relative}")
    if config is None:
        raise UnknownRevision(rev=rev, reason="the ledger did not exist yet in that commit")
    workflow = parse_workflow(config, path=f"{rev}:{CONFIG_NAME}")
    files = (
        blobs.read_tree(ledger.git_root, sha, ledger.recs_dir) if ledger.recs_dir.exists() else {}
    )
    wanted = parse_id(rec_id) if rec_id is not None else None
    recs = _parse_committed(files, rev=rev, wanted=wanted, skipped=skipped)
    if wanted is not None and not recs:
        raise UnknownRecommendation(rec_id=wanted)
    return workflow, sorted(recs, key=lambda rec: rec.id), committed


def _parse_committed(
    files: dict[str, bytes], *, rev: str, wanted: int | None, skipped: list[SkippedFile]
) -> list[Recommendation]:
    """The recommendations in recs/ as committed in `rev` (only `wanted`'s, if given); any
    other that cannot be read is noted in `skipped` (`wanted`'s raises)."""
    recs: list[Recommendation] = []
    folders: set[str] = set()
    for name, data in files.items():
        top, inside, _ = name.partition("/")
        number = rec_id_of_file(top)
        if number is None or (wanted is not None and number != wanted):
            continue
        if inside:  # a committed folder named 9.yaml: git holds its files, not it
            folders.add(top)
            continue
        try:
            recs.append(
                recfile.parse_recommendation(data, rec_id=number, path=f"{rev}:recs/{name}")
            )
        except LedgerFormatError as error:
            if wanted is not None:
                raise
            reason = f"{error.details['detail']} (as committed in {rev})"
            skipped.append(SkippedFile(path=f"{RECS_DIR}/{name}", reason=reason))
    for top in sorted(folders) if wanted is None else ():
        reason = f"is a folder, not a file (as committed in {rev})"
        skipped.append(SkippedFile(path=f"{RECS_DIR}/{top}", reason=reason))
    return recs
