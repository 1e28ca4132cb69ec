"""A fault at every step of the write path leaves nothing behind (SQLite's test discipline).

For each write (`rec comment`, `rec new`, `rec evidence`, `rec init`) and each step of the
journal (app/journal.py), the write is killed (SIGKILL of its process group, git
included, like an OOM kill) or fails right after that step. Afterwards, once the next
`rec` has run, the ledger, the index and the user's own staged and unstaged work are as
they were (or, where the commit was made, hold that one commit and nothing else), no
temporary file or lock is left, and the next write works. Kills inside git itself come
from real hooks (`pre-commit`, `reference-transaction`); failures from real hooks too.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from rectrack.app import journal, recovery
from tests.helpers import commit_count, git, rec

#: Every step of a write, in order (app/journal.py documents each).
STEPS = ["lock", "recover", "check", "read", "journal", "beside", "swap", "add", "commit",
         "clean", "done"]  # fmt: skip
#: A write committed with git's plumbing (vcs/directcommit.py) stores its commit object
#: (`objects`) before moving HEAD (`commit`).
PLUMBING_STEPS = [*STEPS[:8], "objects", *STEPS[8:]]
#: From here on the commit exists: the write stands, and must stand exactly once.
COMMITTED = {"commit", "clean", "done"}

#: The child process: installs the test hook, then runs the real console script's main.
CHILD = """
import os, signal, sys
from rectrack.app import journal
mode, wanted = sys.argv[1], sys.argv[2]
def hook(name):
    if name == wanted:
        os.killpg(os.getpgid(0), signal.SIGKILL)
journal.after_step = hook
sys.argv = ["rec", *sys.argv[3:]]
from rectrack.cli.fast import main
main()
"""


@dataclass(frozen=True)
class State:
    """What must survive a failed write: HEAD, the index, the work tree, the user's work."""

    head: str
    index: str
    status: str
    files: dict[str, bytes]


def state(repo: Path) -> State:
    files = {
        str(path.relative_to(repo)): path.read_bytes()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }
    return State(
        head=git(repo, "rev-parse", "HEAD").strip(),
        index=git(repo, "ls-files", "-s"),
        status=git(repo, "--no-optional-locks", "status", "--porcelain", "--untracked-files=all"),
        files=files,
    )


def leftovers(repo: Path) -> list[str]:
    """Anything a write may leave by mistake: its marker, kept copies, git's lock files."""
    git_dir = repo / ".git"
    ours = ("pending", ".pending.rectrack-new", "index.before")
    found = [p for p in (git_dir / "rectrack").glob("*") if p.name in ours]
    found += [p for p in git_dir.rglob("*.lock") if p.name != "rectrack.lock"]
    found += list(repo.rglob(".*.rectrack-*"))
    return sorted(str(p.relative_to(repo)) for p in found)


@pytest.fixture(autouse=True)
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kill here takes the whole process group, git included: no git lives on."""
    monkeypatch.setattr(recovery, "GRACE_SECONDS", 0.5)
    monkeypatch.setattr(recovery, "STARTUP_SECONDS", 0.05)
    monkeypatch.setattr(recovery, "LOCK_QUIET_SECONDS", 0.2)


@pytest.fixture
def busy_ledger(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger whose user has staged and unstaged work of their own, and a document
    (made once, copied for each test)."""
    template = tmp_path_factory.getbasetemp() / "busy-ledger"
    if not template.exists():
        _make_busy_ledger(template / "ledger")
    shutil.copytree(template, tmp_path, dirs_exist_ok=True, symlinks=True)
    return tmp_path / "ledger"


def _make_busy_ledger(root: Path) -> None:
    assert rec(root, "init", str(root)).exit_code == 0
    assert rec(root, "new", "--title", "Map organised crime groups", "--owner", "DCI Smith",
               "--date", "2017-03-03").exit_code == 0  # fmt: skip
    (root / "notes.txt").write_text("committed notes\n")
    (root / "plan.txt").write_text("committed plan\n")
    git(root, "add", "notes.txt", "plan.txt")
    git(root, "commit", "-qm", "user files")
    (root / "notes.txt").write_text("staged notes\n")
    (root / "mine.txt").write_text("a new file, staged\n")
    git(root, "add", "notes.txt", "mine.txt")
    (root / "plan.txt").write_text("unstaged plan\n")
    (root.parent / "closure.pdf").write_bytes(b"%PDF-1.7 closure report\n")


@pytest.fixture
def busy_repo(tmp_path: Path) -> Path:
    """A repository with a tracked .gitattributes and the user's staged work, no ledger yet."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitattributes").write_text("*.png binary\n")
    (root / "notes.txt").write_text("notes\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "start")
    (root / "mine.txt").write_text("staged\n")
    git(root, "add", "mine.txt")
    return root


WRITES = {
    "comment": ["comment", "1", "the fault"],
    "new": ["new", "--title", "The fault"],
    "evidence": ["evidence", "1", "{document}"],
}
#: With no hook or signing, a write to one existing file is committed with plumbing; new
#: files (`rec new`, evidence) go through `git add` and `git commit --only`.
CASES = [
    (write, step)
    for write in sorted(WRITES)
    for step in (PLUMBING_STEPS if write == "comment" else STEPS)
]


def command(repo: Path, write: str) -> list[str]:
    """The arguments of one of the WRITES (the document sits beside the ledger)."""
    return [arg.format(document=repo.parent / "closure.pdf") for arg in WRITES[write]]


def _changed_paths(repo: Path) -> list[str]:
    return sorted(git(repo, "show", "--name-only", "--format=", "HEAD").split())


def assert_settled(repo: Path, before: State, *, committed: bool, files: list[str]) -> None:
    """After the next rec: as before, or exactly one more commit holding exactly `files`."""
    after = state(repo)
    assert leftovers(repo) == []
    if not committed:
        assert after == before
        return
    assert git(repo, "rev-parse", "HEAD^").strip() == before.head
    assert _changed_paths(repo) == sorted(files)
    assert after.status == before.status  # the user's staged and unstaged work, as it was

    def others(found: dict[str, bytes]) -> dict[str, bytes]:
        return {name: data for name, data in found.items() if name not in files}

    assert others(after.files) == others(before.files)


def _expected_files(repo: Path, write: str) -> list[str]:
    if write == "comment":
        return ["recs/1.yaml"]
    if write == "new":
        return ["recs/2.yaml"]
    return ["recs/1.yaml", *(f"evidence/{p.name}" for p in (repo / "evidence").glob("*"))]


def run_killed(repo: Path, wanted: str, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The real `rec` in its own process group, killed with all of it after step `wanted`."""
    return subprocess.run(
        [sys.executable, "-c", CHILD, "kill", wanted, "--ledger", str(repo), *args],
        cwd=repo, capture_output=True, start_new_session=True, check=False, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(("write", "step"), CASES)
def test_kill_after_each_step(busy_ledger: Path, write: str, step: str) -> None:
    """A write killed (process group, SIGKILL) after any step is settled by the next rec."""
    before = state(busy_ledger)
    count = commit_count(busy_ledger)
    killed = run_killed(busy_ledger, step, command(busy_ledger, write))
    assert killed.returncode == -9, killed.stderr.decode()
    assert rec(busy_ledger, "list").exit_code == 0  # a read settles the killed write
    committed = step in COMMITTED
    assert commit_count(busy_ledger) == count + committed
    assert_settled(
        busy_ledger, before, committed=committed, files=_expected_files(busy_ledger, write)
    )
    _next_write_works(busy_ledger, before)


def _next_write_works(repo: Path, before: State) -> None:
    result = rec(repo, "comment", "1", "the next write")
    assert result.exit_code == 0, result.output
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["recs/1.yaml"]
    assert state(repo).status == before.status
    assert rec(repo, "verify").exit_code == 0


def _fail_after(monkeypatch: pytest.MonkeyPatch, wanted: str) -> None:
    def hook(name: str) -> None:
        if name == wanted:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal, "after_step", hook)


@pytest.mark.parametrize(("write", "step"), CASES)
def test_failure_after_each_step(
    busy_ledger: Path, monkeypatch: pytest.MonkeyPatch, write: str, step: str
) -> None:
    """A step failing (here: "no space") is undone at once; after the commit, the write stands
    and says so (a failure reported then would have the user record the event twice)."""
    before = state(busy_ledger)
    _fail_after(monkeypatch, step)
    result = rec(busy_ledger, *command(busy_ledger, write))
    monkeypatch.setattr(journal, "after_step", None)
    committed = step in COMMITTED
    if committed:
        assert result.exit_code == 0, result.output
    else:  # undone at once, without waiting for the next rec
        assert result.exit_code == 1
        assert result.stderr == "rec: error: No space left on device\n"
        assert leftovers(busy_ledger) == [] and state(busy_ledger) == before
    assert rec(busy_ledger, "list").exit_code == 0
    files = _expected_files(busy_ledger, write)
    assert_settled(busy_ledger, before, committed=committed, files=files)
    _next_write_works(busy_ledger, before)


def test_a_write_passes_every_step_in_order(
    ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The steps the tests name are exactly the steps a write goes through."""
    seen: list[str] = []
    monkeypatch.setattr(journal, "after_step", seen.append)
    assert rec(ledger_with_rec, "comment", "1", "counted").exit_code == 0
    assert seen == PLUMBING_STEPS
    seen.clear()
    assert rec(ledger_with_rec, "new", "--title", "Counted").exit_code == 0
    assert seen == STEPS


def test_a_write_with_a_hook_goes_through_git_commit(
    ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where git has a hook to run, the write is `git commit --only`'s: no `objects` step."""
    seen: list[str] = []
    monkeypatch.setattr(journal, "after_step", seen.append)
    with git_hook(ledger_with_rec, "post-commit", "#!/bin/sh\ntouch post-commit-ran\n"):
        assert rec(ledger_with_rec, "comment", "1", "hooked").exit_code == 0
    assert seen == STEPS
    assert (ledger_with_rec / "post-commit-ran").exists()


@pytest.mark.parametrize("step", STEPS)
def test_init_killed_after_each_step(busy_repo: Path, step: str) -> None:
    """`rec init` killed after any step leaves no uncommitted ledger; init then works."""
    before = state(busy_repo)
    killed = run_killed(busy_repo, step, ["init", str(busy_repo)])
    assert killed.returncode == -9, killed.stderr.decode()
    committed = step in COMMITTED
    if committed:
        assert rec(busy_repo, "list").exit_code == 0
        assert_settled(busy_repo, before, committed=True,
                       files=[".gitattributes", ".gitignore", "rectrack.yaml"])  # fmt: skip
    else:
        listed = rec(busy_repo, "list")
        assert listed.exit_code == 1 and "not inside a rectrack ledger" in listed.stderr
        assert_settled(busy_repo, before, committed=False, files=[])
        assert rec(busy_repo, "init", str(busy_repo)).exit_code == 0
    assert rec(busy_repo, "new", "--title", "After").exit_code == 0
    assert state(busy_repo).status == before.status


@pytest.mark.parametrize("step", STEPS)
def test_init_failing_after_each_step(
    busy_repo: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """`rec init` failing after a step before its commit leaves the repository as it was."""
    before = state(busy_repo)
    _fail_after(monkeypatch, step)
    result = rec(busy_repo, "init", str(busy_repo))
    monkeypatch.setattr(journal, "after_step", None)
    assert result.exit_code == (0 if step in COMMITTED else 1)
    if step not in COMMITTED:
        assert leftovers(busy_repo) == [] and state(busy_repo) == before
        assert rec(busy_repo, "init", str(busy_repo)).exit_code == 0
    assert rec(busy_repo, "new", "--title", "After").exit_code == 0
    assert state(busy_repo).status == before.status


def test_failed_init_in_a_new_folder_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rec init` of a new folder that fails removes the folder and the repository it made."""
    _fail_after(monkeypatch, "swap")
    target = tmp_path / "new" / "ledger"
    assert rec(target, "init", str(target)).exit_code == 1
    assert not (tmp_path / "new").exists()


# --- kills and failures inside git, from git's own hooks ------------------------------------

#: Kills the hook's whole process group: rec, its git, the hook (rec runs in its own).
KILL = "kill -KILL 0\nsleep 5\n"


@contextmanager
def git_hook(repo: Path, name: str, script: str) -> Iterator[None]:
    hook = repo / ".git" / "hooks" / name
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(script)
    hook.chmod(0o755)
    try:
        yield
    finally:
        hook.unlink()


@pytest.mark.parametrize(
    ("hook", "script", "committed"),
    [
        ("pre-commit", f"#!/bin/sh\n{KILL}", False),
        ("commit-msg", f"#!/bin/sh\n{KILL}", False),
        # refs locked, not yet moved: HEAD.lock and the branch's lock are left behind
        ("reference-transaction", f'#!/bin/sh\n[ "$1" = prepared ] || exit 0\n{KILL}', False),
        # HEAD moved, the index not yet written: index.lock left, the index one commit behind
        ("reference-transaction", f'#!/bin/sh\n[ "$1" = committed ] || exit 0\n{KILL}', True),
    ],
    ids=["pre-commit", "commit-msg", "refs-prepared", "refs-committed"],
)  # fmt: skip
@pytest.mark.parametrize("write", sorted(WRITES))
def test_kill_inside_git_commit(
    busy_ledger: Path, write: str, hook: str, script: str, committed: bool
) -> None:
    """rec and its `git commit` killed inside the commit (from a hook) are settled too."""
    before = state(busy_ledger)
    with git_hook(busy_ledger, hook, script):
        killed = subprocess.run(
            [Path(sys.executable).parent / "rec", "--ledger", str(busy_ledger), *command(busy_ledger, write)],
            cwd=busy_ledger, capture_output=True, start_new_session=True, check=False, timeout=60,
        )  # fmt: skip
        assert killed.returncode == -9, killed.stderr.decode()
    assert rec(busy_ledger, "list").exit_code == 0
    files = _expected_files(busy_ledger, write)
    assert_settled(busy_ledger, before, committed=committed, files=files)
    _next_write_works(busy_ledger, before)


@pytest.mark.parametrize("hook", ["pre-commit", "commit-msg"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_failing_hook(busy_ledger: Path, write: str, hook: str) -> None:
    """A hook refusing the commit: git's message, and everything as it was, at once."""
    before = state(busy_ledger)
    with git_hook(busy_ledger, hook, "#!/bin/sh\necho 'policy: not today' >&2\nexit 1\n"):
        result = rec(busy_ledger, *command(busy_ledger, write))
        assert result.exit_code == 1
        assert result.stderr == "rec: error: git commit failed: policy: not today\n"
        assert leftovers(busy_ledger) == [] and state(busy_ledger) == before
    _next_write_works(busy_ledger, before)
