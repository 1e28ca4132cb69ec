"""`rec init --signed`: a ledger whose commits are signed by keys it lists itself.

The ledger keeps `.rectrack/allowed_signers` (git's format: emails bound to ssh public
keys), starting with the key of the person who creates it; this clone is set to sign
every commit and tag with it. Everyone else adds their own key (an admin commits the
line) and sets their clone the same way; `signing_steps` prints how.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rectrack.domain.signers import fingerprint, signer_line
from rectrack.errors import InvalidValue
from rectrack.vcs import signingconfig

SIGNERS = Path(".rectrack") / "allowed_signers"


@dataclass(frozen=True, kw_only=True)
class SigningSetup:
    """The signers file written and the key that starts it."""

    path: Path
    email: str
    key: str  # SHA256 fingerprint


def signing_key(git_root: Path) -> str:
    """The ssh public key `user.signingkey` names, or a one-line error saying what to set."""
    key = signingconfig.ssh_public_key(git_root)
    if key is None:
        raise InvalidValue(
            what="signing setup",
            reason="`git config user.signingkey` must name an ssh key (for example "
            "~/.ssh/id_ed25519.pub; make one with `ssh-keygen -t ed25519`)",
        )
    return key


def signers_file(ledger_root: Path, *, email: str, public_key: str) -> tuple[Path, bytes]:
    """The signers file listing this person's key: its path and bytes (the caller writes
    and commits them, through the journal)."""
    text = (
        '# Who may sign this ledger\'s commits: `email namespaces="git" key` lines\n'
        "# (git's allowed-signers format). Adding a line is a rules change: an admin\n"
        "# commits it, signed (docs/audit.md, Signing).\n" + signer_line(email, public_key)
    )
    return ledger_root / SIGNERS, text.encode()


def setup_of(path: Path, *, email: str, public_key: str) -> SigningSetup:
    """What `rec init --signed` set up, for `signing_steps`."""
    return SigningSetup(path=path, email=email, key=fingerprint(public_key.split()[1]) or "?")


def enable_signing(git_root: Path, *, signers: Path) -> None:
    """Sign every commit and tag in this clone with ssh; check others against the ledger's file."""
    for key, value in (("gpg.format", "ssh"), ("commit.gpgsign", "true"),
                       ("tag.gpgsign", "true"), ("gpg.ssh.allowedSignersFile", str(signers))):  # fmt: skip
        signingconfig.set_local(git_root, key, value)


def signing_steps(setup: SigningSetup) -> list[str]:
    """What to tell each other person who will write to the ledger."""
    return [
        f"signing is on: this clone signs with {setup.key}, listed for {setup.email} in "
        f"{SIGNERS.as_posix()}",
        "each other person, once:",
        "  1. make a key if they have none: ssh-keygen -t ed25519 -f ~/.ssh/rectrack",
        "  2. in their clone: git config user.signingkey ~/.ssh/rectrack.pub && git config "
        "gpg.format ssh && git config commit.gpgsign true && git config tag.gpgsign true",
        "  3. an admin adds their line to .rectrack/allowed_signers and commits it (signed):",
        '     their-email@example.org namespaces="git" ssh-ed25519 AAAA... (their .pub file)',
        "then `rec verify --signed` checks every commit against that file",
    ]
