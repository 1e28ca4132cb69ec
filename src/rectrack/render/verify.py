"""`rec verify`'s report: one line per violation on stdout, then a summary."""

from __future__ import annotations

import sys

from rectrack.app.verify.report import VerifyReport, Violation
from rectrack.domain.text import printable_line


def violation_line(violation: Violation) -> str:
    """`recommendation 5, commit 1a2b3c4d (Alex, 2026-01-02): event 2 text edited`."""
    who = ", ".join(part for part in (violation.author, violation.date) if part)
    where = f"commit {violation.commit}" if violation.commit != "working tree" else "working tree"
    rec = f"recommendation {violation.rec}" if violation.rec.isdigit() else violation.rec
    return printable_line(f"{rec}, {where}{f' ({who})' if who else ''}: {violation.problem}")


def verify_report(report: VerifyReport) -> None:
    """Violations one per line on stdout, then a one-line summary."""
    for violation in report.violations:
        sys.stdout.write(violation_line(violation) + "\n")
    if report.ok:
        counts = f"{report.commits} commit(s), {report.versions} file version(s)"
        sys.stdout.write(f"ok: {counts} verified, every change only appended events\n")
