"""The folder `rec site` writes: checked first, then replaced whole, never half-written.

A site is written into a new folder beside the target (`.<name>.new-XXXX`), which then
takes the target's place in one atomic exchange of the two names (Linux renameat2; two
renames elsewhere), and the old site is removed. A kill or a full disk during the build
leaves the old site as it was (or none), plus at worst a staging folder that the next
`rec site` clears.

Every site carries `.rectrack-site`, listing the files `rec site` wrote. A folder is
replaced only if everything in it is on that list (a previous site) or it is empty;
anything else is the user's, and is refused unless they say `--force`. Some folders are
never replaced, `--force` or not: the ledger, its git repository, and any folder holding
them, the current folder or the home folder.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from rectrack.errors import OutputRefused
from rectrack.store.outputs import check_output
from rectrack.store.paths import Ledger

#: The folder in the ledger `rec site` writes without --output (`rec init` ignores it).
SITE_DIR = "site"
MARKER = ".rectrack-site"
_MARKER_HEAD = (
    "# Written by `rec site`: the files of this site, replaced as a whole by the next build.\n"
)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

#: Told how far writing has got: (files written, files in all).
Progress = Callable[[int, int], None]


def check_site_folder(ledger: Ledger, path: Path, *, force: bool) -> Path:
    """The resolved folder to write a site to, or OutputRefused saying why not."""
    target = check_output(ledger, path, force=force, folder=True)
    keep = [ledger.root, ledger.git_root, ledger.git_dir, Path.cwd(), Path.home()]
    for kept in keep:
        kept = kept.resolve()
        if target == kept or kept.is_relative_to(target):
            raise OutputRefused(path=path, reason=f"replacing it would remove {kept}")
    if not os.access(target.parent, os.W_OK | os.X_OK) or (
        target.is_dir() and not os.access(target, os.W_OK | os.X_OK)
    ):
        raise OutputRefused(path=path, reason="it is not writable")
    if target.is_dir() and not force:
        foreign = foreign_files(target)
        if foreign:
            raise OutputRefused(
                path=path,
                reason=f"it holds {len(foreign)} file(s) `rec site` did not write "
                f"({foreign[0]}); add --force to replace the folder",
            )
    return target


def foreign_files(folder: Path) -> list[str]:
    """What in `folder` a previous `rec site` did not write (sorted; none for a site)."""
    listed = set(_listed(folder))
    parents = {parent for name in listed for parent in _parents(name)}
    found: list[str] = []
    for base, folders, names in os.walk(folder):
        here = Path(base)
        for name in [*folders, *names]:
            entry = here / name
            relative = entry.relative_to(folder).as_posix()
            if entry.is_symlink():
                found.append(relative)
            elif entry.is_dir():
                if relative not in parents:
                    found.append(relative + "/")
            elif relative not in listed and relative != MARKER:
                found.append(relative)
    return sorted(found)


def _listed(folder: Path) -> list[str]:
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _parents(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def write_site(target: Path, files: Mapping[str, bytes], *, progress: Progress) -> None:
    """Write `files` (relative POSIX path -> bytes) as the folder `target`, replacing it.

    `target` must have passed `check_site_folder`. On any failure the folder is as it was.
    """
    for name in files:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts or name != "/".join(parts):
            raise ValueError(f"{name!r} is not a plain relative path inside the site")
    clear_leftovers(target)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        listing = _MARKER_HEAD + "".join(f"{name}\n" for name in files)
        _write(staging / MARKER, listing.encode("utf-8"))
        for folder in sorted({str(PurePosixPath(name).parent) for name in files} - {"."}):
            (staging / folder).mkdir(parents=True, exist_ok=True)
        total = len(files)
        for done, (relative, data) in enumerate(files.items(), 1):
            _write(staging / relative, data)
            progress(done, total)
        _swap_in(staging, target)
    except OSError as error:
        raise OutputRefused(path=target, reason=error.strerror or str(error)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write(path: Path, data: bytes) -> None:
    """A new file, written with plain system calls (a third of pathlib's cost per file)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _swap_in(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; what was at `target` ends up at `staging`."""
    if target.exists():
        os.chmod(staging, target.stat().st_mode & 0o7777)
        if _exchange(staging, target):
            return
        aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        os.rename(target, aside / "site")
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(aside / "site", target)
            raise
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.chmod(staging, 0o777 & ~_umask())
    os.rename(staging, target)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where it is not offered."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)  # fmt: skip
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot
        return False
    raise OSError(errno, os.strerror(errno), str(second))


def clear_leftovers(target: Path) -> None:
    """Remove staging folders a killed `rec site` left beside `target` (ours: marked)."""
    for prefix in (f".{target.name}.new-", f".{target.name}.old-"):
        for leftover in target.parent.glob(f"{prefix}*"):
            if leftover.is_dir() and not leftover.is_symlink() and _ours(leftover):
                shutil.rmtree(leftover, ignore_errors=True)


def _ours(folder: Path) -> bool:
    return (folder / MARKER).is_file() or (folder / "site" / MARKER).is_file()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
