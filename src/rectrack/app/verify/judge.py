"""Judging what a commit added: the workflow and audit rules in force at that commit,
who made it, and changes to the rules themselves.

The person an audit rule judges is the commit's author email, exactly as recorded; a
status whose rule names a person (a role, a second person) must also be committed by
that person, so `GIT_AUTHOR_EMAIL=...` or `git commit --author` cannot lend a sign-off
someone else's name. A change to the rules (rectrack.yaml, .rectrack/, .mailmap,
.gitattributes) is recorded on the report and, when the rules before it had an `admins`
role, must come from one of its people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from rectrack.app.verify.people import People
from rectrack.app.verify.report import RulesChange, VerifyReport, Violation
from rectrack.app.verify.rules import RulesBook
from rectrack.domain import appendonly, dates
from rectrack.domain.audit import rule_breaches
from rectrack.domain.events import Event, FieldChange, StatusChange
from rectrack.domain.identifiers import REC_FILE
from rectrack.domain.identity import is_member, same_person
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import ADMINS_ROLE, Workflow
from rectrack.errors import UnknownStatus
from rectrack.vcs import history

_EPOCH = dt.date(1970, 1, 1).toordinal()


class Parsed(Protocol):
    """A parsed version of a recommendation file (checker.Version)."""

    @property
    def header(self) -> Mapping[str, object]: ...

    @property
    def events(self) -> tuple[Event, ...]: ...


class Where:
    """The commit being checked (None: the working tree) and the workflow in force there."""

    def __init__(self, commit: history.CommitChanges | None, *, workflow: Workflow) -> None:
        self.commit_changes = commit
        self.workflow = workflow
        self.commit = "working tree" if commit is None else commit.sha[:8]
        self.email = None if commit is None else commit.author_email
        self.committer = None if commit is None else commit.committer_email

    # Author and date are decoded only for the rare commit that is reported.
    @property
    def author(self) -> str:
        return "" if self.commit_changes is None else self.commit_changes.author

    @property
    def date(self) -> str:
        return "" if self.commit_changes is None else self.commit_changes.date[:10]

    @property
    def when(self) -> int:
        """The author time in seconds (0: the working tree, or unreadable)."""
        return self._seconds() or 0

    def _seconds(self) -> int | None:
        try:
            return int(self.commit_changes.person.rsplit(b" ", 2)[1])  # type: ignore[union-attr]
        except (ValueError, IndexError, AttributeError):
            return None

    def recorded(self, latest: dt.date) -> dt.date | None:
        """The day this was recorded, decoded only if an event dated `latest` may be after it."""
        if self.commit_changes is None:
            return dt.date.today()
        seconds = self._seconds()
        if seconds is None:
            return None
        if latest.toordinal() < _EPOCH + seconds // 86400 - 1:
            return None
        return dt.date.fromisoformat(self.date) if self.date else None


class Judge:
    """The rule checks of the walk, flagging on the report."""

    def __init__(self, report: VerifyReport, book: RulesBook, *, people: People,
                 keep_commits: bool) -> None:  # fmt: skip
        self.report = report
        self.book = book
        self.people = people
        #: Every commit that touched the ledger, for the signature check (diffs dropped).
        self.commits: list[history.CommitChanges] = []
        self._keep_commits = keep_commits

    def flag(self, where: Where, path: str, problem: str, *, warning: bool = False) -> None:
        name = path.rpartition("/")[2]
        rec = name[:-5] if REC_FILE.fullmatch(name) else path
        (self.report.warnings if warning else self.report.violations).append(
            Violation(rec=rec, commit=where.commit, author=where.author, date=where.date,
                      problem=problem, when=where.when)
        )  # fmt: skip

    def ledger_commit(self, commit: history.CommitChanges) -> None:
        if self._keep_commits:
            self.commits.append(replace(commit, diffs=()))

    def appended(
        self, where: Where, path: str, events: Sequence[Event], *, start: int, old: str | None,
        new: str | None, header: Mapping[str, object] | None = None,
    ) -> None:  # fmt: skip
        """Judge the events from `start` on, which this commit appended."""
        recorders = {}
        if new is not None and where.email is not None:
            recorders = self.people.appended(old=old, new=new, events=events, start=start,
                                             author=where.email)  # fmt: skip
        rec_id = _rec_id(path)
        problems = appendonly.workflow_changes(
            events, start=start, workflow=where.workflow, rec_id=rec_id
        )
        for problem in problems + appendonly.correction_changes(events, start=start):
            self.flag(where, path, problem)
        self._odd_dates(where, path, events, start=start, header=header or {})
        if not _concerns_rules(events[start:], where.workflow):
            return
        rec = Recommendation(id=rec_id, header=header or {}, events=tuple(events))
        for breach in rule_breaches(rec, workflow=where.workflow, person=recorders.get,
                                    start=start):  # fmt: skip
            self.flag(where, path, breach.problem)
        self._one_person(where, path, events, start=start)

    def _odd_dates(
        self, where: Where, path: str, events: Sequence[Event], *, start: int,
        header: Mapping[str, object],
    ) -> None:  # fmt: skip
        """Dates a write would refuse now are warnings, not violations (docs/format.md)."""
        if start >= len(events):
            return
        recorded = where.recorded(max(event.date for event in events[start:]))
        odd = dates.odd_dates(events, start=start, header=header, recorded=recorded)
        for warning in odd:
            self.flag(where, path, warning, warning=True)

    def _one_person(self, where: Where, path: str, events: Sequence[Event], *, start: int) -> None:
        if where.email is None or where.committer is None:
            return
        if same_person(where.email, where.committer):
            return
        for index in range(start, len(events)):
            event = events[index]
            if (
                isinstance(event, StatusChange)
                and where.workflow.rule_for(event.status).names_a_person
            ):
                self.flag(where, path, f"event {index + 1} ({event.status}) was authored as "
                          f"{where.email} but committed by {where.committer}: a sign-off is "
                          "made and committed by one person")  # fmt: skip

    def merged(
        self, where: Where, path: str, events: Sequence[Event], *,
        parents: Sequence[tuple[str, Parsed]], first: str | None, new: str,
    ) -> None:  # fmt: skip
        """A merge adds nothing of its own, and what it brings in holds under its rules."""
        versions = parents
        added = appendonly.merge_additions([v.events for _, v in versions], events)
        for index in added:
            self.flag(where, path, f"merge added event {index + 1} "
                      f"({appendonly.describe(events[index])}), which no parent had")  # fmt: skip
        recorders = self.people.carried(
            sources=[(v.events, self.people.of(blob)) for blob, v in versions], new=new,
            events=events, author=None,
        )  # fmt: skip
        base = next((v.events for blob, v in versions if blob == first), ())
        brought = [index for index in _brought_in(base, events) if index not in added]
        for index in brought:
            event = events[index]
            if isinstance(event, StatusChange):
                try:
                    where.workflow.check_known(event.status)
                except UnknownStatus as error:
                    self.flag(where, path, f"event {index + 1}: {error.message} (merged in)")
        if not _concerns_rules([events[i] for i in brought], where.workflow):
            return
        header = next((v.header for _, v in versions), {})
        rec = Recommendation(id=_rec_id(path), header=header, events=tuple(events))
        for breach in rule_breaches(rec, workflow=where.workflow, person=recorders.get):
            if breach.index in brought and breach.rule != "role":
                self.flag(where, path, f"{breach.problem} (merged in)")

    def rules_change(
        self, where: Where, commit: history.CommitChanges, *, changed: list[str]
    ) -> None:
        """Record a change to the rules, and judge it by the rules before it."""
        before = self.book.before(commit)
        files = ", ".join(changed)
        had_config = self.book.config in before.blobs
        if had_config:  # the commit that creates the ledger sets its rules; it changes none
            self.report.rules_changes.append(
                RulesChange(commit=where.commit, author=where.author, email=where.email or "",
                            date=where.date, files=tuple(changed), when=where.when)
            )  # fmt: skip
        for path in changed:
            blob = self.book.state_of(commit.sha).blobs.get(path)
            if blob is not None and (path, blob) in self.book.broken:
                self.flag(where, "(rules)", f"{path} cannot be used: {self.book.broken[path, blob]}; "
                          "verify keeps the rules before it")  # fmt: skip
        admins = before.workflow.roles.get(ADMINS_ROLE) if had_config else None
        who = where.email or ""
        if admins is not None and not is_member(who, admins):
            self.flag(where, "(rules)", f"{files} changed by {who}, who is not in the admins "
                      "role as it stood before the change")  # fmt: skip
        elif admins is not None and where.committer and not same_person(who, where.committer):
            self.flag(where, "(rules)", f"{files} changed as {who} but committed by "
                      f"{where.committer}: a rules change is made and committed by one admin")  # fmt: skip
        if before.signers is not None and admins is None:
            self.flag(where, "(rules)", f"{files} changed in a ledger with signers but no "
                      "admins role to change them")  # fmt: skip


def _rec_id(path: str) -> int:
    name = path.rpartition("/")[2]
    return int(name[:-5]) if REC_FILE.fullmatch(name) else 0


def _concerns_rules(events: Sequence[Event], workflow: Workflow) -> bool:
    """Whether any of these events is one an audit rule judges (most commits: none)."""
    return any(
        (isinstance(event, StatusChange) and event.status in workflow.rules)
        or (isinstance(event, FieldChange) and event.field == "due")
        for event in events
    )


def _brought_in(base: Sequence[Event], events: Sequence[Event]) -> list[int]:
    """Indexes of `events` not matched (in order) to `base`: what a merge brings in."""
    keys = [appendonly.event_key(event) for event in base]
    at = 0
    brought = []
    for index, event in enumerate(events):
        if at < len(keys) and appendonly.event_key(event) == keys[at]:
            at += 1
        else:
            brought.append(index)
    return brought
