"""Workflow rules: known statuses and allowed transitions."""

from __future__ import annotations

import pytest

from rectrack.domain.workflow import DEFAULT_WORKFLOW, Workflow
from rectrack.errors import TransitionNotAllowed, UnknownStatus


def test_default_workflow_is_the_seed_trackers() -> None:
    """The default statuses are the tracker's, starting awaiting-review; complete and
    no-further-action-needed close a recommendation, and `withdrawn` (final) closes one
    entered by mistake."""
    assert DEFAULT_WORKFLOW.statuses == (
        "awaiting-review", "being-progressed", "complete", "no-further-action-needed",
        "withdrawn",
    )  # fmt: skip
    assert DEFAULT_WORKFLOW.initial == "awaiting-review"
    assert DEFAULT_WORKFLOW.is_final("complete")
    assert DEFAULT_WORKFLOW.is_final("no-further-action-needed")
    assert not DEFAULT_WORKFLOW.is_final("being-progressed")


def test_any_status_may_follow_any_other_by_default() -> None:
    """Without transitions, items can be reopened: complete -> being-progressed is allowed."""
    DEFAULT_WORKFLOW.check_transition(rec_id=1, current="complete", status="being-progressed")
    DEFAULT_WORKFLOW.check_transition(rec_id=1, current="awaiting-review", status="complete")


def test_same_status_again_is_refused() -> None:
    """Moving to the status it already has is not a change."""
    with pytest.raises(TransitionNotAllowed, match="already in that status"):
        DEFAULT_WORKFLOW.check_transition(rec_id=1, current="complete", status="complete")


def test_unknown_status_lists_the_valid_ones() -> None:
    """An unknown status names every valid one."""
    with pytest.raises(UnknownStatus, match="awaiting-review, being-progressed, complete"):
        DEFAULT_WORKFLOW.check_known("done")


def test_transitions_restrict_moves() -> None:
    """A transitions map limits what may follow a status and says what is allowed."""
    workflow = Workflow(
        statuses=("open", "doing", "done"),
        initial="open",
        final=frozenset({"done"}),
        transitions={"open": ("doing",), "done": ()},
    )
    workflow.check_transition(rec_id=3, current="open", status="doing")
    workflow.check_transition(rec_id=3, current="doing", status="done")  # not listed: free
    with pytest.raises(TransitionNotAllowed, match="may go to doing"):
        workflow.check_transition(rec_id=3, current="open", status="done")
    with pytest.raises(TransitionNotAllowed, match="allows no further status"):
        workflow.check_transition(rec_id=3, current="done", status="open")


def test_a_role_names_who_may_set_a_status() -> None:
    """set_by: only the role's people (normalised emails) may set the status."""
    import dataclasses

    from rectrack.domain.workflow import AUDIT_WORKFLOW
    from rectrack.errors import RoleRequired

    workflow = dataclasses.replace(AUDIT_WORKFLOW, roles={"auditors": ("blair@audit.example",)})
    workflow.check_role(rec_id=1, status="verified", person="Blair+x@audit.example")
    workflow.check_role(rec_id=1, status="implemented", person="anyone@example.org")
    with pytest.raises(RoleRequired, match="only the auditors role may set it"):
        workflow.check_role(rec_id=1, status="verified", person="alex@example.org")
    with pytest.raises(RoleRequired, match="by an unknown person"):
        workflow.check_role(rec_id=1, status="risk-accepted", person=None)


def test_stored_evidence_rule_wants_a_file_not_a_url() -> None:
    """requires_evidence: stored is not met by a URL with a vouched hash."""
    from rectrack.domain.workflow import StatusRule
    from rectrack.errors import EvidenceRequired

    workflow = Workflow(
        statuses=("open", "done"), initial="open",
        rules={"done": StatusRule(requires_evidence=True, evidence_stored=True)},
    )  # fmt: skip
    args = {"rec_id": 1, "status": "done", "has_reason": False, "earlier_person": None,
            "person": "a@x.org"}  # fmt: skip
    with pytest.raises(EvidenceRequired, match="evidence stored in the ledger"):
        workflow.check_rules(has_evidence=True, has_stored_evidence=False, **args)  # type: ignore[arg-type]
    workflow.check_rules(has_evidence=True, has_stored_evidence=True, **args)  # type: ignore[arg-type]
