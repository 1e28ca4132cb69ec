"""The allowed-signers file, read to name the people each key belongs to."""

from __future__ import annotations

import base64
import hashlib

from rectrack.domain.signers import fingerprint, parse_allowed_signers, signer_line

BLOB = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519" + bytes(36)).decode()
PRINT = "SHA256:" + base64.b64encode(
    hashlib.sha256(base64.b64decode(BLOB)).digest()
).decode().rstrip("=")


def test_keys_are_named_by_their_sha256_fingerprint() -> None:
    """As `ssh-keygen -l` (and git's %GK) shows them."""
    assert fingerprint(BLOB) == PRINT
    assert fingerprint("not base64!") is None


def test_principals_options_comments_and_junk() -> None:
    """Comma-separated principals, quoted options, comments and unreadable lines."""
    text = (
        "# the ledger's signers\n"
        f'alex@example.org,alex@force.example namespaces="git,file" ssh-ed25519 {BLOB} laptop\n'
        f"*@audit.example ssh-ed25519 {BLOB}\n"
        "broken line without a key\n"
        'unbalanced "quote ssh-ed25519 AAAA\n'
    )
    signers = parse_allowed_signers(text.encode())
    assert signers.principals(PRINT) == (
        "alex@example.org",
        "alex@force.example",
        "*@audit.example",
    )
    assert signers.allows("Alex+x@example.org", PRINT)
    assert signers.allows("blair@audit.example", PRINT)
    assert not signers.allows("blair@example.org", PRINT)
    assert signers.keys_of("alex@force.example") == [PRINT]


def test_a_written_line_reads_back() -> None:
    """`rec init --signed` writes lines the reader (and git) understand."""
    line = signer_line("alex@example.org", f"ssh-ed25519 {BLOB} alex@laptop")
    assert line == f'alex@example.org namespaces="git" ssh-ed25519 {BLOB}\n'
    assert parse_allowed_signers(line.encode()).allows("alex@example.org", PRINT)
