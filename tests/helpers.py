"""Test helpers: run the real `rec` in-process and real git against temporary repositories."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from typer.testing import CliRunner, Result

from rectrack.cli.main import app

AUTHOR_A = ("Alex Auditor", "alex@example.org")
AUTHOR_B = ("Blair Boardmember", "blair@example.org")
#: `rec init --workflow audit` options that make both test identities auditors.
AUDITORS = ("--auditor", AUTHOR_A[1], "--auditor", AUTHOR_B[1])


def rec(
    ledger: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> Result:
    """Run `rec --ledger LEDGER args...` in-process, as a user would (no exceptions leak)."""
    runner = CliRunner()
    return runner.invoke(app, ["--ledger", str(ledger), *args], input=input, env=env)


def git(repo: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
    """Run real git in `repo` and return its stdout."""
    completed = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False,
        env=None if env is None else {**os.environ, **env},
    )  # fmt: skip
    if check and completed.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {completed.stderr}")
    return completed.stdout


def log_subjects(repo: Path) -> list[str]:
    """Commit subjects, newest first."""
    return git(repo, "log", "--format=%s").splitlines()


def commit_count(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def snapshot(repo: Path) -> tuple[str, str, dict[str, bytes]]:
    """HEAD, `git status` and every file's bytes: equal before and after means untouched."""
    files = {
        str(path.relative_to(repo)): path.read_bytes()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    head = git(repo, "rev-parse", "HEAD").strip()
    return head, status, files


def new_rec(ledger: Path, *args: str) -> int:
    """`rec new` and return the new ID."""
    result = rec(ledger, "new", *args)
    assert result.exit_code == 0, result.output
    return int(result.stdout.strip())


def added_lines_only(repo: Path, rev: str = "HEAD") -> Sequence[str]:
    """The lines a commit changed; fails if it removed or changed any line."""
    diff = git(repo, "show", "--format=", "--unified=0", rev)
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    removed = [line for line in changed if line.startswith("-")]
    assert not removed, f"commit {rev} removed lines: {removed}"
    return changed


def as_author(author: tuple[str, str]) -> dict[str, str]:
    """Environment that makes git (and so rec) act as `author`."""
    name, email = author
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


AUTHOR_C = ("Carol Contractor", "carol@example.org")


def ssh_key(folder: Path, name: str) -> Path:
    """A fresh ed25519 key pair (no passphrase) made by ssh-keygen; the private key's path."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
                   check=True, capture_output=True)  # fmt: skip
    return key


def signing_as(author: tuple[str, str], key: Path | None) -> dict[str, str]:
    """Environment that makes git (and rec) act as `author`, signing with `key` (None: not
    signing at all)."""
    settings = {"user.signingkey": str(key.with_suffix(".pub")), "gpg.format": "ssh",
                "commit.gpgsign": "true"} if key else {"commit.gpgsign": "false"}  # fmt: skip
    env = as_author(author) | {"GIT_CONFIG_COUNT": str(len(settings))}
    for number, (name, value) in enumerate(settings.items()):
        env[f"GIT_CONFIG_KEY_{number}"] = name
        env[f"GIT_CONFIG_VALUE_{number}"] = value
    return env


def signer_line(author: tuple[str, str], key: Path) -> str:
    """The allowed-signers line binding `author`'s email to `key`."""
    return f"{author[1]} {key.with_suffix('.pub').read_text().strip()}\n"
