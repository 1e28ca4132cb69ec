"""Everything the pages share, worked out once per build: order, badges, reports, owners."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rectrack.domain.events import EvidenceAdded, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import Workflow
from rectrack.exporters.palette import NO_STATUS, BadgeColours, badge_colours
from rectrack.exporters.site.slugs import report_slugs

NO_STATUS_LABEL = "no status"
NO_OWNER_LABEL = "(no owner)"
NO_REPORT_LABEL = "(no report)"


@dataclass(frozen=True, kw_only=True)
class StatusStyle:
    """How one status shows: its text, its CSS class and colours, its filter key."""

    name: str | None
    label: str
    key: int
    css: str
    colours: BadgeColours
    final: bool
    in_workflow: bool


@dataclass(frozen=True, kw_only=True)
class Report:
    """One report page: its name (None: no report), file and filter key."""

    name: str | None
    label: str
    slug: str
    key: int

    @property
    def href(self) -> str:
        return f"reports/{self.slug}.html"


@dataclass(frozen=True, kw_only=True)
class Owner:
    """One owner in the filter (None: the recommendations nobody owns)."""

    name: str | None
    label: str
    key: int


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """The recommendations in ID order and the lookups every page needs."""

    recs: tuple[Recommendation, ...]
    statuses: tuple[StatusStyle, ...]
    reports: tuple[Report, ...]
    owners: tuple[Owner, ...]
    today: dt.date
    final: frozenset[str]
    #: Stored evidence the site carries, by SHA-256.
    evidence: Mapping[str, bytes]

    def style(self, status: str | None) -> StatusStyle:
        return self._styles[status]

    def report_of(self, rec: Recommendation) -> Report:
        return self._reports[report_name(rec)]

    def owner_of(self, rec: Recommendation) -> Owner:
        return self._owners[rec.owner or None]

    def overdue(self, rec: Recommendation) -> bool:
        return rec.is_overdue(today=self.today, final=self.final)

    def evidence_href(self, sha256: str) -> str | None:
        """Site-root path of a stored evidence file the site carries, else None."""
        return f"evidence/{sha256}" if sha256 in self.evidence else None

    # Lookups derived from the tuples above, built once in __post_init__.
    _styles: Mapping[str | None, StatusStyle] = field(init=False, repr=False, compare=False)
    _reports: Mapping[str | None, Report] = field(init=False, repr=False, compare=False)
    _owners: Mapping[str | None, Owner] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_styles", {style.name: style for style in self.statuses})
        object.__setattr__(self, "_reports", {report.name: report for report in self.reports})
        object.__setattr__(self, "_owners", {owner.name: owner for owner in self.owners})


def report_name(rec: Recommendation) -> str | None:
    value = rec.state.get("report")
    return None if value is None or str(value).strip() == "" else str(value)


def catalogue(
    recs: Sequence[Recommendation],
    *,
    workflow: Workflow,
    today: dt.date,
    evidence: Mapping[str, bytes] | None,
) -> Catalogue:
    """Sort and index the recommendations; refuse duplicate IDs and mislabelled evidence."""
    ordered = tuple(sorted(recs, key=lambda rec: rec.id))
    for before, after in itertools.pairwise(ordered):
        if before.id == after.id:
            raise ValueError(f"recommendation {after.id} appears twice")
    return Catalogue(
        recs=ordered,
        statuses=_statuses(ordered, workflow=workflow),
        reports=_reports(ordered),
        owners=_owners(ordered),
        today=today,
        final=workflow.final,
        evidence=_stored_evidence(ordered, evidence or {}),
    )


def _statuses(recs: Sequence[Recommendation], *, workflow: Workflow) -> tuple[StatusStyle, ...]:
    """The workflow's statuses in its order, then any others an event names, sorted."""
    present = {
        event.status for rec in recs for event in rec.events if isinstance(event, StatusChange)
    }
    extra = sorted(status for status in present if status and status not in workflow.statuses)
    names = [*workflow.statuses, *extra]
    styles = [
        StatusStyle(name=name, label=name, key=key, css=f"s{key}", colours=colours,
                    final=workflow.is_final(name), in_workflow=name in workflow.statuses)
        for key, (name, colours) in enumerate(zip(names, badge_colours(names, final=workflow.final), strict=True))
    ]  # fmt: skip
    styles.append(
        StatusStyle(name=None, label=NO_STATUS_LABEL, key=len(names), css="s-none",
                    colours=NO_STATUS, final=False, in_workflow=False)
    )  # fmt: skip
    return tuple(styles)


def _reports(recs: Sequence[Recommendation]) -> tuple[Report, ...]:
    names = {report_name(rec) for rec in recs}
    slugs = report_slugs(names)
    ordered = sorted(names, key=lambda name: (name is None, (name or "").casefold(), name or ""))
    return tuple(
        Report(
            name=name, label=NO_REPORT_LABEL if name is None else name, slug=slugs[name], key=key
        )
        for key, name in enumerate(ordered)
    )


def _owners(recs: Sequence[Recommendation]) -> tuple[Owner, ...]:
    names = {rec.owner or None for rec in recs}
    ordered = sorted(names, key=lambda name: (name is None, (name or "").casefold(), name or ""))
    return tuple(
        Owner(name=name, label=NO_OWNER_LABEL if name is None else name, key=key)
        for key, name in enumerate(ordered)
    )


def _stored_evidence(
    recs: Sequence[Recommendation], files: Mapping[str, bytes]
) -> dict[str, bytes]:
    """The given files that some event cites, each checked against its name."""
    cited = {
        event.sha256 for rec in recs for event in rec.events if isinstance(event, EvidenceAdded)
    }
    kept = {}
    for sha256 in sorted(cited & set(files)):
        if hashlib.sha256(files[sha256]).hexdigest() != sha256:
            raise ValueError(f"evidence/{sha256} does not hold the file with that SHA-256")
        kept[sha256] = files[sha256]
    return kept
