"""Whatever `git commit` would run or honour beyond writing a commit sends rec's write to
`git commit` itself: hooks, signing, operations in progress, unusual layouts."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from rectrack.vcs import porcelain
from rectrack.vcs.gitconfig import read_config
from tests.helpers import git, rec


def _reason(repo: Path) -> str | None:
    config = read_config(repo)
    assert config is not None
    git_dir = repo / ".git"
    return porcelain.needs_porcelain(repo, git_dir=git_dir, common=git_dir, config=config)


def _hook(folder: Path, name: str, *, executable: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("#!/bin/sh\nexit 0\n")
    (folder / name).chmod(0o755 if executable else 0o644)


def test_a_plain_repository_needs_nothing(ledger: Path) -> None:
    """A fresh ledger (git's sample hooks only) can take a plumbing commit."""
    assert _reason(ledger) is None


@pytest.mark.parametrize("name", porcelain.HOOKS)
def test_each_hook_git_commit_runs(ledger: Path, name: str) -> None:
    """Any executable hook that `git commit` (or the ref and index updates) would run."""
    _hook(ledger / ".git" / "hooks", name)
    assert _reason(ledger) == f"hook {name}"


def test_hooks_that_are_not_executable_are_not_run(ledger: Path) -> None:
    """git ignores a hook file without the executable bit; so does the check."""
    _hook(ledger / ".git" / "hooks", "pre-commit", executable=False)
    _hook(ledger / ".git" / "hooks", "pre-push")  # not run by a commit
    assert _reason(ledger) is None


def test_hooks_path_replaces_the_hooks_folder(ledger: Path) -> None:
    """core.hooksPath (relative to the work tree's top) is where git looks, and only there."""
    _hook(ledger / ".git" / "hooks", "pre-commit")
    git(ledger, "config", "core.hooksPath", "policy/hooks")
    assert _reason(ledger) is None
    _hook(ledger / "policy" / "hooks", "commit-msg")
    assert _reason(ledger) == "hook commit-msg"


def _config(key: str, value: str) -> Callable[[Path], object]:
    return lambda repo: git(repo, "config", key, value)


def _state(name: str, *, folder: bool = False) -> Callable[[Path], object]:
    def make(repo: Path) -> None:
        path = repo / ".git" / name
        path.mkdir() if folder else path.write_text("x\n")

    return make


#: Settings or state under which `git commit` itself must make the commit, and the reason.
CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "signing": (_config("commit.gpgsign", "true"), "commit.gpgsign"),
    "signing, spelt yes": (_config("commit.gpgSign", "yes"), "commit.gpgsign"),
    "merge in progress": (_state("MERGE_HEAD"), "MERGE_HEAD exists"),
    "cherry-pick": (_state("CHERRY_PICK_HEAD"), "CHERRY_PICK_HEAD exists"),
    "rebase": (_state("rebase-merge", folder=True), "rebase-merge exists"),
    "sparse checkout": (_config("core.sparseCheckout", "true"), "core.sparsecheckout"),
    "shared permissions": (_config("core.sharedRepository", "group"), "core.sharedrepository"),
    "clean-up setting": (_config("commit.cleanup", "strip"), "commit.cleanup"),
    "object fsync": (_config("core.fsync", "loose-object"), "core.fsync"),
    "config hooks": (_config("hook.audit.command", "true"), "hook.*"),
    "grafts": (_state("info/grafts"), "info/grafts"),
    "replace refs": (lambda r: git(r, "replace", "-f", "HEAD", "HEAD~1"), "refs/replace"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_settings_and_states_git_commit_handles(ledger_with_rec: Path, case: str) -> None:
    """Each is named as the reason."""
    (ledger_with_rec / ".git" / "info").mkdir(exist_ok=True)
    action, reason = CASES[case]
    action(ledger_with_rec)
    assert _reason(ledger_with_rec) == reason


def test_sha256_repositories(tmp_path: Path) -> None:
    """A repository whose object ids are not SHA-1: git writes its objects."""
    git(tmp_path, "init", "-q", "--object-format=sha256", "repo")
    assert _reason(tmp_path / "repo") == "extensions.objectformat"


def test_packed_replace_refs_count(ledger_with_rec: Path) -> None:
    """A replace ref in packed-refs is found as well as a loose one."""
    git(ledger_with_rec, "replace", "-f", "HEAD", "HEAD~1")
    git(ledger_with_rec, "pack-refs", "--all")
    assert not list((ledger_with_rec / ".git" / "refs" / "replace").rglob("*"))
    assert _reason(ledger_with_rec) == "refs/replace"


@pytest.mark.parametrize("name", ["GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_REFLOG_ACTION"])
def test_environment_that_moves_git_files(
    ledger: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Environment that changes where git reads and writes, or what it records."""
    monkeypatch.setenv(name, "x")
    assert _reason(ledger) == f"{name} is set"


def test_signing_still_signs(ledger_with_rec: Path, tmp_path: Path) -> None:
    """With commit.gpgsign, rec's write is a signed commit (made by `git commit`)."""
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    for name, value in (("gpg.format", "ssh"), ("user.signingkey", f"{key}.pub"),
                        ("commit.gpgsign", "true")):  # fmt: skip
        git(ledger_with_rec, "config", name, value)
    assert rec(ledger_with_rec, "comment", "1", "signed").exit_code == 0
    assert "-----BEGIN SSH SIGNATURE-----" in git(ledger_with_rec, "cat-file", "commit", "HEAD")


def test_level_of_loose_objects(ledger: Path) -> None:
    """zlib level for loose objects: git's default 1, core.looseCompression first, then
    core.compression; a value git would refuse gives None."""

    def read() -> int | None:
        config = read_config(ledger)
        assert config is not None
        return porcelain.loose_level(config)

    assert read() == 1
    git(ledger, "config", "core.compression", "9")
    assert read() == 9
    git(ledger, "config", "core.looseCompression", "0")
    assert read() == 0
    git(ledger, "config", "core.looseCompression", "12")
    assert read() is None
