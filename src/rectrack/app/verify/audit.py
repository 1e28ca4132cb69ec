"""`rec verify`'s audit checks: workflow rules, due-date reasons and stored evidence.

`rec status` refuses to break a rule, but a file can be edited by hand and `--by` can be
typed by anyone. So verify re-checks every rule against HEAD's files with the people git
records: `git blame` names the commit (and so the author email) that wrote each event's
first line, which no `--by` can change; `rec verify --signed` separately proves those
commits are signed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rectrack.domain.audit import rule_breaches
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import Workflow
from rectrack.errors import LedgerFormatError
from rectrack.store import recfile
from rectrack.store.evidence import check_evidence
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, log


@dataclass(frozen=True, kw_only=True)
class AuditProblem:
    """A rule broken at HEAD, with the commit that wrote the offending event (if known)."""

    rec_id: int
    problem: str
    commit: str = "HEAD"
    author: str = ""
    date: str = ""


def audit_problems(ledger: Ledger, *, workflow: Workflow) -> list[AuditProblem]:
    """Every broken rule in HEAD's recommendation files, and every altered evidence file."""
    files = blobs.read_tree(ledger.git_root, "HEAD", ledger.recs_dir)
    needles = [b"set: due", b"evidence:"]
    needles += [f"status: {status}".encode() for status in workflow.rules]
    problems: list[AuditProblem] = []
    with_evidence: list[Recommendation] = []
    for name, data in sorted(files.items()):
        if not name.endswith(".yaml") or not name[:-5].isdigit():
            continue
        if not any(needle in data for needle in needles):
            continue  # nothing in this file that a rule or the evidence check concerns
        try:
            rec = recfile.parse_recommendation(data, rec_id=int(name[:-5]), path=name)
        except LedgerFormatError:
            continue  # reported by the format check
        problems += _rule_problems(ledger, rec, data, workflow=workflow)
        if rec.evidence:
            with_evidence.append(rec)
    problems += [
        AuditProblem(rec_id=p.rec_id, problem=f"evidence {p.name} ({p.sha256[:12]}…) {p.problem}")
        for p in check_evidence(ledger, with_evidence)
    ]
    return problems


def _rule_problems(
    ledger: Ledger, rec: Recommendation, data: bytes, *, workflow: Workflow
) -> Iterator[AuditProblem]:
    blame = _Blame(ledger, path=ledger.recs_dir / f"{rec.id}.yaml", lines=recfile.event_lines(data))
    for breach in rule_breaches(rec, workflow=workflow, person=blame.email):
        yield blame.problem(rec.id, breach.index, breach.problem)


class _Blame:
    """Who wrote each event's first line, asked of git once per file and only if needed."""

    def __init__(self, ledger: Ledger, *, path: Path, lines: list[int]) -> None:
        self._ledger = ledger
        self._path = path
        self._lines = lines
        self._authors: dict[int, log.LineAuthor] | None = None

    def _get(self, index: int) -> log.LineAuthor | None:
        if self._authors is None:
            self._authors = log.blame_lines(self._ledger.git_root, self._path, lines=self._lines)
        line = self._lines[index] if index < len(self._lines) else None
        return None if line is None else self._authors.get(line)

    def email(self, index: int) -> str | None:
        found = self._get(index)
        return None if found is None else found.email

    def problem(self, rec_id: int, index: int, text: str) -> AuditProblem:
        found = self._get(index)
        if found is None:
            return AuditProblem(rec_id=rec_id, problem=text)
        return AuditProblem(
            rec_id=rec_id, problem=text, commit=found.sha[:8], author=found.name, date=found.date
        )
