"""`rec verify`: prove that the ledger's history only ever appended events.

Walks every commit (parents first) through the checks in checker.py, each judged by the
rules as committed at that commit (rules.py, judge.py); checks the files on disk against
HEAD (worktree.py), the stored evidence (audit.py), signatures against the ledger's
signers when asked (signing.py), the checkpoints this clone knows and whether history
verified before was rewritten (record.py). Violations the ledger's `.rectrack/accepted`
accepts are reported as accepted. Violations are returned as records; the CLI shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rectrack.app.checkpoints import checkpoint_problems
from rectrack.app.verify.audit import evidence_problems
from rectrack.app.verify.checker import Checker
from rectrack.app.verify.record import VerifiedRecord
from rectrack.app.verify.report import AcceptedViolation, VerifyReport
from rectrack.app.verify.signing import check_signed
from rectrack.app.verify.worktree import check_tree
from rectrack.store.accepted import Acceptance
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, history, refs


def verify_ledger(
    ledger: Ledger,
    *,
    since: str | None = None,
    signed: bool = False,
    accept_history: bool = False,
    checkpoint: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> VerifyReport:
    """Check history, files, signatures and checkpoints; record HEAD as verified when all
    holds (and the git dir can be written)."""
    started = refs.has_commits_strictly(ledger.git_root)
    accepted: tuple[Acceptance, ...] = ()
    with blobs.BlobReader(ledger.git_root) as reader:
        checker = Checker(ledger, reader)
        report = checker.report
        if started:
            changes = history.walk_changes(
                ledger.git_root, pathspec=checker.pathspec, watch=checker.book.watch,
                since=since, every_commit=True,
            )  # fmt: skip
            _check_commits(checker, reader, changes, progress=progress)
            if signed:
                check_signed(checker)
            ref, report.head = refs.head_ref(ledger.git_root)
            accepted = checker.book.state_of(report.head).accepted
        check_tree(checker)
    if not started:
        return report
    report.violations += evidence_problems(ledger)
    found, report.checkpoints, notes = checkpoint_problems(ledger, given=checkpoint)
    report.violations += found
    report.notes += notes
    record = VerifiedRecord(ledger.git_dir)
    if not accept_history:
        report.violations += record.rewrites(ledger.git_root, ref=ref)
    _accept(report, accepted)
    if report.ok and report.head and not record.save(ref=ref, sha=report.head):
        report.notes.append("the git dir is read-only: this run was not recorded")
    return report


def _accept(report: VerifyReport, accepted: tuple[Acceptance, ...]) -> None:
    """Move the violations `.rectrack/accepted` (as at HEAD) accepts to report.accepted."""
    if not accepted:
        return
    kept = []
    for violation in report.violations:
        entry = next((a for a in accepted if a.covers(rec=violation.rec,
                      commit=violation.commit, problem=violation.problem)), None)  # fmt: skip
        if entry is None:
            kept.append(violation)
        else:
            report.accepted.append(AcceptedViolation(violation=violation, why=entry.why,
                                                     by=entry.by))  # fmt: skip
    report.violations = kept


def _check_commits(
    checker: Checker, reader: blobs.BlobReader, changes: Iterator[history.CommitChanges], *,
    progress: Callable[[int, int | None], None] | None,
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
            checker.check_commit(commit)
            if progress is not None and commit.changed:
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
