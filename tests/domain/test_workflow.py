"""Workflow rules: known statuses and allowed transitions."""

from __future__ import annotations

import pytest

from rectrack.domain.workflow import DEFAULT_WORKFLOW, Workflow
from rectrack.errors import TransitionNotAllowed, UnknownStatus


def test_default_workflow_is_the_seed_trackers() -> None:
    """The default statuses are the tracker's, starting awaiting-review; complete and
    no-further-action-needed close a recommendation."""
    assert DEFAULT_WORKFLOW.statuses[:3] == ("awaiting-review", "being-progressed", "complete")
    assert "no-further-action-needed" in DEFAULT_WORKFLOW.statuses
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
