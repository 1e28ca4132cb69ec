"""The ledger and what is typed at it: where it is, IDs, dates, fields, files."""

from __future__ import annotations

from rectrack.errors.base import RectrackError


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


class NestedLedger(RectrackError):
    """`rec init` inside an existing ledger (its commits would go into that one)."""

    template = "{path} is inside the rectrack ledger {root}: create a new ledger outside it"


class InvalidId(RectrackError):
    """A recommendation ID that is not a small positive integer."""

    template = "invalid recommendation ID {value!r}: IDs are positive whole numbers such as 5"


class UnknownRecommendation(RectrackError):
    """An ID with no file under recs/."""

    template = "no recommendation {rec_id} in this ledger (see `rec list`)"


class RecommendationExists(RectrackError):
    """`rec new --id N` where N is taken."""

    template = "recommendation {rec_id} already exists: pick another --id or leave it out"


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


class UnknownWorkflow(RectrackError):
    """`rec init --workflow` naming no built-in workflow."""

    template = "unknown workflow {name!r}: built-in workflows are {valid}"


class OutputRefused(RectrackError):
    """An --output path rectrack will not write to (inside the ledger, or existing)."""

    template = "cannot write {path}: {reason}"


class NotWritable(RectrackError):
    """A git dir or ledger folder rec cannot write to (read-only file system, permissions)."""

    template = "cannot write to {path} ({reason}): rec can read this ledger but not record in it"
