"""A recommendation file a report had to leave out, and why: one warning line each."""

from __future__ import annotations

from dataclasses import dataclass

from rectrack.errors import LedgerFormatError, RectrackError, UnknownRecommendation


@dataclass(frozen=True, kw_only=True)
class SkippedFile:
    """A file under recs/ that could not be read, so a report went on without it.

    Reports (`rec list`, `stats`, `export`, `remind`, `changes`, the site) return these
    beside their rows rather than failing for the whole ledger; the command line prints
    each as `rec: warning: PATH: REASON`, and `--strict` turns them into exit code 1.
    """

    #: The file as the ledger names it, relative to the ledger folder (`recs/9.yaml`).
    path: str
    #: What is wrong with it, as the error for a write to that file says.
    reason: str

    @property
    def warning(self) -> str:
        """`recs/9.yaml: not UTF-8 (...)`: the line printed after `rec: warning: `."""
        return f"{self.path}: {self.reason}"

    @classmethod
    def because(cls, error: RectrackError | OSError, *, path: str) -> SkippedFile:
        """The file at `path` (relative to the ledger folder) left out because of `error`."""
        if isinstance(error, LedgerFormatError):
            reason = str(error.details["detail"])
        elif isinstance(error, UnknownRecommendation):
            reason = "was removed while it was being read"
        elif isinstance(error, RectrackError):
            reason = error.message
        else:
            reason = error.strerror or str(error)
        return cls(path=path, reason=reason)
