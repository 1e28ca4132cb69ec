"""Terminal output of `rec verify` and `rec sync`: a progress bar and one line per finding.

A renderer module (it may import rich). The progress bar appears only when stderr is a
terminal; piped or CI output gets the plain lines alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from rectrack.app.verify.walk import VerifyReport, Violation


@contextmanager
def progress(label: str) -> Iterator[Callable[[], None]]:
    """A callable that advances a progress bar by one (a no-op when not on a terminal)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda: None
        return
    columns = (SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda: bar.advance(task)


def violation_line(violation: Violation) -> str:
    """`recommendation 5, commit 1a2b3c4d (Alex, 2026-01-02): event 2 text edited`."""
    who = ", ".join(part for part in (violation.author, violation.date) if part)
    where = f"commit {violation.commit}" if violation.commit != "working tree" else "working tree"
    rec = f"recommendation {violation.rec}" if violation.rec.isdigit() else violation.rec
    return f"{rec}, {where}{f' ({who})' if who else ''}: {violation.problem}"


def verify_report(report: VerifyReport) -> None:
    """Violations one per line on stdout, then a one-line summary."""
    for violation in report.violations:
        sys.stdout.write(violation_line(violation) + "\n")
    counts = f"{report.commits} commit(s), {report.versions} file version(s)"
    if report.ok:
        sys.stdout.write(f"ok: {counts} verified, every change only appended events\n")
    else:
        sys.stderr.write(f"rec: {len(report.violations)} violation(s) in {counts}\n")
