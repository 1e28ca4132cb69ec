"""Sign-off by someone else: the audit workflow's rules, enforced from git identities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import AUDITORS, AUTHOR_B, as_author, git, log_subjects, new_rec, rec, snapshot

B = as_author(AUTHOR_B)


@pytest.fixture
def audit_ledger(tmp_path: Path) -> Path:
    """An audit-workflow ledger with recommendation 1, implemented by Alex (AUTHOR_A)."""
    root = tmp_path / "audit"
    result = rec(root, "init", str(root), "--workflow", "audit", *AUDITORS)
    assert result.exit_code == 0, result.output
    assert new_rec(root, "--title", "Review call handling", "--owner", "Head of Contact") == 1
    assert rec(root, "status", "1", "implemented").exit_code == 0
    return root


def status_of(ledger: Path, rec_id: int = 1) -> str:
    return str(json.loads(rec(ledger, "show", str(rec_id), "--json").stdout)["status"])


def test_audit_workflow_is_written_with_its_rules(audit_ledger: Path) -> None:
    """`rec init --workflow audit` writes the statuses, finals and rules into rectrack.yaml."""
    config = (audit_ledger / "rectrack.yaml").read_text()
    for text in ("- implemented", "- verified", "- risk-accepted", "initial: open",
                 "different_person_from: implemented", "requires_evidence: true", "requires_reason: true"):  # fmt: skip
        assert text in config
    assert "verified" not in config.split("open: [")[1].split("]")[0]


def test_verified_cannot_skip_implemented(tmp_path: Path) -> None:
    """From `open`, jumping straight to `verified` is refused by the transitions."""
    root = tmp_path / "audit"
    rec(root, "init", str(root), "--workflow", "audit", *AUDITORS)
    new_rec(root, "--title", "T")
    result = rec(root, "status", "1", "verified", env=B)
    assert result.exit_code == 1 and "cannot go from 'open' to 'verified'" in result.stderr


def test_the_implementer_cannot_verify_even_with_a_forged_by(
    audit_ledger: Path, tmp_path: Path
) -> None:
    """Alex set implemented, so Alex may not set verified, whatever --by claims; no commit is made."""
    doc = tmp_path / "report.pdf"
    doc.write_bytes(b"%PDF closure report")
    assert rec(audit_ledger, "evidence", "1", str(doc)).exit_code == 0
    before = snapshot(audit_ledger)
    result = rec(audit_ledger, "status", "1", "verified", "--by", "Blair Boardmember")
    assert result.exit_code == 1, result.output
    assert "needs someone other than whoever set 'implemented' (alex@example.org)" in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(audit_ledger) == before


def test_verified_needs_evidence_first(audit_ledger: Path) -> None:
    """Blair may verify only once evidence is attached."""
    before = snapshot(audit_ledger)
    result = rec(audit_ledger, "status", "1", "verified", env=B)
    assert result.exit_code == 1 and "requires evidence first" in result.stderr
    assert snapshot(audit_ledger) == before


def test_a_second_person_verifies_with_evidence(audit_ledger: Path, tmp_path: Path) -> None:
    """Alex implements and attaches evidence; Blair verifies: two identities in git log."""
    doc = tmp_path / "insight-findings.txt"
    doc.write_text("Mapping now done by the ROCU.\n")
    assert (
        rec(audit_ledger, "evidence", "1", str(doc), "--comment", "Insight findings").exit_code == 0
    )
    result = rec(audit_ledger, "status", "1", "verified", env=B)
    assert result.exit_code == 0, result.output
    assert status_of(audit_ledger) == "verified"
    authors = git(audit_ledger, "log", "-3", "--format=%ae %s").splitlines()
    assert authors[0] == "blair@example.org rec 1: status implemented -> verified"
    assert authors[1].startswith("alex@example.org rec 1: evidence insight-findings.txt")


def test_reimplementing_by_the_verifier_blocks_their_own_verification(
    audit_ledger: Path, tmp_path: Path
) -> None:
    """The rule looks at whoever set implemented *last*: if Blair re-implements, Alex must verify."""
    doc = tmp_path / "e.txt"
    doc.write_text("x")
    rec(audit_ledger, "evidence", "1", str(doc))
    assert rec(audit_ledger, "status", "1", "being-progressed", env=B).exit_code == 0
    assert rec(audit_ledger, "status", "1", "implemented", env=B).exit_code == 0
    assert rec(audit_ledger, "status", "1", "verified", env=B).exit_code == 1
    assert rec(audit_ledger, "status", "1", "verified").exit_code == 0


@pytest.mark.parametrize("status", ["risk-accepted", "not-accepted"])
def test_risk_acceptance_needs_a_reason(audit_ledger: Path, status: str) -> None:
    """risk-accepted and not-accepted are refused without --comment and recorded with it."""
    before = snapshot(audit_ledger)
    result = rec(audit_ledger, "status", "1", status)
    assert (
        result.exit_code == 1
        and "without a reason" in result.stderr
        and "--comment" in result.stderr
    )
    assert snapshot(audit_ledger) == before
    ok = rec(
        audit_ledger, "status", "1", status, "--comment", "Cost outweighs the risk; board minute 14"
    )
    assert ok.exit_code == 0, ok.output
    assert log_subjects(audit_ledger)[0] == f"rec 1: status implemented -> {status}"


def test_rules_can_be_added_to_any_workflow(ledger_with_rec: Path) -> None:
    """A default-workflow ledger can require a second person for `complete` via rules:."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text().replace(
        "  # Optional: how often",
        "  rules:\n    complete:\n      different_person_from: being-progressed\n  # Optional: how often",
    ))  # fmt: skip
    git(ledger_with_rec, "commit", "-qam", "require a second person to close")
    assert rec(ledger_with_rec, "status", "1", "being-progressed").exit_code == 0
    assert rec(ledger_with_rec, "status", "1", "complete").exit_code == 1
    assert rec(ledger_with_rec, "status", "1", "complete", env=B).exit_code == 0


def test_unknown_workflow_name_is_refused(tmp_path: Path) -> None:
    """`rec init --workflow nonsense` names the built-in workflows and creates nothing."""
    result = rec(tmp_path / "x", "init", str(tmp_path / "x"), "--workflow", "nonsense")
    assert result.exit_code == 1 and "built-in workflows are default, audit" in result.stderr
    assert not (tmp_path / "x").exists()


def test_bad_rules_in_the_config_are_a_clear_error(ledger_with_rec: Path) -> None:
    """A rule naming an unknown key is a one-line config error."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + "  rules:\n    complete:\n      needs_cake: true\n")
    result = rec(ledger_with_rec, "status", "1", "complete")
    assert result.exit_code == 1 and "workflow.rules.complete may only set" in result.stderr


def test_stored_evidence_rule_refuses_a_url_and_verify_agrees(
    audit_ledger: Path, tmp_path: Path
) -> None:
    """`requires_evidence: stored`: a URL with a vouched hash is not enough; a stored file is."""
    config = audit_ledger / "rectrack.yaml"
    config.write_text(
        config.read_text().replace("requires_evidence: true", "requires_evidence: stored")
    )
    git(audit_ledger, "commit", "-qam", "verified needs a stored document")
    url = ["--url", "https://sharepoint.example/closure.docx", "--sha256", "ab" * 32]
    assert rec(audit_ledger, "evidence", "1", *url).exit_code == 0
    before = snapshot(audit_ledger)
    result = rec(audit_ledger, "status", "1", "verified", env=B)
    assert result.exit_code == 1
    assert "requires evidence stored in the ledger (not a URL) first" in result.stderr
    assert snapshot(audit_ledger) == before
    path = audit_ledger / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + b"- date: 2026-11-25\n  by: B\n  status: verified\n")
    git(audit_ledger, "commit", "-qam", "by hand", env=B)
    problems = [
        v["problem"] for v in json.loads(rec(audit_ledger, "verify", "--json").stdout)["violations"]
    ]
    assert problems == ["event 4 (verified) was set without evidence stored in the ledger"]
    git(audit_ledger, "reset", "-q", "--hard", "HEAD~1")
    doc = tmp_path / "closure.txt"
    doc.write_text("the closure report")
    assert rec(audit_ledger, "evidence", "1", str(doc)).exit_code == 0
    assert rec(audit_ledger, "status", "1", "verified", env=B).exit_code == 0
