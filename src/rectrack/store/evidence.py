"""Evidence files: documents a closure rests on, stored content-addressed so they provably
never change.

A stored document is a file `evidence/<sha256>` in the ledger (git LFS takes it over
transparently when the repository's .gitattributes routes `evidence/**` to LFS); the
`evidence` event records its original name, hash and size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rectrack.domain.identifiers import SHA256
from rectrack.domain.state import Recommendation
from rectrack.store.paths import Ledger

EVIDENCE_DIR = "evidence"
_CHUNK = 1 << 20


@dataclass(frozen=True, kw_only=True)
class EvidenceProblem:
    """A stored evidence file that is missing or no longer matches its recorded hash."""

    rec_id: int
    name: str
    sha256: str
    problem: str


def sha256_of(path: Path) -> tuple[str, int]:
    """(hex SHA-256, size in bytes) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def check_evidence(ledger: Ledger, recs: list[Recommendation]) -> list[EvidenceProblem]:
    """Re-hash every stored evidence file the recommendations name."""
    problems: list[EvidenceProblem] = []
    for rec in recs:
        for event in rec.evidence:
            if event.url is not None:
                continue
            target = ledger.root / EVIDENCE_DIR / event.sha256
            if not target.is_file():
                problem = "missing"
            elif sha256_of(target)[0] != event.sha256:
                problem = "altered (its SHA-256 no longer matches)"
            else:
                continue
            problems.append(
                EvidenceProblem(
                    rec_id=rec.id, name=event.name, sha256=event.sha256, problem=problem
                )
            )
    return problems


def read_stored(ledger: Ledger, sha256s: Iterable[str]) -> dict[str, bytes]:
    """The bytes of the stored evidence files named, where present and still true to their
    name (a missing or altered file is left out: `rec verify` reports it)."""
    found: dict[str, bytes] = {}
    for sha256 in sorted(set(sha256s)):
        if not SHA256.fullmatch(sha256):
            continue
        try:
            data = (ledger.root / EVIDENCE_DIR / sha256).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == sha256:
            found[sha256] = data
    return found
