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
    """Imported statuses the ledger's workflow does not define (every one, where used)."""

    template = (
        "unknown {statuses}, nothing imported: if real, add {lines} under `statuses:` in "
        "rectrack.yaml (and under `final:` if it closes a recommendation), commit, and "
        "import again (statuses now: {valid})"
    )


class ImportRefused(RectrackError):
    """An import with several problems, every one listed; nothing was written."""

    template = "{count} problems, nothing imported: {problems}"


class ImportRowsInvalid(RectrackError):
    """Spreadsheet rows with bad values; nothing was imported."""

    template = "{source}: {count} bad row(s), nothing imported: {rows}"


class ImportConflict(RectrackError):
    """An imported recommendation that disagrees with the one already in the ledger."""

    template = "recommendation {rec_id} is already in the ledger and differs: {reason}"
