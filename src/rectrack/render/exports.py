"""Where `rec export`'s document goes: stdout (text or bytes) or the --output file, then
the line saying what it was built from, on stderr, for formats with no room for it."""

from __future__ import annotations

import sys
from pathlib import Path

from rectrack.app.reports import Export


def show_export(done: Export, *, output: Path | None) -> None:
    data = done.document if isinstance(done.document, bytes) else done.document.encode("utf-8")
    if output is not None:
        output.write_bytes(data)
        sys.stderr.write(f"wrote {output}\n")
    elif isinstance(done.document, str):
        sys.stdout.write(done.document)
        sys.stdout.flush()
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if done.note is not None:
        sys.stderr.write(done.note + "\n")
