"""Git, history and collaboration: git itself, the lock, revisions, verify, merges, sync."""

from __future__ import annotations

from rectrack.errors.base import RectrackError


class GitError(RectrackError):
    """A git command failed."""

    template = "git {command} failed: {detail}"


class LockTimeout(RectrackError):
    """Another rec process held the ledger lock for too long."""

    template = "the ledger is busy ({path} held for over {seconds:g} s by another rec): try again"


class UnknownRevision(RectrackError):
    """--as-recorded or --since naming a revision or date git does not have."""

    template = "no commit matches {rev!r}: {reason}"


class VerificationFailed(RectrackError):
    """`rec verify` found violations (each one was reported on its own line)."""

    template = "{count} violation(s) in {commits} commit(s), {versions} file version(s)"


class ShallowHistory(RectrackError):
    """`rec verify` in a shallow clone, where the history it must walk is not all there."""

    template = (
        "this clone's history is cut short (a shallow clone), so it cannot be verified: "
        "fetch all of it (git fetch --unshallow; in CI, fetch-depth: 0), or check only "
        "recent commits with --since"
    )


class MergeConflict(RectrackError):
    """The merge driver found changes it must not merge by itself."""

    template = "{path}: conflict left for you to resolve (git shows the markers): {detail}"


class MergeDriverMissing(RectrackError):
    """`rec sync` where recommendation files would not go through the merge driver."""

    template = "the rectrack merge driver is not set up: {detail}"


class SyncError(RectrackError):
    """`rec sync` stopped; the ledger is as it was before the step that failed."""

    template = "sync stopped: {detail}"
