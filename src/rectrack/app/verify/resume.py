"""The walk record: what a walk of history established at a commit, so that the next
`rec verify` walks only the commits after it.

Kept per ledger and branch in `<git common dir>/rectrack/walk-<key>` (inside `.git`,
never committed or pushed): the commit walked to; the counts, violations, warnings and
rules changes found up to it (before `.rectrack/accepted`, which each run applies as at
its own HEAD); the rules files there and the rectrack.yaml in force; who recorded the
status events of every version seen (people.py); HEAD's files in recs/ and which of them
mention evidence; after `--signed`, the signature findings and git's trust settings
they were made under. A SHA-256 of the rest guards it against a torn or corrupted file.

An accelerator, never evidence: used only while its commit is an ancestor of HEAD (a
rewrite makes the next run walk everything; record.py reports the rewrite), and only by
the same rectrack code for the same ledger folder, branch and fallback configuration. A
record that is missing, corrupt or not ours is ignored and the whole history walked, as
by `rec verify --full`. Whoever can write the git dir could forge one and hide a
violation from this clone only; `--full`, a fresh clone and checkpoints never read it.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rectrack.app.verify.people import Packed
from rectrack.app.verify.report import RulesChange, Violation
from rectrack.store import files
from rectrack.store.paths import Ledger
from rectrack.vcs import repo

#: Bump when what a record holds, or what verify checks, changes.
FORMAT = 2
_MAGIC = b"rectrack-walk-record\n"


@dataclass(frozen=True, kw_only=True)
class Signed:
    """`--signed`'s findings up to the record's commit, under git's trust settings `trust`."""

    trust: str
    count: int
    violations: tuple[Violation, ...]


@dataclass(frozen=True, kw_only=True)
class WalkRecord:
    """What a walk of every commit up to `commit` found and knew."""

    commit: str
    counts: tuple[int, int, int]  # commits, file versions, versions read by the fast path
    violations: tuple[Violation, ...]
    warnings: tuple[Violation, ...]
    rules_changes: tuple[RulesChange, ...]
    rules: dict[str, str]  # rules file -> blob, at `commit`
    workflow_blob: str | None  # the rectrack.yaml in force there (None: the default)
    people: dict[str, Packed]
    tree: dict[str, str]  # name in recs/ -> blob, at `commit`
    mentions: frozenset[str]  # names in `tree` whose file mentions evidence
    signed: Signed | None


def record_path(ledger: Ledger, ref: str) -> Path:
    folder = ledger.root.relative_to(ledger.git_root).as_posix()
    key = hashlib.sha1(f"{folder}\0{ref}".encode()).hexdigest()[:16]
    return repo.common_dir(ledger.git_dir) / "rectrack" / f"walk-{key}"


def load(ledger: Ledger, ref: str) -> WalkRecord | None:
    """The record for `ref`, or None when there is none this code can trust to read."""
    try:
        data = record_path(ledger, ref).read_bytes()
        digest, packed = data[len(_MAGIC) : len(_MAGIC) + 32], data[len(_MAGIC) + 32 :]
        if not data.startswith(_MAGIC) or hashlib.sha256(packed).digest() != digest:
            return None  # torn, truncated or edited by hand
        payload = marshal.loads(zlib.decompress(packed))
        if not isinstance(payload, tuple) or payload[0] != _fingerprint(ledger, ref):
            return None
        return _decode(payload[1:])
    except (OSError, EOFError, ValueError, TypeError, IndexError, zlib.error):
        return None


def save(ledger: Ledger, ref: str, record: WalkRecord) -> bool:
    """Keep `record` for the next run; False when the git dir cannot be written."""
    payload = (_fingerprint(ledger, ref), *_encode(record))
    packed = zlib.compress(marshal.dumps(payload), 1)
    data = _MAGIC + hashlib.sha256(packed).digest() + packed
    path = record_path(ledger, ref)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(path, data, durable=False)  # lost is fine, torn never
    except OSError:
        return False
    return True


def _encode(record: WalkRecord) -> tuple[Any, ...]:
    signed = None
    if record.signed is not None:
        signed = (record.signed.trust, record.signed.count,
                  [_violation(v) for v in record.signed.violations])  # fmt: skip
    changes = [(c.commit, c.author, c.email, c.date, c.files, c.when) for c in record.rules_changes]
    return (
        record.commit, record.counts, [_violation(v) for v in record.violations],
        [_violation(v) for v in record.warnings], changes, record.rules, record.workflow_blob,
        record.people, record.tree, sorted(record.mentions), signed,
    )  # fmt: skip


def _decode(fields: tuple[Any, ...]) -> WalkRecord | None:
    commit, counts, found, warned, changes, rules, workflow, people, tree, mentions, signed = fields
    if not (isinstance(commit, str) and isinstance(counts, tuple) and len(counts) == 3):
        return None
    if not all(isinstance(part, dict) for part in (rules, people, tree)):
        return None
    kept = None
    if signed is not None:
        trust, count, violations = signed
        kept = Signed(trust=trust, count=count, violations=_violations(violations))
    return WalkRecord(
        commit=commit, counts=counts, violations=_violations(found), warnings=_violations(warned),
        rules_changes=tuple(RulesChange(commit=c, author=a, email=e, date=d, files=tuple(f),
                                        when=w) for c, a, e, d, f, w in changes),
        rules=rules, workflow_blob=workflow, people=people, tree=tree,
        mentions=frozenset(mentions), signed=kept,
    )  # fmt: skip


def _violation(violation: Violation) -> tuple[str, str, str, str, str, int]:
    v = violation
    return (v.rec, v.commit, v.author, v.date, v.problem, v.when)


def _violations(rows: Any) -> tuple[Violation, ...]:
    return tuple(Violation(rec=r, commit=c, author=a, date=d, problem=p, when=w)
                 for r, c, a, d, p, w in rows)  # fmt: skip


def _fingerprint(ledger: Ledger, ref: str) -> str:
    """What a record must have been written under: this code, this ledger folder, this
    branch, and the rectrack.yaml on disk (the rules of commits that committed none)."""
    folder = ledger.root.relative_to(ledger.git_root).as_posix()
    digest = hashlib.sha256(f"{FORMAT}\0{folder}\0{ref}\0".encode() + _code_stamp())
    try:
        digest.update(ledger.config_path.read_bytes())
    except OSError:
        digest.update(b"\0no rectrack.yaml")
    return digest.hexdigest()


@functools.cache
def _code_stamp() -> bytes:
    """Every rectrack source file's name, size and modification time: any other rectrack
    (an upgrade, an edit) may check differently, so its records are not ours."""
    package = Path(__file__).resolve().parents[2]
    stamp = hashlib.sha256()
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                stamp.update(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return stamp.digest()
