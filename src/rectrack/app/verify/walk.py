"""`rec verify`: prove that the ledger's history only ever appended events.

Walks every commit that touched recs/ (parents first) through the checks in checker.py,
checks the files on disk against HEAD, the workflow's audit rules and the stored
evidence (audit.py), signatures when asked, and whether history verified before was
rewritten (record.py). Violations are returned as records; the CLI shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rectrack.app.verify.audit import audit_problems
from rectrack.app.verify.checker import Checker
from rectrack.app.verify.record import VerifiedRecord
from rectrack.app.verify.report import VerifyReport, Violation
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, history, refs


def verify_ledger(
    ledger: Ledger,
    *,
    since: str | None = None,
    signed: bool = False,
    accept_history: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> VerifyReport:
    """Check history, files and signatures; record HEAD as verified when all holds."""
    checker = Checker(ledger)
    report = checker.report
    started = refs.has_commits(ledger.git_root)
    with blobs.BlobReader(ledger.git_root) as reader:
        checker.blobs = reader
        if started:
            changes = history.walk_changes(
                ledger.git_root, pathspec=checker.pathspec, since=since, signatures=signed
            )
            _check_commits(checker, reader, changes, signed=signed, progress=progress)
        checker.check_tree()
    if not started:
        return report
    for problem in audit_problems(ledger, workflow=checker.workflow):
        report.violations.append(
            Violation(rec=str(problem.rec_id), commit=problem.commit, author=problem.author,
                      date=problem.date, problem=problem.problem)
        )  # fmt: skip
    ref, report.head = refs.head_ref(ledger.git_root)
    record = VerifiedRecord(ledger.git_dir)
    if not accept_history:
        report.violations += record.rewrites(ledger.git_root, ref=ref)
    if report.ok:
        record.save(ref=ref, sha=report.head)
    return report


def _check_commits(
    checker: Checker, reader: blobs.BlobReader, changes: Iterator[history.CommitChanges], *,
    signed: bool, progress: Callable[[int, int | None], None] | None,
) -> None:  # fmt: skip
    """Check commits in batches, git unpacking the next batch's blobs meanwhile."""
    batches = _batches(changes)
    upcoming = next(batches, None)
    if upcoming is not None:
        reader.prefetch(checker.blobs_of(upcoming))
    while upcoming is not None:
        batch, upcoming = upcoming, next(batches, None)
        if upcoming is not None:  # git unpacks these while this batch is checked
            reader.prefetch(checker.blobs_of(upcoming))
        for commit in batch:
            checker.check_commit(commit, signed=signed)
            if progress is not None:
                progress(checker.report.commits, None)


def _batches(
    commits: Iterator[history.CommitChanges], size: int = 256
) -> Iterator[list[history.CommitChanges]]:
    """Commits in groups, so their blobs can be fetched in one round trip."""
    batch: list[history.CommitChanges] = []
    for commit in commits:
        batch.append(commit)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
