"""The audit rules, checked over a recommendation's whole history (for `rec verify`).

`rec status` refuses to break a rule at the moment of writing; a file edited by hand or a
commit made with another tool is only caught by checking every event again. Who set an
event is not in the file (`by` is free text): the caller supplies `person`, which names
the git identity that recorded event N, and is asked only when a rule needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.identity import same_person
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import Workflow

#: Who recorded the event at an index (an email), or None when that cannot be known.
PersonOf = Callable[[int], str | None]


@dataclass(frozen=True, kw_only=True)
class RuleBreach:
    """A rule the event at `index` broke."""

    index: int
    problem: str
    #: "role" for a status set by someone outside its role (judged where it was recorded).
    rule: str = ""


def rule_breaches(
    rec: Recommendation, *, workflow: Workflow, person: PersonOf, start: int = 0
) -> Iterator[RuleBreach]:
    """Every due-date and status rule broken by the events from index `start` on."""
    found = [breach for breach in _due_breaches(rec, workflow=workflow) if breach.index >= start]
    # (index added, index withdrawn or None, stored?) of each piece of evidence: it counts
    # for a status set between its adding and its withdrawal.
    pieces = [
        (index, None if standing.withdrawn is None else standing.withdrawn[0] - 1,
         standing.event.url is None)
        for index, standing in enumerate(rec.standings)
        if isinstance(standing.event, EvidenceAdded)
    ]  # fmt: skip
    for index, event in enumerate(rec.events):
        if isinstance(event, StatusChange) and index >= start:
            standing = [kept for a, w, kept in pieces if a < index and (w is None or w > index)]
            evidence = (bool(standing), any(standing))
            found += _status_breaches(
                rec, index, workflow=workflow, evidence=evidence, person=person
            )
    return iter(sorted(found, key=lambda breach: breach.index))


def _due_breaches(rec: Recommendation, *, workflow: Workflow) -> Iterator[RuleBreach]:
    """A set due date moved without a reason, or more often than `max_due_revisions`."""
    due = rec.header.get("due")
    moves = 0
    cap = workflow.max_due_revisions
    for index, event in enumerate(rec.events):
        if not (isinstance(event, FieldChange) and event.field == "due"):
            continue
        if due is not None and event.value != due:
            moves += 1
            if event.reason is None:
                yield RuleBreach(
                    index=index, problem=f"event {index + 1} moved the due date without a reason"
                )
            if cap is not None and moves > cap:
                yield RuleBreach(
                    index=index,
                    problem=f"event {index + 1} moved the due date past max_due_revisions ({cap})",
                )
        due = event.value


def _status_breaches(
    rec: Recommendation, index: int, *, workflow: Workflow, evidence: tuple[bool, bool],
    person: PersonOf,
) -> Iterator[RuleBreach]:  # fmt: skip
    event = rec.events[index]
    assert isinstance(event, StatusChange)
    rule = workflow.rule_for(event.status)
    where = f"event {index + 1} ({event.status})"
    if rule.requires_evidence and not evidence[0]:
        yield RuleBreach(index=index, problem=f"{where} was set without evidence before it")
    elif rule.requires_evidence and rule.evidence_stored and not evidence[1]:
        yield RuleBreach(
            index=index, problem=f"{where} was set without evidence stored in the ledger"
        )
    if rule.requires_reason and not reason_follows(rec, index):
        yield RuleBreach(index=index, problem=f"{where} was set without a reason (comment)")
    who = person(index) if rule.names_a_person else None
    if rule.set_by is not None and who is not None and not workflow.in_role(who, rule.set_by):
        yield RuleBreach(
            index=index, rule="role",
            problem=f"{where} was set by {who}, who is not in the {rule.set_by} role",
        )  # fmt: skip
    other = rule.different_person_from
    earlier = None if other is None else last_status_before(rec, before=index, status=other)
    if earlier is None:
        return
    first = person(earlier)
    if who is not None and first is not None and same_person(who, first):
        yield RuleBreach(
            index=index,
            problem=f"{where} was set by {who}, who also set {other} (event {earlier + 1}): "
            "the rule needs a second person",
        )


def reason_follows(rec: Recommendation, index: int) -> bool:
    """`rec status --comment` writes the reason as a comment right after the status."""
    following = rec.events[index + 1] if index + 1 < len(rec.events) else None
    return isinstance(following, Comment) and bool(following.text.strip())


def last_status_before(rec: Recommendation, *, before: int, status: str) -> int | None:
    """The index of the last event before `before` that set `status`."""
    for index in range(before - 1, -1, -1):
        event = rec.events[index]
        if isinstance(event, StatusChange) and event.status == status:
            return index
    return None
