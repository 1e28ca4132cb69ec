"""Workflows: which statuses exist, where a recommendation starts, what may follow what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rectrack.domain.identity import is_member, same_person
from rectrack.errors import (
    EvidenceRequired,
    ReasonRequired,
    RoleRequired,
    SameApprover,
    TransitionNotAllowed,
    UnknownStatus,
)

#: The role whose people may change the rules themselves (rectrack.yaml, .rectrack/...).
ADMINS_ROLE = "admins"


@dataclass(frozen=True, kw_only=True)
class StatusRule:
    """What setting one status requires (docs/format.md, "Rules")."""

    #: Must be set by a different git identity (author email) than set this status last.
    different_person_from: str | None = None
    #: The recommendation must already carry an evidence event.
    requires_evidence: bool = False
    #: The change must come with a reason (`rec status --comment`).
    requires_reason: bool = False
    #: Only the people of this role (`roles:` in rectrack.yaml) may set the status.
    set_by: str | None = None
    #: With requires_evidence: the evidence must be stored in the ledger, not only a URL.
    evidence_stored: bool = False

    @property
    def names_a_person(self) -> bool:
        """Whether who sets the status matters (a role, or a different person)."""
        return self.set_by is not None or self.different_person_from is not None


@dataclass(frozen=True, kw_only=True)
class Workflow:
    """The statuses of a ledger and the moves allowed between them.

    `transitions` maps a status to the statuses that may follow it; a status it does not
    mention (or no map at all) may be followed by any status, because real trackers reopen.
    """

    statuses: tuple[str, ...]
    initial: str
    final: frozenset[str] = frozenset()
    transitions: Mapping[str, tuple[str, ...]] | None = field(default=None)
    rules: Mapping[str, StatusRule] = field(default_factory=dict)
    #: How many times a due date may move after it was first set (None: no cap).
    max_due_revisions: int | None = None
    #: Role name -> the people in it, by email (`roles:` in rectrack.yaml).
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def check_known(self, status: str) -> None:
        if status not in self.statuses:
            raise UnknownStatus(status=status, valid=", ".join(self.statuses))

    def allowed_after(self, current: str | None) -> tuple[str, ...]:
        """The statuses that may follow `current` (None: the recommendation has none yet)."""
        if current is None or self.transitions is None or current not in self.transitions:
            return tuple(status for status in self.statuses if status != current)
        return tuple(status for status in self.transitions[current] if status != current)

    def check_transition(self, *, rec_id: int, current: str | None, status: str) -> None:
        """Raise unless `status` may follow `current`."""
        self.check_known(status)
        allowed = self.allowed_after(current)
        if status in allowed:
            return
        if status == current:
            reason = "it is already in that status"
        elif allowed:
            reason = f"from {current!r} it may go to {', '.join(allowed)}"
        else:
            reason = f"{current!r} allows no further status"
        raise TransitionNotAllowed(rec_id=rec_id, current=current, status=status, reason=reason)

    def is_final(self, status: str | None) -> bool:
        return status in self.final

    def rule_for(self, status: str) -> StatusRule:
        return self.rules.get(status, StatusRule())

    def check_rules(
        self,
        *,
        rec_id: int,
        status: str,
        has_evidence: bool,
        has_reason: bool,
        earlier_person: str | None,
        person: str | None,
        has_stored_evidence: bool | None = None,
    ) -> None:
        """Raise if setting `status` breaks its rule.

        `earlier_person` is whoever (author email) last set the status named by the rule's
        `different_person_from`, `person` whoever is setting this one; both come from git.
        `has_stored_evidence` (None: same as `has_evidence`) is whether evidence is stored
        in the ledger rather than only linked.
        """
        rule = self.rule_for(status)
        if rule.requires_reason and not has_reason:
            raise ReasonRequired(rec_id=rec_id, status=status)
        if rule.requires_evidence and not has_evidence:
            raise EvidenceRequired(rec_id=rec_id, status=status, what="evidence")
        stored = has_evidence if has_stored_evidence is None else has_stored_evidence
        if rule.requires_evidence and rule.evidence_stored and not stored:
            raise EvidenceRequired(
                rec_id=rec_id, status=status, what="evidence stored in the ledger (not a URL)"
            )
        self.check_role(rec_id=rec_id, status=status, person=person)
        other = rule.different_person_from
        same = person is None or same_person(person, earlier_person or "")
        if other is not None and earlier_person is not None and same:
            raise SameApprover(rec_id=rec_id, status=status, other=other, person=earlier_person)

    def check_role(self, *, rec_id: int, status: str, person: str | None) -> None:
        """Raise unless `person` is in the role the status's rule names (if it names one)."""
        role = self.rule_for(status).set_by
        if role is None or (person is not None and self.in_role(person, role)):
            return
        members = self.roles.get(role, ())
        raise RoleRequired(
            rec_id=rec_id, status=status, person=person or "an unknown person", role=role,
            members=", ".join(members) if members else "nobody is in it yet",
        )  # fmt: skip

    def in_role(self, person: str, role: str) -> bool:
        """Whether `person` (an email) is one of the role's people."""
        return is_member(person, self.roles.get(role, ()))


#: `withdrawn` (final, in both built-in workflows) closes a recommendation entered by
#: mistake: it is never deleted.
DEFAULT_WORKFLOW = Workflow(
    # The inspectorate's tracker's own statuses (`no-further-action-needed` closes one too),
    # and `withdrawn` for one entered by mistake.
    statuses=(
        "awaiting-review",
        "being-progressed",
        "complete",
        "no-further-action-needed",
        "withdrawn",
    ),
    initial="awaiting-review",
    final=frozenset({"complete", "no-further-action-needed", "withdrawn"}),
)


_AUDIT_STATUSES = (
    "open",
    "being-progressed",
    "implemented",
    "verified",
    "risk-accepted",
    "not-accepted",
    "withdrawn",
)

#: Management implements, someone else verifies; risk acceptance is its own outcome.
AUDIT_WORKFLOW = Workflow(
    statuses=_AUDIT_STATUSES,
    initial="open",
    final=frozenset({"verified", "risk-accepted", "not-accepted", "withdrawn"}),
    # `verified` may only follow `implemented`; every other move is free.
    transitions={
        status: tuple(s for s in _AUDIT_STATUSES if s != status and s != "verified")
        + (("verified",) if status == "implemented" else ())
        for status in _AUDIT_STATUSES
        if status != "verified"
    },
    rules={
        "verified": StatusRule(
            different_person_from="implemented", requires_evidence=True, set_by="auditors"
        ),
        "risk-accepted": StatusRule(requires_reason=True, set_by="auditors"),
        "not-accepted": StatusRule(requires_reason=True, set_by="auditors"),
    },
    # `rec init` fills these in: the person who starts the ledger is its first admin.
    roles={"auditors": (), ADMINS_ROLE: ()},
)

BUILTIN_WORKFLOWS = {"default": DEFAULT_WORKFLOW, "audit": AUDIT_WORKFLOW}
