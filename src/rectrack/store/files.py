"""Ledger files on disk: read safely, replaced atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rectrack.errors import LedgerFormatError

#: Files larger than this are refused before parsing (a hostile or broken file).
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """A ledger file's bytes, refusing huge files and symlinks out of the ledger first."""
    _check_inside_ledger(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise LedgerFormatError(path=path, detail=f"file is over {MAX_FILE_BYTES} bytes")
    return path.read_bytes()


def _check_inside_ledger(path: Path) -> None:
    """Refuse a ledger file that is (or sits behind) a symlink leading out of the ledger.

    Ledger files live at <root>/rectrack.yaml and <root>/recs/<id>.yaml, so the root
    follows from the path's shape; a link to /etc/passwd or another ledger is refused.
    """
    root = path.parent.parent if path.parent.name == "recs" else path.parent
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise LedgerFormatError(
            path=path, detail=f"is a symlink to {target}, outside the ledger: refused"
        )


def write_atomic(path: Path, data: bytes, *, read_only: bool = False, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never half.

    `durable=False` skips the fsyncs: for a cache, which may be lost but never torn.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        # mkstemp makes files 0600; keep the mode the file had, or the usual 0644.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, 0o444 if read_only else mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if not durable:
        return
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
