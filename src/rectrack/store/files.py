"""Ledger files on disk: read safely, replaced atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from rectrack.errors import LedgerFormatError

#: Files larger than this are refused before parsing (a hostile or broken file).
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_bytes(path: Path | str, *, folder_checked: bool = False) -> bytes:
    """A ledger file's bytes, refusing huge files, folders and symlinks out of the ledger.

    `folder_checked`: its folder is known to be inside the ledger (folder_inside_ledger),
    so a regular file is read without resolving its path (a tenth of the cost).
    """
    if folder_checked and (found := _read_regular(str(path))) is not None:
        return found
    path = Path(path)
    _check_inside_ledger(path)
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise LedgerFormatError(path=path, detail=not_a_file(info.st_mode))
    if info.st_size > MAX_FILE_BYTES:
        raise LedgerFormatError(path=path, detail=f"file is over {MAX_FILE_BYTES} bytes")
    return path.read_bytes()


def not_a_file(mode: int) -> str:
    """Why a path that should hold a ledger file does not (a folder named 9.yaml, a fifo)."""
    return "is a folder, not a file" if stat.S_ISDIR(mode) else "is not a regular file"


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


def folder_inside_ledger(folder: Path) -> bool:
    """Whether `folder` (recs/) really is inside its ledger, not a symlink leading out."""
    return folder.resolve().is_relative_to(folder.parent.resolve())


def _read_regular(path: str) -> bytes | None:
    """The bytes of `path` if it is a regular file and no symlink, without resolving its
    path (one open, for a folder already known to be inside the ledger); None otherwise,
    and the caller uses read_bytes, which says what is wrong."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        return stream.read()


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
