"""What `rec verify` found: one record per broken rule, and the report that holds them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rectrack.errors import VerificationFailed


@dataclass(frozen=True, kw_only=True)
class Violation:
    """One broken rule: which recommendation, which commit, what changed."""

    rec: str
    commit: str
    author: str
    date: str
    problem: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass(kw_only=True)
class VerifyReport:
    """What verify looked at and what it found."""

    commits: int = 0
    versions: int = 0
    fast: int = 0
    head: str | None = None
    violations: list[Violation] = field(default_factory=list)
    #: Things a write would refuse now but that are not tampering (odd dates): reported,
    #: and verify still passes.
    warnings: list[Violation] = field(default_factory=list)

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
            "head": self.head,
            "violations": [violation.as_json() for violation in self.violations],
            "warnings": [warning.as_json() for warning in self.warnings],
        }
