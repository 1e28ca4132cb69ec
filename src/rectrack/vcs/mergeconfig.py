"""The merge driver's registration in git's config, and git's own conflict markers.

git's config is not cloned, so every clone registers the driver itself (app/ledger.py
does it when a ledger is opened); reading the config file as text first keeps the usual
case to one small file read and no git process.

The command saved is `rec merge-driver ...` when rectrack's `rec` is on PATH: a ledger
shared between users (one repository, one .git/config) must not depend on the
virtualenv of whoever registered it first. Without `rec` on PATH it is this interpreter's
path, and a saved command that no longer runs (a deleted virtualenv, someone else's
private folder) is registered again.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.repo import common_dir
from rectrack.vcs.runner import first_error, run, run_unchecked

MERGE_DRIVER = "rectrack"


PORTABLE_COMMAND = "rec merge-driver %O %A %B %P"
#: What a console script for rectrack holds (pip's wrapper imports this package).
_OURS = b"rectrack"


def merge_driver_command() -> str:
    """The driver command git runs: `rec` when rectrack's is on PATH, else this interpreter."""
    import shutil  # imports archive modules: not on every command's path

    if _rectrack_script(shutil.which("rec")):
        return PORTABLE_COMMAND
    return f"{shlex.quote(sys.executable)} -m rectrack merge-driver %O %A %B %P"


def _rectrack_script(path: str | None) -> bool:
    """Whether `path` is rectrack's console script (sox has a `rec` command too)."""
    if path is None:
        return False
    try:
        with open(path, "rb") as script:
            return _OURS in script.read(4096)
    except OSError:
        return False


def _runs(program: str) -> bool:
    """Whether the program a saved driver command starts can be run by this user."""
    if "/" not in program:
        import shutil

        found = shutil.which(program)
        return _rectrack_script(found) if program == "rec" else found is not None
    return os.access(program, os.X_OK)


def merge_driver_configured(git_dir: Path) -> bool:
    """Whether git's config names a usable rectrack driver (reads the file; no git process)."""
    try:
        text = (common_dir(git_dir) / "config").read_text(errors="replace")
    except OSError:
        return False
    section = text.find(f'[merge "{MERGE_DRIVER}"]')
    if section < 0:
        return False
    for line in text[section:].splitlines()[1:]:
        key, _, value = line.strip().partition("=")
        if line.lstrip().startswith("["):
            break
        if key.strip() == "driver":
            try:
                words = shlex.split(value.strip(), posix=True)
            except ValueError:
                return False
            # The program recorded may be gone (a deleted venv) or someone else's private
            # folder, or `rec` no longer on PATH: then configure again.
            return bool(words) and _runs(words[0])
    return False


def merge_attribute(root: Path, relative: str) -> str:
    """The `merge` attribute .gitattributes gives `relative` ("unspecified" if none)."""
    out = run(root, "check-attr", "merge", "--", relative)
    return out.rpartition(": ")[2].strip()


def configure_merge_driver(root: Path) -> None:
    """Register the rectrack merge driver in the repository's git config."""
    run(root, "config", f"merge.{MERGE_DRIVER}.name", "rectrack: merge appended events")
    run(root, "config", f"merge.{MERGE_DRIVER}.driver", merge_driver_command())


def write_conflict_markers(*, base: Path, ours: Path, theirs: Path, name: str) -> None:
    """Rewrite `ours` with git's usual conflict markers against `theirs`."""
    labels = ["-L", f"{name} (ours)", "-L", f"{name} (base)", "-L", f"{name} (theirs)"]
    completed = run_unchecked(None, "merge-file", *labels, str(ours), str(base), str(theirs))
    if completed.returncode < 0:
        raise GitError(command="merge-file", detail=first_error(completed.stderr))
