"""Stored evidence, re-hashed at HEAD.

The audit rules themselves are judged commit by commit, as the walk goes, under the
rules in force at each commit (judge.py). What is left for HEAD is the evidence: every
file under evidence/ that a recommendation names must still be there with its hash.
Only HEAD's files that mention evidence are parsed; which those are is known for every
file a walk record saw unchanged, and read (through the walk's blob reader) for the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

from rectrack.app.verify.report import Violation
from rectrack.domain.state import Recommendation
from rectrack.errors import LedgerFormatError
from rectrack.store import recfile
from rectrack.store.evidence import check_evidence
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs

_BATCH = 512


def evidence_problems(
    ledger: Ledger, reader: blobs.BlobReader, *, tree: dict[str, str],
    known: dict[str, str], mentions: frozenset[str],
) -> tuple[list[Violation], frozenset[str]]:  # fmt: skip
    """Every stored evidence file named in HEAD's recommendations that is missing or
    altered; and the names of HEAD's files that mention evidence.

    `tree`: HEAD's files in recs/ (name -> blob); `known`: the files (name -> blob) of a
    commit whose files mentioning evidence were `mentions`.
    """
    with_evidence: list[Recommendation] = []
    found: set[str] = set()
    for name, data in _mentioning(reader, tree=tree, known=known, mentions=mentions):
        found.add(name)
        if not name[:-5].isdigit():
            continue
        try:
            rec = recfile.parse_recommendation(data, rec_id=int(name[:-5]), path=name)
        except LedgerFormatError:
            continue  # reported by the format check
        if rec.evidence:
            with_evidence.append(rec)
    problems = [
        Violation(rec=str(p.rec_id), commit="HEAD", author="", date="",
                  problem=f"evidence {p.name} ({p.sha256[:12]}…) {p.problem}")
        for p in check_evidence(ledger, with_evidence)
    ]  # fmt: skip
    return problems, frozenset(found)


def _mentioning(
    reader: blobs.BlobReader, *, tree: dict[str, str], known: dict[str, str],
    mentions: frozenset[str],
) -> Iterator[tuple[str, bytes]]:  # fmt: skip
    """(name, bytes) of each `*.yaml` in `tree` whose bytes mention `evidence:`."""
    wanted = [
        (name, blob)
        for name, blob in sorted(tree.items())
        if name.endswith(".yaml") and (known.get(name) != blob or name in mentions)
    ]
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        reader.prefetch(blob for _, blob in batch)
        for name, blob in batch:
            found = reader.read(blob)
            if found is not None and b"evidence:" in found[1]:
                yield name, found[1]
