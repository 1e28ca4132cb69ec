"""The checks verify makes of each commit, each file version and the files on disk.

A Checker compares each new version of a recommendation file with its parent's version
(a merge: with every parent's): it must only have appended events, kept the header as it
was (headers change only through `set` events), moved statuses as the workflow allows
and corrected only what may be corrected; odd dates are warnings. Parsed versions are
cached by blob, and a version that is provably its parent plus whole new items is read
with the YAML-free item reader (store/itemlayout.py).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from rectrack.app.verify.report import VerifyReport, Violation
from rectrack.domain import appendonly, dates
from rectrack.domain.events import Event
from rectrack.domain.identifiers import REC_FILE
from rectrack.domain.workflow import Workflow
from rectrack.errors import LedgerFormatError
from rectrack.store import files, itemlayout, recfile
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, history

_CACHE_SIZE = 4096
_GOOD_SIGNATURE = "G"
_EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True, kw_only=True)
class _Version:
    """A parsed version of a file; `canonical`: in rectrack's layout, one item per event."""

    data: bytes
    header: dict[str, object]
    events: tuple[Event, ...]
    canonical: bool


class _Where:
    """The commit being checked, to stamp violations with."""

    def __init__(self, commit: history.CommitChanges | None) -> None:
        self._commit = commit
        self.commit = "working tree" if commit is None else commit.sha[:8]

    # Author and date are decoded only for the rare commit that is reported.
    @property
    def author(self) -> str:
        return "" if self._commit is None else self._commit.author

    @property
    def date(self) -> str:
        return "" if self._commit is None else self._commit.date[:10]

    def recorded(self, latest: dt.date) -> dt.date | None:
        """The day this was recorded, decoded only if an event dated `latest` may be after it."""
        if self._commit is None:
            return dt.date.today()
        try:
            seconds = int(self._commit.person.rsplit(b" ", 2)[1])
        except (ValueError, IndexError):
            return None
        if latest.toordinal() < _EPOCH + seconds // 86400 - 1:
            return None
        return dt.date.fromisoformat(self.date) if self.date else None


class Checker:
    """Checks commits as they come, flagging violations on its report."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.workflow: Workflow = ledger.workflow
        self.pathspec = ledger.recs_dir.relative_to(ledger.git_root).as_posix()
        self.report = VerifyReport()
        self.blobs: blobs.BlobReader | None = None
        self._cache: dict[str, _Version | None] = {}

    def flag(self, where: _Where, path: str, problem: str, *, warning: bool = False) -> None:
        name = path.rpartition("/")[2]
        rec = name[:-5] if REC_FILE.fullmatch(name) else path
        found = self.report.warnings if warning else self.report.violations
        found.append(
            Violation(rec=rec, commit=where.commit, author=where.author, date=where.date,
                      problem=problem)
        )  # fmt: skip

    # --- one commit ---

    def check_commit(self, commit: history.CommitChanges, *, signed: bool) -> None:
        self.report.commits += 1
        where = _Where(commit)
        paths = sorted({change.path for diff in commit.diffs for change in diff.changes})
        if signed and paths and commit.signature != _GOOD_SIGNATURE:
            self.flag(where, self.pathspec, _signature_problem(commit.signature))
        for path in paths:
            if path.count("/") != self.pathspec.count("/") + 1 or not path.endswith(".yaml"):
                continue  # only recs/<name>.yaml files are recommendations
            sides = [_side(diff, path) for diff in commit.diffs]
            changed = next(change for change in sides if change is not None)
            result, mode = changed.new_blob, changed.new_mode
            self.report.versions += 1
            if result is None:
                self.flag(where, path, "recommendation file deleted")
                continue
            if not REC_FILE.fullmatch(path.rpartition("/")[2]):
                self.flag(where, path, "file name is not a recommendation ID (<id>.yaml)")
            if mode == "120000":
                self.flag(where, path, "is a symlink, not a file")
                continue
            parents = [result if side is None else side.old_blob for side in sides]
            if len(sides) == 1:
                self.check_change(where, path, old=parents[0], new=result)
            else:
                self.check_merge(where, path, parents=parents, new=result)

    def check_change(self, where: _Where, path: str, *, old: str | None, new: str) -> None:
        before = self.version(old, path=path) if old is not None else None
        if old is not None and before is None:
            return  # the parent version is broken: reported where it was committed
        if before is not None and before.canonical and (fast := self._fast(before, new, path)):
            self.report.fast += 1
            self._check_workflow(where, path, fast, start=len(before.events))
            return
        after = self.version(new, path=path, where=where)
        if after is None:
            return
        if before is None:
            self._check_workflow(where, path, after, start=0)
            return
        self.compare(where, path, before=before, after=after)

    def compare(self, where: _Where, path: str, *, before: _Version, after: _Version) -> None:
        problems = appendonly.header_changes(before.header, after.header)
        problems += appendonly.event_changes(before.events, after.events)
        for problem in problems:
            self.flag(where, path, problem)
        if not problems:
            self._check_workflow(where, path, after, start=len(before.events))

    def check_merge(self, where: _Where, path: str, *, parents: list[str | None], new: str) -> None:
        after = self.version(new, path=path, where=where)
        if after is None:
            return
        for number, parent in enumerate(parents, 1):
            before = self.version(parent, path=path) if parent not in (None, new) else None
            if before is None:
                continue
            which = "first" if number == 1 else "second" if number == 2 else f"#{number}"
            problems = appendonly.header_changes(before.header, after.header)
            problems += appendonly.merge_changes(before.events, after.events, which=which)
            problems += appendonly.moved_corrections(before.events, after.events, which=which)
            for problem in problems:
                self.flag(where, path, problem)

    def _check_workflow(self, where: _Where, path: str, version: _Version, *, start: int) -> None:
        """The events a version adds from `start`: statuses, corrections, then dates."""
        name = path.rpartition("/")[2]
        rec_id = int(name[:-5]) if REC_FILE.fullmatch(name) else 0
        events = version.events
        problems = appendonly.workflow_changes(
            events, start=start, workflow=self.workflow, rec_id=rec_id
        )
        for problem in problems + appendonly.correction_changes(events, start=start):
            self.flag(where, path, problem)
        if start < len(events):
            recorded = where.recorded(max(event.date for event in events[start:]))
            odd = dates.odd_dates(events, start=start, header=version.header, recorded=recorded)
            for warning in odd:
                self.flag(where, path, warning, warning=True)

    # --- versions ---

    def _fast(self, before: _Version, new: str, path: str) -> _Version | None:
        """The new version when it is provably `before` plus whole new event items."""
        assert self.blobs is not None
        blob = self.blobs.read(new)
        if blob is None:
            return None
        items = itemlayout.appended_items(before.data, blob[1])
        if not items:
            return None
        first = len(before.events) + 1
        mappings = itemlayout.simple_items(items)
        try:
            if mappings is None:
                added = recfile.parse_events(b"".join(items), first_index=first, path=path)
            else:
                added = recfile.events_from_items(mappings, first_index=first, path=path)
        except LedgerFormatError:
            return None
        if len(added) != len(items):
            return None
        version = _Version(data=blob[1], header=before.header, events=before.events + added,
                           canonical=True)  # fmt: skip
        self._remember(new, version)
        return version

    def version(
        self, blob: str | None, *, path: str, where: _Where | None = None
    ) -> _Version | None:
        """A blob parsed (cached); a parse failure is flagged when `where` is given."""
        if blob is None:
            return None
        if blob in self._cache:
            return self._cache[blob]
        assert self.blobs is not None
        found = self.blobs.read(blob)
        if found is None and where is not None:
            self.flag(where, path, f"cannot read blob {blob[:8]} (a submodule, or missing)")
        version = None if found is None else self.parse(found[1], path=path, where=where)
        self._remember(blob, version)
        return version

    def parse(self, data: bytes, *, path: str, where: _Where | None) -> _Version | None:
        try:
            rec = recfile.parse_recommendation(data, rec_id=0, path=path)
        except LedgerFormatError as error:
            if where is not None:
                self.flag(where, path, f"does not parse: {error.details.get('detail', error)}")
            return None
        split = itemlayout.split(data)
        return _Version(
            data=data, header=dict(rec.header), events=rec.events,
            canonical=split is not None and len(split.items) == len(rec.events),
        )  # fmt: skip

    def blobs_of(self, batch: list[history.CommitChanges]) -> list[str]:
        """The new versions a batch of commits will need (those not parsed already)."""
        return [
            change.new_blob
            for commit in batch
            for diff in commit.diffs
            for change in diff.changes
            if change.new_blob is not None and change.new_blob not in self._cache
        ]

    def _remember(self, blob: str, version: _Version | None) -> None:
        if len(self._cache) >= _CACHE_SIZE:
            del self._cache[next(iter(self._cache))]
        self._cache[blob] = version

    # --- the files on disk ---

    def check_tree(self) -> None:
        """Every file on disk parses, follows the workflow and only appends to HEAD's."""
        where = _Where(None)
        on_disk = _yaml_names(self.ledger.recs_dir)
        in_head = blobs.list_tree(self.ledger.git_root, rev="HEAD", path=self.pathspec)
        for name in sorted(on_disk | set(in_head)):
            path = f"{self.pathspec}/{name}"
            if name not in on_disk:
                self.flag(where, path, "recommendation file deleted (not committed)")
                continue
            if not REC_FILE.fullmatch(name):
                self.flag(where, path, "file name is not a recommendation ID (<id>.yaml)")
            try:
                data = files.read_bytes(self.ledger.recs_dir / name)
            except LedgerFormatError as error:
                self.flag(where, path, str(error.details.get("detail", error)))
                continue
            head_blob = in_head.get(name)
            if head_blob == blobs.blob_hash(data):
                self.version(head_blob, path=path, where=where)
                continue
            after = self.parse(data, path=path, where=where)
            before = self.version(head_blob, path=path)
            if after is not None and before is not None:
                self.compare(where, path, before=before, after=after)
            elif after is not None:
                self._check_workflow(where, path, after, start=0)


def _side(diff: history.ParentDiff, path: str) -> history.FileChange | None:
    """How `path` changed relative to that parent (None: it did not)."""
    return next((change for change in diff.changes if change.path == path), None)


def _yaml_names(folder: Path) -> set[str]:
    try:
        return {name for name in os.listdir(folder) if name.endswith(".yaml")}
    except FileNotFoundError:
        return set()


def _signature_problem(code: str) -> str:
    meaning = {
        "N": "commit is not signed",
        "B": "bad signature",
        "U": "signature by a key that is not trusted",
        "X": "signature has expired",
        "Y": "signed by an expired key",
        "R": "signed by a revoked key",
        "E": "signature cannot be checked (missing key?)",
    }
    return meaning.get(code, f"signature not verified ({code or 'unknown'})")
