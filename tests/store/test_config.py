"""rectrack.yaml's roles and rules: parsed, checked, and written by `rec init`."""

from __future__ import annotations

import pytest

from rectrack.errors import ConfigError
from rectrack.store.config import parse_workflow

BASE = "workflow:\n  statuses: [open, verified]\n"


def test_roles_and_set_by_and_stored_evidence() -> None:
    """roles: maps names to emails; set_by names a role; requires_evidence may be stored."""
    workflow = parse_workflow(
        (
            "roles:\n  auditors: [blair@audit.example]\n  admins:\n  - alex@example.org\n"
            + BASE + "  rules:\n    verified:\n      set_by: auditors\n"
            "      requires_evidence: stored\n"
        ).encode(),
        path="rectrack.yaml",
    )  # fmt: skip
    assert workflow.roles == {"auditors": ("blair@audit.example",), "admins": ("alex@example.org",)}
    rule = workflow.rule_for("verified")
    assert rule.set_by == "auditors" and rule.requires_evidence and rule.evidence_stored


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("roles: [a@x.org]\n" + BASE, "`roles` maps a role name to a list of emails"),
        ("roles:\n  auditors: blair@x.org\n" + BASE, "roles.auditors: a list of emails"),
        ("roles:\n  auditors: [Blair]\n" + BASE, "roles.auditors: every entry is an email"),
        (BASE + "  rules:\n    verified:\n      set_by: auditors\n",
         "workflow.rules.verified.set_by: no role 'auditors' under roles:"),
        (BASE + "  rules:\n    verified:\n      requires_evidence: yes-please\n",
         "requires_evidence must be true, false or stored"),
    ],
)  # fmt: skip
def test_bad_roles_are_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_workflow(text.encode(), path="rectrack.yaml")


def test_a_ledger_without_roles_reads_as_before() -> None:
    """An existing ledger's rectrack.yaml (no roles:) keeps working unchanged."""
    assert parse_workflow(BASE.encode(), path="rectrack.yaml").roles == {}
