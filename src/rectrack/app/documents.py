"""A report as text, for the commands that print or write one: export, remind, changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rectrack.domain.skipped import SkippedFile


@dataclass(frozen=True, kw_only=True)
class Document:
    """A report as text, and the files under recs/ it had to leave out (one warning each)."""

    #: The document: text, or bytes for a binary format (xlsx).
    text: str | bytes
    skipped: list[SkippedFile] = field(default_factory=list)
    #: Where it was written (`--output`, as the user gave it), or None for standard output.
    written: Path | None = None
    #: A line to print beside the document on stderr (the provenance of a JSON, CSV or
    #: xlsx export, which has no room for it), or None.
    aside: str | None = None
