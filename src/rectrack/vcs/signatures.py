"""Commit signatures as git checks them, against an allowed-signers file we choose.

`rec verify --signed` checks each commit against the ledger's own
`.rectrack/allowed_signers` as committed before that commit, not against whatever the
person running verify happens to trust. git takes the file from its config, so it is
written to a temporary file and named with `-c gpg.ssh.allowedSignersFile=`; one
`git log --no-walk --stdin` checks every commit that shares a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rectrack.vcs.runner import run, run_unchecked


@dataclass(frozen=True, kw_only=True)
class Signature:
    """What git says of one commit's signature."""

    code: str  # %G?: G good, N none, U untrusted key, B bad, E cannot check, X/Y/R expired/revoked
    signer: str  # %GS: for ssh, the principal the key is allowed for
    key: str  # %GK: for ssh, the key's SHA256 fingerprint


def check_signatures(
    root: Path, commits: Sequence[str], *, allowed_signers: bytes | None
) -> dict[str, Signature]:
    """{commit: Signature} for `commits`; `allowed_signers` None: git's own configuration."""
    if not commits:
        return {}
    with tempfile.TemporaryDirectory(prefix="rectrack-signers-") as scratch:
        config: list[str] = []
        if allowed_signers is not None:
            path = os.path.join(scratch, "allowed_signers")
            with open(path, "wb") as stream:
                stream.write(allowed_signers)
            config = ["-c", f"gpg.ssh.allowedSignersFile={path}"]
        output = run(root, *config, "-c", "log.showSignature=false", "log", "--no-walk=unsorted",
                     "--stdin", "--format=%H%x1f%G?%x1f%GS%x1f%GK",
                     stdin=("\n".join(commits) + "\n").encode())  # fmt: skip
    found: dict[str, Signature] = {}
    for line in output.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 4:
            found[parts[0]] = Signature(code=parts[1], signer=parts[2], key=parts[3])
    return found


def trust_settings(root: Path) -> str:
    """git's settings that decide which signatures it trusts (`gpg.*`), and the bytes of
    the allowed signers file they name, as one text: what signature findings kept from an
    earlier run were made under (any change, and they are made again)."""
    completed = run_unchecked(root, "config", "--get-regexp", r"^gpg\.")
    settings = completed.stdout.decode("utf-8", "replace")
    for line in settings.splitlines():
        name, _, value = line.partition(" ")
        if name == "gpg.ssh.allowedsignersfile" and value:
            try:
                data = (root / Path(value).expanduser()).read_bytes()
            except OSError:
                data = b"(unreadable)"
            settings += f"\n{value}: {hashlib.sha256(data).hexdigest()}"
    return settings
