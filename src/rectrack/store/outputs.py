"""Where reports, exports and sites may be written: never over the ledger itself.

`--output` names a path the user chose, so it is checked before anything is written:
nothing inside recs/, evidence/, the ledger's rules (rectrack.yaml, .gitattributes,
.mailmap, .rectrack/) or the git directory; no existing file unless the user said
`--force`. The file is then written atomically, so a failure leaves the old one (or none).
"""

from __future__ import annotations

from pathlib import Path

from rectrack.errors import OutputRefused
from rectrack.store.evidence import EVIDENCE_DIR
from rectrack.store.files import write_atomic
from rectrack.store.paths import CONFIG_NAME, RECS_DIR, Ledger

#: Files and folders in the ledger's root that hold its record or its rules.
PROTECTED_NAMES = (RECS_DIR, EVIDENCE_DIR, CONFIG_NAME, ".gitattributes", ".mailmap", ".rectrack")


def check_output(ledger: Ledger, path: Path, *, force: bool, folder: bool = False) -> Path:
    """The resolved path to write to, or OutputRefused saying why it may not be used."""
    target = path.expanduser().resolve()
    for protected in _protected(ledger):
        if target == protected or target.is_relative_to(protected):
            raise OutputRefused(path=path, reason=f"it is inside the ledger's own {protected.name}")
    if target.is_dir() and not folder:
        raise OutputRefused(path=path, reason="it is a folder; name a file")
    if target.exists() and not target.is_dir() and folder:
        raise OutputRefused(path=path, reason="it is a file; name a folder")
    if target.is_file() and not force:
        raise OutputRefused(path=path, reason="it exists; add --force to replace it")
    if not target.parent.is_dir():
        raise OutputRefused(path=path, reason=f"there is no folder {target.parent}")
    return target


def write_output(ledger: Ledger, path: Path, data: bytes, *, force: bool) -> Path:
    """Check `path`, then write `data` there atomically; the path written."""
    target = check_output(ledger, path, force=force)
    try:
        write_atomic(target, data)
    except OSError as error:
        raise OutputRefused(path=path, reason=error.strerror or str(error)) from None
    return target


def _protected(ledger: Ledger) -> list[Path]:
    root = ledger.root.resolve()
    found = [root / name for name in PROTECTED_NAMES]
    found += [ledger.git_dir.resolve(), (ledger.git_root / ".git").resolve()]
    found.append(_common_dir(ledger.git_dir))
    return found


def _common_dir(git_dir: Path) -> Path:
    """The git directory a linked worktree shares (its objects, refs and config).

    As vcs/repo.common_dir, which store/ may not import: the `commondir` file, no process.
    """
    try:
        pointer = (git_dir / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return git_dir.resolve()
    return (git_dir / pointer).resolve()
