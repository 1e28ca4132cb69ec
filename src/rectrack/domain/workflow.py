"""Workflows: which statuses exist, where a recommendation starts, what may follow what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rectrack.errors import TransitionNotAllowed, UnknownStatus


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


DEFAULT_WORKFLOW = Workflow(
    statuses=("awaiting-review", "being-progressed", "complete"),
    initial="awaiting-review",
    final=frozenset({"complete"}),
)
