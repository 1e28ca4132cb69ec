"""Stored evidence, re-hashed at HEAD.

The audit rules themselves are judged commit by commit, as the walk goes, under the
rules in force at each commit (judge.py). What is left for HEAD is the evidence: every
file under evidence/ that a recommendation names must still be there with its hash.
"""

from __future__ import annotations

from rectrack.app.verify.report import Violation
from rectrack.domain.state import Recommendation
from rectrack.errors import LedgerFormatError
from rectrack.store import recfile
from rectrack.store.evidence import check_evidence
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs


def evidence_problems(ledger: Ledger) -> list[Violation]:
    """Every stored evidence file named in HEAD's recommendations that is missing or altered."""
    files = blobs.read_tree(ledger.git_root, "HEAD", ledger.recs_dir)
    with_evidence: list[Recommendation] = []
    for name, data in sorted(files.items()):
        if not name.endswith(".yaml") or not name[:-5].isdigit() or b"evidence:" not in data:
            continue
        try:
            rec = recfile.parse_recommendation(data, rec_id=int(name[:-5]), path=name)
        except LedgerFormatError:
            continue  # reported by the format check
        if rec.evidence:
            with_evidence.append(rec)
    return [
        Violation(rec=str(p.rec_id), commit="HEAD", author="", date="",
                  problem=f"evidence {p.name} ({p.sha256[:12]}…) {p.problem}")
        for p in check_evidence(ledger, with_evidence)
    ]  # fmt: skip
