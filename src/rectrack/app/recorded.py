"""When the latest events reached the ledger, read from git for the site's feed.

An event's date says when something happened; the feed of latest changes is ordered by
when git recorded it. Recommendation files only grow at the end, so walking history
newest first (vcs/additions.py: one `git log -p`), the lines each commit added name the
events it appended. The walk stops once the newest `limit` events of the site are
placed, so it reads a few commits however large the ledger or its history is: 10,000
recommendations with 100,000 commits cost what 10 do.

Each added item is matched to an event not yet placed, byte for byte as rectrack writes
it, so events appended on two branches and merged (in whatever order the merge driver
kept them) each get their own commit. Items written some other way (by hand) fall back
to position: the newest commit touching a file appended its last k events, checked
against their dates. A commit that changed lines but added no event (a header or a typo
edited by hand) recorded none; one that created the file, or removed or rewrote events
(`rec verify` reports those), is taken as recording every event of that file not yet
placed: they stand as that commit left them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rectrack.domain.codec import KIND_KEYS
from rectrack.domain.identifiers import rec_id_of_file
from rectrack.domain.state import Recommendation
from rectrack.exporters.site.model import RecordedEvent
from rectrack.store.paths import Ledger
from rectrack.store.recfile import render_events
from rectrack.vcs.additions import FileAdditions, walk_additions

#: How an event item's first line starts: `- KEY:` with a key events have. A header's own
#: list items (`- organised-crime` under `tags:`) are not events and never match.
_EVENT_START = re.compile(
    rb"- (?:date|by|%s|value|reason|sha256|size|url):(?: |$)" % "|".join(KIND_KEYS).encode()
)


@dataclass(kw_only=True)
class _File:
    """A recommendation file being walked back through: its events not yet placed."""

    rec: Recommendation
    unplaced: list[int]
    rendered: dict[int, bytes] = field(default_factory=dict)

    def item(self, index: int) -> bytes:
        """Event `index` as rectrack writes it (rendered once, when first compared)."""
        if index not in self.rendered:
            self.rendered[index] = render_events([self.rec.events[index]])
        return self.rendered[index]


def recorded_events(
    ledger: Ledger, *, commit: str, recs: Sequence[Recommendation], limit: int
) -> list[RecordedEvent]:
    """When git recorded events of `recs` (as they stand at `commit`): at least the newest
    `limit` of them, or every one if there are fewer."""
    files = {rec.id: _File(rec=rec, unplaced=list(range(len(rec.events)))) for rec in recs}
    unplaced = sum(len(item.unplaced) for item in files.values())
    placed: list[RecordedEvent] = []
    newest: list[dt.datetime] = []  # a min-heap of the `limit` latest times placed so far
    recs_dir = ledger.recs_dir.relative_to(ledger.git_root).as_posix()
    for change in walk_additions(ledger.git_root, rev=commit, pathspec=recs_dir):
        if unplaced == 0 or (len(newest) >= limit and change.committed < newest[0]):
            break
        for diff in change.files:
            rec_id = rec_id_of_file(diff.path.removeprefix(recs_dir + "/"))
            item = files.get(rec_id) if rec_id is not None else None
            if item is None or not item.unplaced:
                continue
            indexes = _appended(diff, item)
            item.unplaced = [index for index in item.unplaced if index not in indexes]
            unplaced -= len(indexes)
            for index in sorted(indexes):
                placed.append(RecordedEvent(rec_id=item.rec.id, index=index,
                                            recorded=change.committed))  # fmt: skip
                if len(newest) < limit:
                    heapq.heappush(newest, change.committed)
                else:
                    heapq.heappushpop(newest, change.committed)
    return placed


def _appended(diff: FileAdditions, item: _File) -> set[int]:
    """The events (indexes) this commit recorded, among those not yet placed."""
    if diff.deleted:
        return set()  # an older file of the same name, after a newer one placed them all
    if diff.created or any(_EVENT_START.match(line) for line in diff.removed):
        return set(item.unplaced)  # they stand as this commit wrote them
    added = list(_items(diff.added))
    if not added:
        return set()
    if len(added) > len(item.unplaced):
        return set(item.unplaced)
    matched = _matching(added, item)
    if matched is not None:
        return matched
    tail = item.unplaced[-len(added) :]
    if _dates_match(added, [item.rec.events[index].date for index in tail]):
        return set(tail)
    return set(item.unplaced)


def _items(lines: list[bytes]) -> Iterator[bytes]:
    """The whole event items among added lines (an item's start and its indented lines)."""
    current: list[bytes] | None = None
    for line in lines:
        if _EVENT_START.match(line):
            if current is not None:
                yield b"".join(current)
            current = [line + b"\n"]
        elif current is not None and (line.startswith(b" ") or not line):
            current.append(line + b"\n")
        elif current is not None:
            yield b"".join(current)
            current = None
    if current is not None:
        yield b"".join(current)


def _matching(added: list[bytes], item: _File) -> set[int] | None:
    """The unplaced events whose bytes are the added items, the latest such for each;
    None unless every added item is one."""
    taken: set[int] = set()
    for wanted in reversed(added):
        found = next(
            (index for index in reversed(item.unplaced)
             if index not in taken and item.item(index) == wanted),
            None,
        )  # fmt: skip
        if found is None:
            return None
        taken.add(found)
    return taken


def _dates_match(added: list[bytes], dates: list[dt.date]) -> bool:
    """Each added item that starts `- date: D` is for an event dated D."""
    for item, day in zip(added, dates, strict=True):
        if item.startswith(b"- date: "):
            first = item.split(b"\n", 1)[0]
            if first[8:].strip().decode("utf-8", "replace") != day.isoformat():
                return False
    return True
