"""Bringing records in: import files that cannot be read or used."""

from __future__ import annotations

from rectrack.errors.base import RectrackError


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
