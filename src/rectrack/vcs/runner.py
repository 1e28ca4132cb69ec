"""The one door to the git executable: every git process rectrack starts begins here.

`run` for a command whose output is wanted (GitError with git's own first error line when
it fails), `run_unchecked` when the exit status is the answer, `popen` for a stream
(the history walk, the blob reader). Writes go through the executable directly (a few
milliseconds each; hooks and signing behave as the user configured them).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from rectrack.errors import GitError

_LINUX = sys.platform.startswith("linux")
#: For a git that reads a whole history (verify's walk and blob reader): by default git
#: maps up to 8 GiB of pack files and keeps 96 MiB of delta bases, so walking 100,000
#: commits `git log` alone holds over 600 MB. These bounds keep it near 100 MB, at no
#: cost in time measured (docs/performance.md).
#: Every git rectrack starts reads history as it was written. Replace refs (`git replace`,
#: which anyone with push access can publish under refs/replace/) and a grafts file would
#: let git show another commit, author or parent list than the one recorded.
AS_WRITTEN = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_GRAFT_FILE": "/dev/null/no-grafts"}
LEAN = ("-c", "core.packedGitLimit=64m", "-c", "core.packedGitWindowSize=1m",
        "-c", "core.deltaBaseCacheLimit=16m")  # fmt: skip


def run_unchecked(
    root: Path | None,
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    tied: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """Run `git args...` in `root` and return the finished process, whatever its status.

    `tied`: the git process is killed if rec dies first (see `_tie_to_parent`).
    """
    if any("\x00" in arg for arg in args):  # the OS would refuse it with a ValueError
        raise GitError(command=args[0], detail="an argument holds a NUL character")
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env={**os.environ, **AS_WRITTEN, **(env or {})},
            check=False,
            preexec_fn=_tie_to_parent(os.getpid()) if tied and _LINUX else None,
        )
    except FileNotFoundError:
        raise GitError(command=args[0], detail="git is not installed (or not on PATH)") from None


def run(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    tied: bool = False,
) -> str:
    """Run `git args...` in `root`; its stdout, or GitError with git's own first error line."""
    completed = run_unchecked(root, *args, env=env, stdin=stdin, tied=tied)
    if completed.returncode != 0:
        raise GitError(command=args[0], detail=first_error(completed.stderr, completed.stdout))
    return completed.stdout.decode("utf-8", "replace")


def popen(root: Path, *args: str, stdin: bool = False) -> subprocess.Popen[bytes]:
    """Start `git args...` with its output as a stream (and its input, with `stdin`)."""
    try:
        return subprocess.Popen(
            ["git", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, env={**os.environ, **AS_WRITTEN},
        )  # fmt: skip
    except FileNotFoundError:
        raise GitError(command=args[0], detail="git is not installed (or not on PATH)") from None


def _tie_to_parent(parent: int) -> Callable[[], None]:
    """A pre-exec hook asking Linux to SIGKILL the child when rec dies.

    Without it, a rec killed during `git commit` leaves git finishing the commit on its
    own, racing the next rec's recovery of the half-done write (app/writepath.py). With it, the
    write stops with rec, and recovery sees a settled state.
    """

    import ctypes  # loaded here, in rec, so the child does as little as possible

    prctl = ctypes.CDLL(None).prctl
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != parent:  # rec died before the request took effect
            os._exit(1)

    return hook


def first_error(*streams: bytes) -> str:
    """git's first error line (fatal: or error: first), skipping hints."""
    for stream in streams:
        lines = [line.strip() for line in stream.decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line and not line.startswith("hint:")]
        if lines:
            fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
            return (fatal or lines)[0]
    return "no output"
