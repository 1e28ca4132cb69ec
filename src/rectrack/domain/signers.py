"""The ledger's allowed-signers file: which ssh keys belong to which people.

The format is git's and OpenSSH's (`ssh-keygen -Y verify`, "ALLOWED SIGNERS"): one key a
line, `principals [options] keytype base64-key [comment]`, principals being
comma-separated emails or patterns. Here it is only read, to name the people a key
belongs to; git itself checks the signatures.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field

from rectrack.domain.identity import is_member

_KEY_TYPES = ("ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-")


@dataclass(frozen=True, kw_only=True)
class AllowedSigners:
    """Key fingerprint (`SHA256:...`, as git's %GK shows it) -> the principals it may sign as."""

    keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def principals(self, fingerprint: str) -> tuple[str, ...]:
        return self.keys.get(fingerprint, ())

    def allows(self, email: str, fingerprint: str) -> bool:
        """Whether the key with this fingerprint may sign as `email`."""
        return is_member(email, self.principals(fingerprint))

    def keys_of(self, email: str) -> list[str]:
        """Fingerprints of the keys `email` may sign with."""
        return [key for key, people in self.keys.items() if is_member(email, people)]


def fingerprint(key: str) -> str | None:
    """The SHA256 fingerprint of a base64 public key blob, as ssh-keygen -l prints it."""
    try:
        blob = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        return None
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def parse_allowed_signers(data: bytes) -> AllowedSigners:
    """The keys of an allowed-signers file (lines it cannot read are left out)."""
    keys: dict[str, tuple[str, ...]] = {}
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, posix=True)
        except ValueError:
            continue
        at = next((i for i, w in enumerate(words) if i and w.startswith(_KEY_TYPES)), None)
        if at is None or at + 1 >= len(words):
            continue
        found = fingerprint(words[at + 1])
        if found is not None:
            principals = tuple(p for p in words[0].split(",") if p)
            keys[found] = keys.get(found, ()) + principals
    return AllowedSigners(keys=keys)


def signer_line(email: str, public_key: str) -> str:
    """One allowed-signers line for `email` and an OpenSSH public key (`ssh-ed25519 AAAA...`)."""
    keytype, blob = public_key.split()[:2]
    return f'{email} namespaces="git" {keytype} {blob}\n'
