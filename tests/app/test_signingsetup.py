"""`rec init --signed`: the ledger lists its first signer's ssh key and the clone signs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import AUTHOR_A, git, rec, ssh_key

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")


def test_init_signed_sets_up_signing_and_says_how_others_join(tmp_path: Path) -> None:
    """The signers file is committed in the (signed) first commit, commits and checkpoints
    are signed from then on, and the steps for everyone else are printed."""
    key = ssh_key(tmp_path / "keys", "alex")
    root = tmp_path / "ledger"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.signingkey", str(key))  # the private key: its .pub is beside it
    result = rec(root, "init", str(root), "--workflow", "audit", "--signed")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("signing is on: this clone signs with SHA256:")
    assert any("git config user.signingkey ~/.ssh/rectrack.pub" in line for line in lines)
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        ".gitattributes", ".gitignore", ".rectrack/allowed_signers", "rectrack.yaml",
    ]  # fmt: skip
    signers = (root / ".rectrack/allowed_signers").read_text()
    assert f'{AUTHOR_A[1]} namespaces="git" ssh-ed25519 ' in signers
    assert "admins:\n  - alex@example.org" in (root / "rectrack.yaml").read_text()
    assert git(root, "config", "--local", "commit.gpgsign").strip() == "true"
    assert rec(root, "new", "--title", "Signed").exit_code == 0
    assert git(root, "log", "--format=%G?").split() == ["G", "G"]
    result = rec(root, "verify", "--signed")
    assert result.exit_code == 0, result.output
    assert "2 signature(s)" in result.stdout
    assert rec(root, "checkpoint", "first").stdout.endswith("(signed); `rec sync` shares it\n")
    tag = git(root, "cat-file", "-p", "refs/tags/rectrack/checkpoint/first")
    assert "-----BEGIN SSH SIGNATURE-----" in tag


@pytest.mark.parametrize("signingkey", [None, "0xDEADBEEF"])
def test_init_signed_without_an_ssh_key_is_one_line_and_no_ledger(
    tmp_path: Path, signingkey: str | None
) -> None:
    """No ssh signing key configured: refused before anything is written or committed."""
    root = tmp_path / "ledger"
    root.mkdir()
    git(root, "init", "-q")
    if signingkey:
        git(root, "config", "user.signingkey", signingkey)
    result = rec(root, "init", str(root), "--signed")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: invalid signing setup: `git config user.signingkey` must name an ssh key "
        "(for example ~/.ssh/id_ed25519.pub; make one with `ssh-keygen -t ed25519`)\n"
    )
    assert sorted(path.name for path in root.iterdir()) == [".git"]
    assert git(root, "log", "--oneline", check=False) == ""
