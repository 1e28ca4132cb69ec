"""The checks verify makes of each commit, each file version and the files on disk.

A Checker compares each new version of a recommendation file with its parent's version
(a merge: with every parent's): it must only have appended events, kept the header as it
was (headers change only through `set` events), and moved statuses as the workflow in
force at that commit allows (rules.py); the events a commit adds are held to the audit
rules with the commit's author as the person, corrections may correct only what may be
corrected, and odd dates are warnings (judge.py). A merge must be exactly a merge of its
parents: each parent's events in order and nothing no parent had.

Parsed versions are kept by blob while they are current (a version its own file has
moved on from is let go; one needed again is read again), without their bytes: a new
version starts with its parent's bytes exactly when its first `size` bytes hash to the
parent's blob ID. A version that is provably its parent plus whole new items is read with
the YAML-free item reader (store/itemlayout.py), a whole file in rec's own shapes with
store/quickread.py, anything else with the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from rectrack.app.verify.judge import Judge, Where
from rectrack.app.verify.people import People
from rectrack.app.verify.report import VerifyReport
from rectrack.app.verify.rules import RulesBook
from rectrack.domain import appendonly
from rectrack.domain.events import Event
from rectrack.domain.identifiers import REC_FILE
from rectrack.domain.merge import replayed_by_date
from rectrack.errors import LedgerFormatError
from rectrack.store import itemlayout, quickread, recfile
from rectrack.store.files import MAX_FILE_BYTES
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, history

#: Versions kept at most (any number of files still works: the rest are read again).
_CACHE_SIZE = 16_384

REPLAYED = (
    "{count} event(s) inserted before event {at}, none edited or removed, in the date order "
    "an older rectrack gave a `git pull --rebase` or `git cherry-pick`: a re-ordering of "
    "events recorded elsewhere, not a tamper; if that is what happened, accept it in "
    ".rectrack/accepted (docs/integrity.md, Re-ordered events)"
)


@dataclass(frozen=True, kw_only=True)
class Version:
    """A parsed version of a file (`size` bytes); `canonical`: in rectrack's layout, one
    item per event."""

    size: int
    header: dict[str, object]
    events: tuple[Event, ...]
    canonical: bool


class Checker:
    """Checks commits as they come, flagging violations on its report."""

    def __init__(
        self, ledger: Ledger, reader: blobs.BlobReader, *, people: People | None = None,
        signed: bool = False,
    ) -> None:  # fmt: skip
        self.ledger = ledger
        self.pathspec = ledger.recs_dir.relative_to(ledger.git_root).as_posix()
        self.report = VerifyReport()
        self.blobs = reader
        self.book = RulesBook(ledger, reader)
        self.judge = Judge(self.report, self.book, people=people or People(),
                           keep_commits=signed)  # fmt: skip
        #: blob -> its version, or why it does not parse (flagged at each commit making it).
        self._cache: dict[str, Version | str] = {}

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
        if old is not None and old != new:
            self._cache.pop(old, None)  # this file has moved on from it
        if before is not None and before.canonical and (fast := self._fast(before, old, new, path)):
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

    def _fast(self, before: Version, old: str | None, new: str, path: str) -> Version | None:
        """The new version when it is provably `before` plus whole new event items."""
        blob = self.blobs.read(new)
        if blob is None or old is None:
            return None
        prefix = blob[1][: before.size]
        if len(prefix) != before.size or not blobs.is_blob(prefix, old):
            return None  # not `before`'s bytes followed by more
        items = itemlayout.appended_items(prefix, blob[1])
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
        version = Version(size=len(blob[1]), header=before.header,
                          events=before.events + added, canonical=True)  # fmt: skip
        self._remember(new, version)
        return version

    def version(self, blob: str | None, *, path: str, where: Where | None = None) -> Version | None:
        """A blob parsed (cached); a parse failure is flagged when `where` is given."""
        if blob is None:
            return None
        version = self._cache.get(blob)
        if version is None:
            found = self.blobs.read(blob)
            if found is None:
                version = f"cannot read blob {blob[:8]} (a submodule, or missing)"
            else:
                version = self._parsed(found[1], path=path)
            self._remember(blob, version)
        if isinstance(version, str):
            if where is not None:
                self.judge.flag(where, path, version)
            return None
        return version

    def parse(self, data: bytes, *, path: str, where: Where | None) -> Version | None:
        """The bytes parsed; a parse failure is flagged when `where` is given."""
        version = self._parsed(data, path=path)
        if isinstance(version, str):
            if where is not None:
                self.judge.flag(where, path, version)
            return None
        return version

    def _parsed(self, data: bytes, *, path: str) -> Version | str:
        """The version in `data`, or why it does not parse."""
        try:
            quick = None
            if len(data) <= MAX_FILE_BYTES:
                quick = quickread.read_quickly(data, rec_id=0, path=path)
            rec = quick or recfile.parse_recommendation(data, rec_id=0, path=path)
        except LedgerFormatError as error:
            return f"does not parse: {error.details.get('detail', error)}"
        split = None if quick is not None else itemlayout.split(data)
        canonical = quick is not None or (split is not None and len(split.items) == len(rec.events))
        return Version(size=len(data), header=dict(rec.header), events=rec.events,
                       canonical=canonical)  # fmt: skip

    def blobs_of(
        self, batch: list[history.CommitChanges], *, after: list[history.CommitChanges]
    ) -> list[str]:
        """The versions a batch of commits will need that are not parsed already, nor made
        by the batch `after` which it follows."""
        made = {change.new_blob for commit in after for diff in commit.diffs
                for change in diff.changes}  # fmt: skip
        return [
            blob
            for commit in batch
            for diff in commit.diffs
            for change in diff.changes
            for blob in (change.old_blob, change.new_blob)
            if blob is not None and blob not in self._cache and blob not in made
        ]

    def _remember(self, blob: str, version: Version | str) -> None:
        if len(self._cache) >= _CACHE_SIZE:
            del self._cache[next(iter(self._cache))]
        self._cache[blob] = version


def _side(diff: history.ParentDiff, path: str) -> history.FileChange | None:
    """How `path` changed relative to that parent (None: it did not)."""
    return next((change for change in diff.changes if change.path == path), None)
