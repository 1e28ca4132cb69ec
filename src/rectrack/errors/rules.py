"""The workflow and audit rules a write must keep."""

from __future__ import annotations

from rectrack.errors.base import RectrackError


class UnknownStatus(RectrackError):
    """A status the workflow does not define."""

    template = "unknown status {status!r}: valid statuses are {valid}"


class TransitionNotAllowed(RectrackError):
    """A status change the workflow forbids from the current status."""

    template = "recommendation {rec_id} cannot go from {current!r} to {status!r}: {reason}"


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


class CorrectionRefused(RectrackError):
    """`rec amend` or `rec retract` of an event that may not be corrected that way."""

    template = "cannot {verb} event {number} of recommendation {rec_id}: {reason}"


class TextRequired(RectrackError):
    """A comment with no text given and no terminal to open an editor in."""

    template = (
        "no comment text, and no terminal for an editor: pass the text, or - to read standard input"
    )


class EvidenceError(RectrackError):
    """Evidence that cannot be recorded (missing file, folder, bad hash...)."""

    template = "cannot record evidence {what}: {reason}"
