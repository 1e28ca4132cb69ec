"""rectrack's exception tree.

Every failure rectrack expects is a `RectrackError`: it carries a one-line message built
from keyword arguments and never prints. The CLI turns it into that line on stderr and
exit code 1 (`cli.main` is the only place that picks exit codes; 2 stays the usage error).
"""

from __future__ import annotations

from typing import Any, ClassVar


class RectrackError(Exception):
    """An operation rectrack refused; the ledger is left as it was."""

    template: ClassVar[str] = "{detail}"
    exit_code: ClassVar[int] = 1

    def __init__(self, **details: Any) -> None:
        self.details = details
        super().__init__(self.template.format(**details))

    @property
    def message(self) -> str:
        return str(self)


class NotInLedger(RectrackError):
    """No rectrack.yaml in the folder or any parent."""

    template = (
        "not inside a rectrack ledger (no rectrack.yaml in {start} or its parents): "
        "create one with `rec init`, or point to one with --ledger / REC_LEDGER"
    )


class NotInGitRepository(RectrackError):
    """A ledger folder that is not inside a git repository."""

    template = "{path} is not inside a git repository: run `git init` there or `rec init`"


class LedgerExists(RectrackError):
    """`rec init` where a ledger already is."""

    template = "{path} is already a rectrack ledger (rectrack.yaml exists)"


class InvalidId(RectrackError):
    """A recommendation ID that is not a small positive integer."""

    template = "invalid recommendation ID {value!r}: IDs are positive whole numbers such as 5"


class UnknownRecommendation(RectrackError):
    """An ID with no file under recs/."""

    template = "no recommendation {rec_id} in this ledger (see `rec list`)"


class RecommendationExists(RectrackError):
    """`rec new --id N` where N is taken."""

    template = "recommendation {rec_id} already exists: pick another --id or leave it out"


class UnknownStatus(RectrackError):
    """A status the workflow does not define."""

    template = "unknown status {status!r}: valid statuses are {valid}"


class TransitionNotAllowed(RectrackError):
    """A status change the workflow forbids from the current status."""

    template = "recommendation {rec_id} cannot go from {current!r} to {status!r}: {reason}"


class EmptyComment(RectrackError):
    """A comment with no text."""

    template = "the comment is empty: give some text (or `-` to read it from standard input)"


class InvalidDate(RectrackError):
    """A date that cannot be read or does not exist."""

    template = "invalid date {value!r}: {reason}"


class RecordInvalid(RectrackError):
    """An event or header value that breaks docs/format.md (the caller names the file)."""

    template = "{detail}"


class InvalidField(RectrackError):
    """`rec set` on a field that cannot be set that way."""

    template = "cannot set field {field!r}: {reason}"


class InvalidValue(RectrackError):
    """A value rectrack cannot store (e.g. text that is not valid Unicode)."""

    template = "invalid {what}: {reason}"


class UncommittedChanges(RectrackError):
    """The recommendation file differs from what is committed."""

    template = (
        "{path} has uncommitted changes: commit or discard them "
        "(`git diff {path}`) before using rec on it"
    )


class NoIdentity(RectrackError):
    """Neither a git identity nor --by."""

    template = (
        "no git identity: set one with `git config user.name 'Your Name'` and "
        "`git config user.email you@example.org`, or pass --by"
    )


class LedgerFormatError(RectrackError):
    """A file that does not follow docs/format.md."""

    template = "{path}: {detail}"


class ConfigError(RectrackError):
    """A rectrack.yaml that cannot be used."""

    template = "{path}: {detail}"


class EditorFailed(RectrackError):
    """$EDITOR could not be run or exited with an error."""

    template = "the editor {editor!r} failed: {detail}"


class GitError(RectrackError):
    """A git command failed."""

    template = "git {command} failed: {detail}"


class LockTimeout(RectrackError):
    """Another rec process held the ledger lock for too long."""

    template = "the ledger is busy ({path} held for over {seconds:g} s by another rec): try again"


class SameApprover(RectrackError):
    """A status that must be set by someone other than whoever set an earlier one."""

    template = (
        "recommendation {rec_id} cannot be set to {status!r} by {person}: the workflow's rule "
        "says {status!r} needs someone other than whoever set {other!r} ({person})"
    )


class EvidenceRequired(RectrackError):
    """A status that needs evidence on the recommendation first."""

    template = (
        "recommendation {rec_id} cannot be set to {status!r} yet: the workflow's rule requires "
        "{what} first (add it with `rec evidence {rec_id} FILE`)"
    )


class ReasonRequired(RectrackError):
    """A status change that must carry a reason."""

    template = (
        "recommendation {rec_id} cannot be set to {status!r} without a reason: the workflow's "
        "rule requires one (give it with --comment TEXT)"
    )


class RoleRequired(RectrackError):
    """A status only the people of one role may set (`set_by:` in rectrack.yaml)."""

    template = (
        "recommendation {rec_id} cannot be set to {status!r} by {person}: only the {role} role "
        "may set it ({members}; roles.{role} in rectrack.yaml)"
    )


class IdentityMismatch(RectrackError):
    """A sign-off whose commit would be authored by one person and committed by another."""

    template = (
        "recommendation {rec_id} cannot be set to {status!r}: the commit would be authored by "
        "{author} but committed by {committer}, and a sign-off is made by one person"
    )


class DueChangeRefused(RectrackError):
    """A due date moved without a reason, or past the workflow's cap."""

    template = "cannot move the due date of recommendation {rec_id}: {reason}"


class EvidenceError(RectrackError):
    """Evidence that cannot be recorded (missing file, folder, bad hash...)."""

    template = "cannot record evidence {what}: {reason}"


class UnknownRevision(RectrackError):
    """--as-recorded or --since naming a revision or date git does not have."""

    template = "no commit matches {rev!r}: {reason}"


class UnknownWorkflow(RectrackError):
    """`rec init --workflow` naming no built-in workflow."""

    template = "unknown workflow {name!r}: built-in workflows are {valid}"


class OutputRefused(RectrackError):
    """An --output path rectrack will not write to (inside the ledger, or existing)."""

    template = "cannot write {path}: {reason}"


# --- import and export -----------------------------------------------------------------------


class SourceUnreadable(RectrackError):
    """An import file that cannot be opened or decoded."""

    template = "cannot read {path}: {reason}"


class ImportFormatError(RectrackError):
    """An import file that does not have the expected shape."""

    template = "{source}: {detail}"


class ImportUnknownStatus(RectrackError):
    """An imported status the ledger's workflow does not define."""

    template = (
        "{source}: {where}unknown status {status!r}: add it to workflow.statuses in "
        "rectrack.yaml if it is real (valid now: {valid})"
    )


class ImportRowsInvalid(RectrackError):
    """Spreadsheet rows with bad values; nothing was imported."""

    template = "{source}: {count} bad row(s), nothing imported: {rows}"


class ImportConflict(RectrackError):
    """An imported recommendation that disagrees with the one already in the ledger."""

    template = "recommendation {rec_id} is already in the ledger and differs: {reason}"


class ImportIncomplete(RectrackError):
    """A bulk import where some items failed (the others were imported)."""

    template = "{failed} of {total} import(s) failed: {reasons}"


# --- integrity: verify, merge driver, sync ---


class VerificationFailed(RectrackError):
    """`rec verify` found violations (each one was reported on its own line)."""

    template = "{count} violation(s) in {commits} commit(s), {versions} file version(s)"


class MergeConflict(RectrackError):
    """The merge driver found changes it must not merge by itself."""

    template = "{path}: conflict left for you to resolve (git shows the markers): {detail}"


class MergeDriverMissing(RectrackError):
    """`rec sync` where recommendation files would not go through the merge driver."""

    template = "the rectrack merge driver is not set up: {detail}"


class SyncError(RectrackError):
    """`rec sync` stopped; the ledger is as it was before the step that failed."""

    template = "sync stopped: {detail}"
