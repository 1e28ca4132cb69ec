"""git's signing configuration: the user's key, and turning signing on for one repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from rectrack.vcs.runner import run, run_unchecked


def config_value(root: Path, key: str) -> str | None:
    """A git config value as git resolves it (env, local, global), or None."""
    completed = run_unchecked(root, "config", "--get", key)
    value = completed.stdout.decode("utf-8", "replace").strip()
    return value if completed.returncode == 0 and value else None


def set_local(root: Path, key: str, value: str) -> None:
    run(root, "config", "--local", key, value)


def signs(root: Path) -> bool:
    """Whether commits and tags made here can be signed (a signing key is configured)."""
    return config_value(root, "user.signingkey") is not None


def ssh_public_key(root: Path) -> str | None:
    """The OpenSSH public key (`ssh-ed25519 AAAA...`) that `user.signingkey` names, if it
    is an ssh key: `key::ssh-...`, a literal key, a `.pub` file or a private key whose
    `.pub` sits beside it."""
    value = config_value(root, "user.signingkey")
    if value is None:
        return None
    literal = value.removeprefix("key::").strip()
    if literal.startswith(("ssh-", "ecdsa-", "sk-")):
        return literal
    path = Path(value).expanduser()
    for candidate in (path, path.with_name(path.name + ".pub")):
        try:
            text = candidate.read_text().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text.startswith(("ssh-", "ecdsa-", "sk-")):
            return text
    return _derive(path)


def _derive(path: Path) -> str | None:
    """The public half of an unencrypted private key file (`ssh-keygen -y`)."""
    try:
        completed = subprocess.run(["ssh-keygen", "-y", "-f", str(path)], capture_output=True,
                                   check=False, stdin=subprocess.DEVNULL, timeout=10)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = completed.stdout.decode("utf-8", "replace").strip()
    return (
        text if completed.returncode == 0 and text.startswith(("ssh-", "ecdsa-", "sk-")) else None
    )
