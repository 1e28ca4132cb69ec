"""Warnings on stderr: one line per file a report had to leave out.

Plain writes, no rich: `rec list` prints these on its fastest path too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rectrack.domain.skipped import SkippedFile


def warn_skipped(skipped: Sequence[SkippedFile]) -> None:
    """`rec: warning: recs/9.yaml: REASON` for each file, after the report itself."""
    if not skipped:
        return
    sys.stdout.flush()  # the report first, then what it left out (both on a terminal)
    for file in skipped:
        sys.stderr.write(f"rec: warning: {printable(file.warning)}\n")
    sys.stderr.flush()


def printable(text: str) -> str:
    """`text` on one line with control characters shown as escapes (a reason may quote a
    broken file, and a file's bytes must not drive the terminal)."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
