"""What `rec verify` found: one record per broken rule, and the report that holds them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from operator import attrgetter

from rectrack.errors import VerificationFailed


@dataclass(frozen=True, kw_only=True)
class Violation:
    """One broken rule: which recommendation, which commit, what changed."""

    rec: str
    commit: str
    author: str
    date: str
    problem: str
    #: The commit's author time (seconds), to list what history holds in one order
    #: however the walk reached it (not shown).
    when: int = field(default=0, compare=False, repr=False)

    def as_json(self) -> dict[str, str]:
        found = asdict(self)
        del found["when"]
        return found


@dataclass(frozen=True, kw_only=True)
class AcceptedViolation:
    """A violation the ledger's `.rectrack/accepted` accepts, with why and by whom."""

    violation: Violation
    why: str
    by: str

    def as_json(self) -> dict[str, str]:
        return {**self.violation.as_json(), "why": self.why, "accepted_by": self.by}


@dataclass(frozen=True, kw_only=True)
class RulesChange:
    """A commit that changed the ledger's rules (rectrack.yaml, .rectrack/, ...)."""

    commit: str
    author: str
    email: str
    date: str
    files: tuple[str, ...]
    when: int = field(default=0, compare=False, repr=False)

    def as_json(self) -> dict[str, object]:
        found = {**asdict(self), "files": list(self.files)}
        del found["when"]
        return found


@dataclass(kw_only=True)
class VerifyReport:
    """What verify looked at and what it found."""

    commits: int = 0
    versions: int = 0
    fast: int = 0
    signatures: int = 0
    head: str | None = None
    violations: list[Violation] = field(default_factory=list)
    accepted: list[AcceptedViolation] = field(default_factory=list)
    rules_changes: list[RulesChange] = field(default_factory=list)
    #: Checkpoints (name -> commit) found in this history, the `--checkpoint` one included.
    checkpoints: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Things a write would refuse now but that are not tampering (odd dates): reported,
    #: and verify still passes.
    warnings: list[Violation] = field(default_factory=list)

    def in_history_order(self) -> None:
        """What the walk found, by author time (a stable sort: ties keep the walk's order):
        the same report whether history was walked whole or resumed from a walk record."""
        order = attrgetter("when")
        self.violations.sort(key=order)
        self.warnings.sort(key=order)
        self.rules_changes.sort(key=order)

    @property
    def ok(self) -> bool:
        return not self.violations

    def check(self) -> None:
        """Raise VerificationFailed if anything was found."""
        if self.violations:
            raise VerificationFailed(
                count=len(self.violations), commits=self.commits, versions=self.versions
            )

    def as_json(self) -> dict[str, object]:
        """The `rec verify --json` object."""
        return {
            "ok": self.ok,
            "commits": self.commits,
            "versions": self.versions,
            "signatures": self.signatures,
            "head": self.head,
            "violations": [violation.as_json() for violation in self.violations],
            "accepted": [accepted.as_json() for accepted in self.accepted],
            "rules_changes": [change.as_json() for change in self.rules_changes],
            "checkpoints": dict(self.checkpoints),
            "notes": list(self.notes),
            "warnings": [warning.as_json() for warning in self.warnings],
        }
