"""`rec verify`'s report: one line per violation on stdout, then what else it saw, then a
summary."""

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
    """Violations one per line (or the `ok:` line), then warnings, accepted violations,
    rules changes, checkpoints and notes; the failure summary goes to stderr from the CLI."""
    lines = [violation_line(violation) for violation in report.violations]
    lines += ["warning: " + violation_line(warning) for warning in report.warnings]
    if report.ok:
        counts = f"{report.commits} commit(s), {report.versions} file version(s)"
        signed = f", {report.signatures} signature(s)" if report.signatures else ""
        lines.append(f"ok: {counts}{signed} verified, every change only appended events")
    lines += _accepted_lines(report)
    lines += [
        f"rules changed: commit {change.commit} ({change.email}, {change.date}): "
        f"{', '.join(change.files)}"
        for change in report.rules_changes
    ]
    lines += [
        f"checkpoint {name}: {commit[:12]} is in this history"
        for name, commit in sorted(report.checkpoints.items())
        if not any(v.rec == "(checkpoint)" and name in v.problem for v in report.violations)
    ]
    lines += [f"note: {note}" for note in report.notes]
    sys.stdout.write("".join(line + "\n" for line in lines))


def _accepted_lines(report: VerifyReport) -> list[str]:
    """One line per accepted violation; each entry's why and by once, after its lines."""
    lines: list[str] = []
    for number, item in enumerate(report.accepted):
        lines.append(f"accepted: {violation_line(item.violation)}")
        following = report.accepted[number + 1] if number + 1 < len(report.accepted) else None
        if following is None or (following.why, following.by) != (item.why, item.by):
            lines.append(f"  why: {item.why} (by {item.by})")
    return lines
