"""The merge driver's registration in git's config, and git's own conflict markers.

git's config is not cloned, so every clone registers the driver itself (app/ledger.py
does it when a ledger is opened); reading the config file as text first keeps the usual
case to one small file read and no git process.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.repo import common_dir
from rectrack.vcs.runner import first_error, run, run_unchecked

MERGE_DRIVER = "rectrack"


def merge_driver_command() -> str:
    """The driver command git runs: this very interpreter, so it works without `rec` on PATH."""
    return f"{shlex.quote(sys.executable)} -m rectrack merge-driver %O %A %B %P"


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
            words = shlex.split(value.strip(), posix=True) if value.strip() else []
            # The interpreter recorded may be gone (a deleted venv): then configure again.
            return bool(words) and (not words[0].startswith("/") or Path(words[0]).exists())
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
