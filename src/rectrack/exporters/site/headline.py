"""The counts a committee reads first, derived from the workflow rather than status names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rectrack.domain.workflow import Workflow
from rectrack.exporters.site.catalogue import Catalogue, StatusStyle


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One headline count and the sentence that says what it counts."""

    label: str
    value: int
    note: str
    css: str


@dataclass(frozen=True, kw_only=True)
class StatusCount:
    style: StatusStyle
    value: int


def sign_off_statuses(workflow: Workflow) -> tuple[str, ...]:
    """Statuses whose work a second person must confirm: those a rule's
    `different_person_from` names (`implemented` in the audit workflow), in workflow order."""
    named = {rule.different_person_from for rule in workflow.rules.values()}
    return tuple(s for s in workflow.statuses if s in named and not workflow.is_final(s))


def in_progress_statuses(workflow: Workflow) -> tuple[str, ...]:
    """Open statuses past the first that are not waiting for sign-off."""
    waiting = set(sign_off_statuses(workflow))
    return tuple(
        status
        for status in workflow.statuses
        if status != workflow.initial and not workflow.is_final(status) and status not in waiting
    )


def figures(site: Catalogue, *, workflow: Workflow) -> list[Figure]:
    """Open, in progress, awaiting sign-off, closed, overdue; a count the workflow has no
    status for is left out rather than shown as a misleading zero."""
    statuses = Counter(rec.status for rec in site.recs)
    closed = sum(count for status, count in statuses.items() if workflow.is_final(status))
    waiting, progressing = sign_off_statuses(workflow), in_progress_statuses(workflow)
    included = " and ".join(
        part for part, names in (("in progress", progressing), ("awaiting sign-off", waiting)) if names
    )  # fmt: skip
    result = [
        Figure(label="Open", value=len(site.recs) - closed, css="fig-open",
               note="not yet closed" + (f", including those {included}" if included else "")),
    ]  # fmt: skip
    if progressing:
        result.append(_sum("In progress", statuses, progressing, "fig-in-progress"))
    if waiting:
        result.append(_sum("Awaiting sign-off", statuses, waiting, "fig-sign-off"))
    finals = tuple(s for s in workflow.statuses if workflow.is_final(s))
    result.append(_sum("Closed", statuses, finals, "fig-closed"))
    overdue = sum(site.overdue(rec) for rec in site.recs)
    result.append(Figure(label="Overdue", value=overdue, css="fig-overdue",
                         note="open and past the current due date"))  # fmt: skip
    return result


def _sum(label: str, counts: Counter[str | None], names: Sequence[str], css: str) -> Figure:
    kind = "status" if len(names) == 1 else "statuses"
    return Figure(label=label, value=sum(counts[name] for name in names), css=css,
                  note=f"{kind}: {', '.join(names)}")  # fmt: skip


def by_status(site: Catalogue) -> list[StatusCount]:
    """Every workflow status in its order (zeros too), then others present, 'no status' last."""
    counts = Counter(rec.status for rec in site.recs)
    return [
        StatusCount(style=style, value=counts[style.name])
        for style in site.statuses
        if style.in_workflow or counts[style.name]
    ]
