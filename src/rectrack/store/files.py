"""Ledger files on disk: read safely, replaced atomically.

Two ways to replace a file. `write_atomic` for files nobody needs to take back (caches,
outputs, the merge driver's result). The write path's files go in two steps so a failed
commit can always be undone, even on a full disk: `write_beside` writes the new version
next to the file (`.NAME.rectrack-new`; this is the only step that needs free space), and
`swap_in` renames it over the file after hard-linking the old one to `.NAME.rectrack-old`
(no data copied). `swap_back` undoes that by renames alone; `drop_old` forgets the old
version once the commit is made.
"""

from __future__ import annotations

import os
import stat
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


def beside(path: Path, role: str) -> Path:
    """`.NAME.rectrack-ROLE` next to `path`: the new version (`new`) or the old one (`old`)."""
    return path.with_name(f".{path.name}.rectrack-{role}")


def write_beside(path: Path, data: bytes, *, read_only: bool = False, durable: bool = True) -> None:
    """Write the next version of `path` beside it, on disk (fsynced), the file untouched.

    `durable=False` leaves the flush to the caller (a batch of thousands syncs once).
    """
    temporary = beside(path, "new")
    mode = 0o444 if read_only else (path.stat().st_mode & 0o777 if path.exists() else 0o644)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def swap_in(path: Path, *, durable: bool = True) -> None:
    """Put the version `write_beside` wrote in place; keep the old file as `.NAME.rectrack-old`.

    The old file is hard-linked (its bytes stay where they are), so going back needs no
    free space; where hard links are not supported it is renamed aside instead.
    """
    old = beside(path, "old")
    old.unlink(missing_ok=True)
    if path.exists():
        try:
            os.link(path, old)
        except OSError:  # no hard links here (some network or FAT file systems)
            os.replace(path, old)
    os.replace(beside(path, "new"), path)
    if durable:
        sync_folder(path.parent)


def swap_back(path: Path, *, existed: bool) -> None:
    """Undo `swap_in` (or the part of it that happened) with renames and unlinks only."""
    old = beside(path, "old")
    if os.path.lexists(old):
        os.replace(old, path)
    elif not existed:
        path.unlink(missing_ok=True)
    beside(path, "new").unlink(missing_ok=True)


def drop_old(path: Path) -> None:
    """Forget the old version and any unused new one (the commit is made, or never was)."""
    beside(path, "old").unlink(missing_ok=True)
    beside(path, "new").unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so the renames in it survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_atomic(path: Path, data: bytes, *, read_only: bool = False, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never half.

    `durable=False` skips the fsyncs: for a cache, which may be lost but never torn.
    """
    import tempfile  # only here: the write path itself never needs it (~3 ms to import)

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
    if durable:
        sync_folder(path.parent)
