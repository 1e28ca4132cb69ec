"""Warnings on stderr: one line per file a report had to leave out.

Plain writes, no rich: `rec list` prints these on its fastest path too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rectrack.domain.skipped import SkippedFile
from rectrack.domain.text import printable_line


def warn_skipped(skipped: Sequence[SkippedFile]) -> None:
    """`rec: warning: recs/9.yaml: REASON` for each file, after the report itself."""
    if not skipped:
        return
    sys.stdout.flush()  # the report first, then what it left out (both on a terminal)
    for file in skipped:
        sys.stderr.write(f"rec: warning: {printable_line(file.warning)}\n")
    sys.stderr.flush()
