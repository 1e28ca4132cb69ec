"""Corrections: amendments and withdrawals change how events stand, never the events."""

from __future__ import annotations

import datetime as dt

import pytest

from rectrack.domain import appendonly
from rectrack.domain.audit import rule_breaches
from rectrack.domain.codec import from_item, from_json, to_item, to_json
from rectrack.domain.corrections import (
    correction_problem,
    effective_events,
    moved_targets,
    standings,
)
from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    EvidenceAdded,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.domain.merge import Side, keep_corrections, merge_appends
from rectrack.domain.query import RecFilter
from rectrack.domain.state import Recommendation, as_at
from rectrack.domain.workflow import AUDIT_WORKFLOW, DEFAULT_WORKFLOW
from rectrack.errors import RecordInvalid

D = dt.date
SHA = "a" * 64
OPENED = StatusChange(date=D(2026, 1, 1), by="A", status="awaiting-review")
COMMENT = Comment(date=D(2026, 1, 2), by="A", text="Tmplate agreed")
OWNER = FieldChange(date=D(2026, 1, 3), by="A", field="owner", value="Wrong person")
EVIDENCE = EvidenceAdded(date=D(2026, 1, 4), by="A", name="x.pdf", sha256=SHA, size=3)
DUE = FieldChange(date=D(2026, 1, 5), by="A", field="due", value=D(2027, 1, 1))
BASE: tuple[Event, ...] = (OPENED, COMMENT, OWNER, EVIDENCE, DUE)


def amend(number: int, text: str = "Template agreed") -> Amendment:
    return Amendment(date=D(2026, 2, 1), by="B", event=number, text=text)


def retract(number: int, reason: str = "by mistake") -> Retraction:
    return Retraction(date=D(2026, 2, 2), by="B", event=number, reason=reason)


def rec_of(*events: Event) -> Recommendation:
    return Recommendation(id=1, header={"title": "T", "owner": "Supt"}, events=(*BASE, *events))


def test_an_amendment_replaces_a_comments_text_and_keeps_the_original() -> None:
    """An amended comment reads the new text; the event itself still holds the original."""
    rec = rec_of(amend(2))
    standing = rec.standings[1]
    assert standing.text == "Template agreed"
    assert standing.event == COMMENT
    assert standing.mark == "amended 2026-02-01 by B"
    assert standing.as_json()["text"] == "Tmplate agreed"
    assert standing.as_json()["amended_text"] == "Template agreed"
    assert [e.text for e in rec.effective if isinstance(e, Comment)] == ["Template agreed"]


def test_the_latest_amendment_wins_and_withdrawing_it_brings_back_the_one_before() -> None:
    """Two amendments: the second wins; withdrawing it shows the first again."""
    rec = rec_of(amend(2, "first fix"), amend(2, "second fix"))
    assert rec.standings[1].text == "second fix"
    rec = rec_of(amend(2, "first fix"), amend(2, "second fix"), retract(7))
    assert rec.standings[1].text == "first fix"
    assert rec.standings[6].withdrawn is not None


def test_a_withdrawn_field_change_no_longer_changes_the_field() -> None:
    """Withdrawing `set owner` puts back the owner before it."""
    assert rec_of().owner == "Wrong person"
    assert rec_of(retract(3)).owner == "Supt"


def test_withdrawn_evidence_no_longer_counts() -> None:
    """Withdrawn evidence leaves `evidence` (and so no longer satisfies requires_evidence)."""
    assert rec_of().evidence == (EVIDENCE,)
    assert rec_of(retract(4)).evidence == ()


def test_a_withdrawn_comment_is_not_searched() -> None:
    """--grep searches comments as they stand: a withdrawn one is not found."""
    match = RecFilter(grep="tmplate")
    today = D(2026, 11, 29)
    assert match.matches(rec_of(), workflow=DEFAULT_WORKFLOW, today=today)
    assert not match.matches(rec_of(retract(2)), workflow=DEFAULT_WORKFLOW, today=today)
    assert not match.matches(rec_of(amend(2)), workflow=DEFAULT_WORKFLOW, today=today)


@pytest.mark.parametrize(
    ("correction", "problem"),
    [
        (retract(1), "event 1 is a status change: a status is corrected by a new status change"),
        (amend(1), "event 1 is a status change"),
        (amend(3), "only a comment's text can be amended, and event 3 is a field change"),
        (amend(4), "event 4 is evidence"),
        (retract(5), "event 5 moved the due date, and every move stays on record"),
        (retract(6), "there is no event 6 before it"),
        (amend(99), "there is no event 99 before it"),
    ],
)  # fmt: skip
def test_what_may_not_be_corrected(correction: Amendment | Retraction, problem: str) -> None:
    """Statuses, due moves and events that do not exist (yet) are refused, with the reason."""
    found = correction_problem(BASE, correction)
    assert found is not None and problem in found


def test_corrections_of_corrections() -> None:
    """An amendment may be withdrawn; a withdrawal is final; an amendment is not amended."""
    with_amendment = (*BASE, amend(2))
    assert correction_problem(with_amendment, retract(6)) is None
    amended_again = correction_problem(with_amendment, amend(6))
    assert amended_again is not None and "amend the comment itself (event 2)" in amended_again
    withdrawn = (*BASE, retract(2))
    final = correction_problem(withdrawn, retract(6))
    assert final is not None and "a withdrawal, which is final" in final
    twice = correction_problem(withdrawn, retract(2))
    assert twice is not None and "already withdrawn (by event 6)" in twice
    late = correction_problem(withdrawn, amend(2))
    assert late is not None and "already withdrawn" in late


def test_a_correction_that_breaks_the_rules_changes_nothing() -> None:
    """A hand-written withdrawal of a status is ignored by the fold and named for verify."""
    rec = rec_of(retract(1))
    assert rec.status == "awaiting-review"
    assert rec.standings[5].ignored is not None
    problems = appendonly.correction_changes(rec.events, start=5)
    assert problems and problems[0].startswith("event 6: a correction that may not be made")
    assert appendonly.correction_changes(rec_of(retract(2)).events, start=5) == []


def test_effective_events_are_the_events_when_nothing_is_corrected() -> None:
    """Without corrections the events count as they are (the same tuple)."""
    assert effective_events(BASE) == BASE
    assert [s.number for s in standings(BASE)] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("event", [amend(2, "multi\nline: text"), retract(3, "why, #1")])
def test_corrections_round_trip_through_the_codec(event: Amendment | Retraction) -> None:
    """Both shapes (file mapping and JSON) read back as the same event."""
    assert from_item(to_item(event), index=1) == event
    assert from_json(to_json(event), index=1) == event


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ({"date": "2026-01-01", "by": "x", "amend": 0, "text": "t"}, "amend must be an event number"),
        ({"date": "2026-01-01", "by": "x", "amend": True, "text": "t"}, "amend must be an event number"),
        ({"date": "2026-01-01", "by": "x", "amend": "2", "text": "t"}, "amend must be an event number"),
        ({"date": "2026-01-01", "by": "x", "amend": 2}, "amend needs `text:`"),
        ({"date": "2026-01-01", "by": "x", "retract": 2, "reason": " "}, "retract needs `reason:`"),
        ({"date": "2026-01-01", "by": "x", "retract": 2, "reason": "r", "text": "t"}, "unknown keys: text"),
        ({"date": "2026-01-01", "by": "x", "retract": 2, "comment": "c"}, "exactly one of"),
    ],
)  # fmt: skip
def test_the_codec_refuses_malformed_corrections(item: dict[str, object], problem: str) -> None:
    """A correction needs a positive event number and its text or reason, nothing else."""
    with pytest.raises(RecordInvalid) as raised:
        from_item(item, index=1)
    assert problem in str(raised.value)


def test_as_at_keeps_each_correction_on_its_event() -> None:
    """A view as at a date drops later events but a correction still corrects its own event."""
    backdated = Comment(date=D(2026, 1, 2), by="A", text="backdated")
    events = (
        OPENED,
        Comment(date=D(2026, 3, 1), by="A", text="later"),
        backdated,
        Amendment(date=D(2026, 1, 20), by="A", event=3, text="backdated, fixed"),
    )
    rec = Recommendation(id=1, header={"title": "T"}, events=events)
    seen = as_at(rec, D(2026, 2, 1))
    assert seen is not None
    assert [s.number for s in seen.standings] == [1, 3, 4]
    assert seen.standings[1].text == "backdated, fixed"
    assert seen.standings[2].as_json()["event"] == 3  # the number as the whole file has it


def test_evidence_withdrawn_after_a_status_still_counted_when_the_status_was_set() -> None:
    """Verify judges `requires_evidence` as things stood: a later withdrawal is no breach."""
    implemented = StatusChange(date=D(2026, 1, 6), by="A", status="implemented")
    verified = StatusChange(date=D(2026, 1, 7), by="B", status="verified")
    before = Recommendation(id=1, header={"title": "T"}, events=(*BASE, implemented, verified))
    assert not list(rule_breaches(before, workflow=AUDIT_WORKFLOW, person=lambda _: None))
    after = Recommendation(id=1, header={"title": "T"}, events=(*before.events, retract(4)))
    assert not list(rule_breaches(after, workflow=AUDIT_WORKFLOW, person=lambda _: None))
    withdrawn_first = Recommendation(
        id=1, header={"title": "T"}, events=(*BASE, implemented, retract(4), verified)
    )
    breaches = list(rule_breaches(withdrawn_first, workflow=AUDIT_WORKFLOW, person=lambda _: None))
    assert [b.problem for b in breaches] == [
        "event 8 (verified) was set without evidence before it"
    ]


def test_withdrawn_is_a_final_status_in_both_builtin_workflows() -> None:
    """A recommendation entered by mistake is closed as `withdrawn`, never deleted."""
    for workflow in (DEFAULT_WORKFLOW, AUDIT_WORKFLOW):
        assert "withdrawn" in workflow.statuses and workflow.is_final("withdrawn")
        for status in workflow.statuses:
            if status != "withdrawn":
                assert "withdrawn" in workflow.allowed_after(status), (workflow, status)


def test_merging_keeps_every_correction_on_its_event() -> None:
    """Interleaving by date would move a side's new comment under its own amendment: the
    merge puts that side's events first instead; with both sides doing it, no order."""
    ours_new = (
        Comment(date=D(2026, 3, 1), by="A", text="ours"),
        Amendment(date=D(2026, 3, 2), by="A", event=6, text="ours, fixed"),
    )
    theirs_new = (Comment(date=D(2026, 2, 1), by="B", text="theirs"),)
    ours, theirs = (*BASE, *ours_new), (*BASE, *theirs_new)
    picks = merge_appends(ours_new, theirs_new)
    assert picks[0] == (Side.THEIRS, 0)  # by date, theirs first: that would move event 6
    kept = keep_corrections(picks, ours=ours, theirs=theirs, common=len(BASE))
    assert kept is not None and kept[0] == (Side.OURS, 0)
    sides = {Side.OURS: ours_new, Side.THEIRS: theirs_new}
    merged = (*BASE, *(sides[side][index] for side, index in kept))
    assert moved_targets(merged, ours) == [] and moved_targets(merged, theirs) == []
    theirs_too = (
        *theirs,
        Amendment(date=D(2026, 2, 2), by="B", event=6, text="theirs, fixed"),
    )
    both = keep_corrections(
        merge_appends(ours_new, theirs_too[5:]), ours=ours, theirs=theirs_too, common=len(BASE)
    )
    assert both is None


def test_verify_names_a_merge_that_moved_a_corrected_event() -> None:
    """A merge result in which a parent's correction now points to another event is named."""
    ours = (*BASE, Comment(date=D(2026, 3, 1), by="A", text="ours"), amend(6))
    moved = (*BASE, Comment(date=D(2026, 2, 1), by="B", text="theirs"), *ours[5:])
    problems = appendonly.moved_corrections(ours, moved, which="first")
    assert problems == ["merge moved event 6 of the first parent, which a correction points to"]
