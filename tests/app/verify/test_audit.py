"""`rec verify` re-checks the audit rules from git's record of who wrote what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import AUDITORS, AUTHOR_B, as_author, git, new_rec, rec

B = as_author(AUTHOR_B)


def verify(ledger: Path) -> tuple[int, list[dict[str, str]]]:
    result = rec(ledger, "verify", "--json")
    return result.exit_code, json.loads(result.stdout)["violations"]


@pytest.fixture
def audit_ledger(tmp_path: Path) -> Path:
    root = tmp_path / "audit"
    assert rec(root, "init", str(root), "--workflow", "audit", *AUDITORS).exit_code == 0
    new_rec(root, "--title", "T")
    assert rec(root, "status", "1", "implemented").exit_code == 0
    return root


def append_by_hand(ledger: Path, text: str, *, env: dict[str, str] | None = None) -> None:
    path = ledger / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + text.encode())
    git(ledger, "commit", "-qam", "hand edit", env=env)


def test_a_clean_audit_history_verifies(audit_ledger: Path, tmp_path: Path) -> None:
    """Implemented by Alex, evidence, verified by Blair: verify passes."""
    doc = tmp_path / "e.txt"
    doc.write_text("evidence")
    rec(audit_ledger, "evidence", "1", str(doc))
    assert rec(audit_ledger, "status", "1", "verified", env=B).exit_code == 0
    assert verify(audit_ledger) == (0, [])


def test_self_verification_by_hand_edit_is_reported(audit_ledger: Path, tmp_path: Path) -> None:
    """Alex appends `verified` by hand with a forged `by: Blair`: verify names Alex's commit."""
    doc = tmp_path / "e.txt"
    doc.write_text("evidence")
    rec(audit_ledger, "evidence", "1", str(doc))
    append_by_hand(
        audit_ledger, "- date: 2026-11-25\n  by: Blair Boardmember\n  status: verified\n"
    )
    code, violations = verify(audit_ledger)
    assert code == 1
    [violation] = violations
    assert violation["rec"] == "1" and violation["author"] == "Alex Auditor"
    assert "set by alex@example.org, who also set implemented" in violation["problem"]


def test_verified_without_evidence_and_reasonless_risk_acceptance(audit_ledger: Path) -> None:
    """Hand-written events that skip evidence or a reason are reported."""
    append_by_hand(audit_ledger, "- date: 2026-11-25\n  by: B\n  status: verified\n", env=B)
    append_by_hand(audit_ledger, "- date: 2026-11-25\n  by: B\n  status: risk-accepted\n", env=B)
    problems = [v["problem"] for v in verify(audit_ledger)[1]]
    assert "event 3 (verified) was set without evidence before it" in problems
    assert "event 4 (risk-accepted) was set without a reason (comment)" in problems


def test_due_moved_without_reason_by_hand(ledger_with_rec: Path) -> None:
    """A hand-written due move with no reason is reported with its commit."""
    path = ledger_with_rec / "recs/1.yaml"
    path.write_bytes(
        path.read_bytes() + b"- date: 2026-11-25\n  by: x\n  set: due\n  value: 2030-01-01\n"
    )
    git(ledger_with_rec, "commit", "-qam", "quiet slip")
    code, violations = verify(ledger_with_rec)
    assert code == 1
    assert [v["problem"] for v in violations] == ["event 2 moved the due date without a reason"]


def test_altered_and_missing_evidence_is_reported(ledger_with_rec: Path, tmp_path: Path) -> None:
    """verify re-hashes stored evidence: a changed or deleted file is named."""
    doc = tmp_path / "report.pdf"
    doc.write_bytes(b"original")
    rec(ledger_with_rec, "evidence", "1", str(doc))
    assert verify(ledger_with_rec) == (0, [])
    [stored] = (ledger_with_rec / "evidence").iterdir()
    stored.chmod(0o644)
    stored.write_bytes(b"forged")
    problems = [v["problem"] for v in verify(ledger_with_rec)[1]]
    assert any("evidence report.pdf" in p and "altered" in p for p in problems)
    stored.unlink()
    problems = [v["problem"] for v in verify(ledger_with_rec)[1]]
    assert any("evidence report.pdf" in p and "missing" in p for p in problems)
