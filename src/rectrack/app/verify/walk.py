"""`rec verify`: prove that the ledger's history only ever appended events.

Walks every commit (parents first) through the checks in checker.py, each judged by the
rules as committed at that commit (rules.py, judge.py); checks the files on disk against
HEAD (worktree.py), the stored evidence (audit.py), signatures against the ledger's
signers when asked (signing.py), the checkpoints this clone knows and whether history
verified before was rewritten (record.py). Violations the ledger's `.rectrack/accepted`
accepts are reported as accepted. Violations are returned as records; the CLI shows them.

A walk record (resume.py) keeps what the last walk established, so a later run walks
only the commits after it and reports exactly what a whole walk would; `full` ignores it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from operator import attrgetter
from pathlib import Path

from rectrack.app.checkpoints import checkpoint_problems
from rectrack.app.verify import resume
from rectrack.app.verify.audit import evidence_problems
from rectrack.app.verify.checker import Checker
from rectrack.app.verify.people import NotInRecord, People
from rectrack.app.verify.record import VerifiedRecord
from rectrack.app.verify.report import AcceptedViolation, VerifyReport
from rectrack.app.verify.signing import check_signed
from rectrack.app.verify.worktree import check_tree
from rectrack.errors import ShallowHistory
from rectrack.store.accepted import Acceptance
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, history, refs, signatures

Progress = Callable[[int, int | None], None]


def verify_ledger(
    ledger: Ledger,
    *,
    since: str | None = None,
    signed: bool = False,
    accept_history: bool = False,
    checkpoint: str | None = None,
    full: bool = False,
    progress: Progress | None = None,
) -> VerifyReport:
    """Check history, files, signatures and checkpoints; record HEAD as verified when all
    holds (and the git dir can be written). `full`: walk all history, whatever was kept."""
    root = ledger.git_root
    if not _has_history(root, since=since):
        return _unborn(ledger)
    ref, head = refs.head_ref(root)
    trust = signatures.trust_settings(root) if signed else ""
    kept = None if since is not None or full else _usable(ledger, ref, head, signed=signed,
                                                           trust=trust)  # fmt: skip
    with blobs.BlobReader(root) as reader:
        checker, walked = _walk(ledger, reader, head=head, since=since, kept=kept,
                                signed=signed, trust=trust, progress=progress)  # fmt: skip
        tree = blobs.list_tree(root, rev=head, path=checker.pathspec)
        check_tree(checker, head=head, tree=tree, walked=since is None, full=full)
        found, mentions = evidence_problems(
            ledger, reader, tree=tree, known=kept.tree if kept else {},
            mentions=kept.mentions if kept else frozenset(),
        )  # fmt: skip
        accepted = checker.book.state_of(head).accepted
    report = checker.report
    report.head = head
    report.violations += found
    record = _anchored(ledger, report, ref=ref, checkpoint=checkpoint,
                       accept_history=accept_history, accepted=accepted)  # fmt: skip
    walked = replace(walked, tree=tree, mentions=mentions)
    kept_walk = since is not None or walked == kept or resume.save(ledger, ref, walked)
    if not kept_walk or (report.ok and not record.save(ref=ref, sha=head)):
        report.notes.append("the git dir is read-only: this run was not recorded")
    return report


def _has_history(root: Path, *, since: str | None) -> bool:
    """Whether there are commits to walk; ShallowHistory if a whole walk would start at a
    shallow clone's cut (and so pass what it never saw)."""
    if not refs.has_commits_strictly(root):
        return False
    if since is None and refs.is_shallow(root):
        raise ShallowHistory()
    return True


def _unborn(ledger: Ledger) -> VerifyReport:
    """A ledger with no commit yet: only its files are checked."""
    with blobs.BlobReader(ledger.git_root) as reader:
        checker = Checker(ledger, reader)
        check_tree(checker, head=None, tree={}, walked=True, full=True)
    return checker.report


def _anchored(
    ledger: Ledger, report: VerifyReport, *, ref: str, checkpoint: str | None,
    accept_history: bool, accepted: tuple[Acceptance, ...],
) -> VerifiedRecord:  # fmt: skip
    """Check the checkpoints and that history verified before was not rewritten, then
    apply `.rectrack/accepted`; the record of what verify passed, to update."""
    found, report.checkpoints, notes = checkpoint_problems(ledger, given=checkpoint)
    report.violations += found
    report.notes += notes
    record = VerifiedRecord(ledger.git_dir)
    if not accept_history:
        report.violations += record.rewrites(ledger.git_root, ref=ref)
    _accept(report, accepted)
    return record


def _usable(
    ledger: Ledger, ref: str, head: str, *, signed: bool, trust: str
) -> resume.WalkRecord | None:
    """The walk record for `ref`, if HEAD still descends from it (and, for `--signed`, it
    holds signature findings made under the same trust settings)."""
    kept = resume.load(ledger, ref)
    if kept is None or (signed and (kept.signed is None or kept.signed.trust != trust)):
        return None
    if kept.commit != head and not refs.is_ancestor(ledger.git_root, kept.commit, head):
        return None  # rewritten (reported by record.py when it was verified): walk all
    return kept


def _walk(
    ledger: Ledger, reader: blobs.BlobReader, *, head: str, since: str | None,
    kept: resume.WalkRecord | None, signed: bool, trust: str, progress: Progress | None,
) -> tuple[Checker, resume.WalkRecord]:  # fmt: skip
    """The walk (from `kept` when it can speak for every older commit the new ones
    build on, else from the start or `since`), and its record at `head`."""
    if kept is not None:
        try:
            return _walk_from(ledger, reader, head=head, since=kept.commit, kept=kept,
                              signed=signed, trust=trust, progress=progress)  # fmt: skip
        except NotInRecord:
            pass  # a new commit builds on an older one the record cannot speak for
    return _walk_from(ledger, reader, head=head, since=since, kept=None, signed=signed,
                      trust=trust, progress=progress)  # fmt: skip


def _walk_from(
    ledger: Ledger, reader: blobs.BlobReader, *, head: str, since: str | None,
    kept: resume.WalkRecord | None, signed: bool, trust: str, progress: Progress | None,
) -> tuple[Checker, resume.WalkRecord]:  # fmt: skip
    people = People(kept.people, strict=True) if kept else People()
    checker = Checker(ledger, reader, people=people, signed=signed)
    report = checker.report
    if kept is not None:
        _resume(checker, kept)
    if kept is None or kept.commit != head:
        changes = history.walk_changes(
            ledger.git_root, pathspec=checker.pathspec, watch=checker.book.watch,
            since=since, head=head if kept else "HEAD", every_commit=True,
        )  # fmt: skip
        try:
            _check_commits(checker, reader, changes, progress=progress)
        finally:
            changes.close()  # stops git when the walk ends early
    order = attrgetter("when")
    walk_violations = sorted(report.violations, key=order)
    kept_signed = None
    if signed:
        report.violations = []
        check_signed(checker)
        earlier = kept.signed if kept is not None and kept.signed else None
        found = [*(earlier.violations if earlier else ()), *report.violations]
        report.signatures += earlier.count if earlier else 0
        kept_signed = resume.Signed(trust=trust, count=report.signatures,
                                    violations=tuple(sorted(found, key=order)))  # fmt: skip
    report.violations = walk_violations + list(kept_signed.violations if kept_signed else ())
    report.in_history_order()
    rules = checker.book.state_of(head)
    record = resume.WalkRecord(
        commit=head, counts=(report.commits, report.versions, report.fast),
        violations=tuple(walk_violations), warnings=tuple(report.warnings),
        rules_changes=tuple(report.rules_changes), rules=rules.blobs,
        workflow_blob=rules.workflow_blob, people=people.packed(), tree={},
        mentions=frozenset(), signed=kept_signed,
    )  # fmt: skip
    return checker, record


def _resume(checker: Checker, kept: resume.WalkRecord) -> None:
    """Start from what the record established at its commit."""
    checker.book.strict = True
    checker.book.seed(kept.commit, blobs=kept.rules, workflow_blob=kept.workflow_blob)
    report = checker.report
    report.commits, report.versions, report.fast = kept.counts
    report.violations += kept.violations
    report.warnings += kept.warnings
    report.rules_changes += kept.rules_changes


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
    progress: Progress | None,
) -> None:  # fmt: skip
    """Check commits in batches, git unpacking the next batch's blobs meanwhile."""
    batches = _batches(changes)
    upcoming = next(batches, None)
    if upcoming is not None:
        reader.prefetch(checker.blobs_of(upcoming, after=[]))
    while upcoming is not None:
        batch, upcoming = upcoming, next(batches, None)
        if upcoming is not None:  # git unpacks these while this batch is checked
            reader.prefetch(checker.blobs_of(upcoming, after=batch))
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
