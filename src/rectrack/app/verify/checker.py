"""The checks verify makes of each commit, each file version and the files on disk.

A Checker compares each new version of a recommendation file with its parent's version
(a merge: with every parent's): it must only have appended events, kept the header as it
was (headers change only through `set` events), and moved statuses as the workflow in
force at that commit allows (rules.py); the events a commit adds are held to the audit
rules with the commit's author as the person, corrections may correct only what may be
corrected, and odd dates are warnings (judge.py). A merge must be exactly a merge of its
parents: each parent's events in order and nothing no parent had. Parsed
versions are cached by blob, and a version that is provably its parent plus whole new
items is read with the YAML-free item reader (store/itemlayout.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rectrack.app.verify.judge import Judge, Where
from rectrack.app.verify.report import VerifyReport
from rectrack.app.verify.rules import RulesBook
from rectrack.domain import appendonly
from rectrack.domain.events import Event
from rectrack.domain.identifiers import REC_FILE
from rectrack.domain.merge import replayed_by_date
from rectrack.errors import LedgerFormatError
from rectrack.store import itemlayout, recfile
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, history

_CACHE_SIZE = 4096

REPLAYED = (
    "{count} event(s) inserted before event {at}, none edited or removed, in the date order "
    "an older rectrack gave a `git pull --rebase` or `git cherry-pick`: a re-ordering of "
    "events recorded elsewhere, not a tamper; if that is what happened, accept it in "
    ".rectrack/accepted (docs/integrity.md, Re-ordered events)"
)


@dataclass(frozen=True, kw_only=True)
class Version:
    """A parsed version of a file; `canonical`: in rectrack's layout, one item per event."""

    data: bytes
    header: dict[str, object]
    events: tuple[Event, ...]
    canonical: bool


class Checker:
    """Checks commits as they come, flagging violations on its report."""

    def __init__(self, ledger: Ledger, reader: blobs.BlobReader) -> None:
        self.ledger = ledger
        self.pathspec = ledger.recs_dir.relative_to(ledger.git_root).as_posix()
        self.report = VerifyReport()
        self.blobs = reader
        self.book = RulesBook(ledger, reader)
        self.judge = Judge(self.report, self.book)
        self._cache: dict[str, Version | None] = {}

    # --- one commit ---

    def check_commit(self, commit: history.CommitChanges) -> None:
        state, rules_changed = self.book.enter(commit)
        if not commit.changed:
            return
        self.report.commits += 1
        where = Where(commit, workflow=state.workflow)
        self.judge.ledger_commit(commit)
        if rules_changed:
            self.judge.rules_change(where, commit, changed=rules_changed)
        paths = sorted({change.path for diff in commit.diffs for change in diff.changes})
        for path in paths:
            if (
                not path.startswith(f"{self.pathspec}/")
                or path.count("/") != self.pathspec.count("/") + 1
                or not path.endswith(".yaml")
            ):
                continue  # only recs/<name>.yaml files are recommendations
            self._check_path(where, commit, path)

    def _check_path(self, where: Where, commit: history.CommitChanges, path: str) -> None:
        sides = [_side(diff, path) for diff in commit.diffs]
        changed = next(change for change in sides if change is not None)
        result, mode = changed.new_blob, changed.new_mode
        self.report.versions += 1
        if result is None:
            self.judge.flag(where, path, "recommendation file deleted")
            return
        if not REC_FILE.fullmatch(path.rpartition("/")[2]):
            self.judge.flag(where, path, "file name is not a recommendation ID (<id>.yaml)")
        if mode == "120000":
            self.judge.flag(where, path, "is a symlink, not a file")
            return
        parents = [result if side is None else side.old_blob for side in sides]
        if len(sides) == 1:
            self.check_change(where, path, old=parents[0], new=result)
        else:
            self.check_merge(where, path, parents=parents, new=result)

    def check_change(self, where: Where, path: str, *, old: str | None, new: str) -> None:
        before = self.version(old, path=path) if old is not None else None
        if old is not None and before is None:
            return  # the parent version is broken: reported where it was committed
        if before is not None and before.canonical and (fast := self._fast(before, new, path)):
            self.report.fast += 1
            self.judge.appended(where, path, fast.events, start=len(before.events), old=old,
                                new=new, header=fast.header)  # fmt: skip
            return
        after = self.version(new, path=path, where=where)
        if after is None:
            return
        if before is None:
            self.judge.appended(where, path, after.events, start=0, old=None, new=new,
                                header=after.header)  # fmt: skip
            return
        if self.compare(where, path, before=before, after=after):
            self.judge.appended(where, path, after.events, start=len(before.events), old=old,
                                new=new, header=after.header)  # fmt: skip
        else:
            self.judge.people.carried(sources=[(before.events, self.judge.people.of(old))],
                                      new=new, events=after.events, author=where.email)  # fmt: skip

    def compare(self, where: Where, path: str, *, before: Version, after: Version) -> bool:
        """Flag how `after` fails to append to `before`; True when it only appended."""
        problems = appendonly.header_changes(before.header, after.header)
        changes = appendonly.event_changes(before.events, after.events)
        if changes and replayed_by_date(before.events, after.events):
            at = next(
                i
                for i, (a, b) in enumerate(zip(before.events, after.events, strict=False))
                if a != b
            )
            count = len(after.events) - len(before.events)
            changes = [REPLAYED.format(count=count, at=at + 1)]
        for problem in problems + changes:
            self.judge.flag(where, path, problem)
        return not problems and not changes

    def check_merge(self, where: Where, path: str, *, parents: list[str | None], new: str) -> None:
        after = self.version(new, path=path, where=where)
        if after is None:
            return
        present = [(blob, self.version(blob, path=path)) for blob in parents if blob is not None]
        versions = [(blob, version) for blob, version in present if version is not None]
        if not present:
            self.judge.flag(where, path, "merge created this file, which no parent had")
            self.judge.appended(where, path, after.events, start=0, old=None, new=new,
                                header=after.header)  # fmt: skip
            return
        if versions and all(v.header != after.header for _, v in versions):
            for problem in appendonly.header_changes(versions[0][1].header, after.header):
                self.judge.flag(where, path, f"merge: {problem}")
        for number, parent in enumerate(parents, 1):
            before = self.version(parent, path=path) if parent not in (None, new) else None
            if before is None:
                continue
            which = "first" if number == 1 else "second" if number == 2 else f"#{number}"
            problems = appendonly.merge_changes(before.events, after.events, which=which)
            problems += appendonly.moved_corrections(before.events, after.events, which=which)
            for problem in problems:
                self.judge.flag(where, path, problem)
        self.judge.merged(where, path, after.events, parents=versions, first=parents[0], new=new)

    # --- versions ---

    def _fast(self, before: Version, new: str, path: str) -> Version | None:
        """The new version when it is provably `before` plus whole new event items."""
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
        version = Version(data=blob[1], header=before.header, events=before.events + added,
                          canonical=True)  # fmt: skip
        self._remember(new, version)
        return version

    def version(self, blob: str | None, *, path: str, where: Where | None = None) -> Version | None:
        """A blob parsed (cached); a parse failure is flagged when `where` is given."""
        if blob is None:
            return None
        if blob in self._cache:
            return self._cache[blob]
        found = self.blobs.read(blob)
        if found is None and where is not None:
            self.judge.flag(where, path, f"cannot read blob {blob[:8]} (a submodule, or missing)")
        version = None if found is None else self.parse(found[1], path=path, where=where)
        self._remember(blob, version)
        return version

    def parse(self, data: bytes, *, path: str, where: Where | None) -> Version | None:
        try:
            rec = recfile.parse_recommendation(data, rec_id=0, path=path)
        except LedgerFormatError as error:
            if where is not None:
                detail = error.details.get("detail", error)
                self.judge.flag(where, path, f"does not parse: {detail}")
            return None
        split = itemlayout.split(data)
        return Version(
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

    def _remember(self, blob: str, version: Version | None) -> None:
        if len(self._cache) >= _CACHE_SIZE:
            del self._cache[next(iter(self._cache))]
        self._cache[blob] = version


def _side(diff: history.ParentDiff, path: str) -> history.FileChange | None:
    """How `path` changed relative to that parent (None: it did not)."""
    return next((change for change in diff.changes if change.path == path), None)
