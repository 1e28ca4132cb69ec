"""Merging two sides' appended events: the heart of the merge driver, with no I/O.

Both sides started from the same events (the base) and appended their own. The result
keeps the base, then both sides' new events; an event both sides appended identically is
kept once (they are matched as a longest common subsequence). Two orders, for two jobs:

- a merge commit (`merge_appends`): between shared events the two sides are interleaved
  by date, then by the event's exact content, a total order, so the outcome does not
  depend on which side is "ours" and two clones merging each other at once (a criss-cross)
  get the same file. Each side's own order is kept, which is verify's merge rule.
- a replayed commit, from a rebase or a cherry-pick (`append_after`): the result becomes
  a commit whose only parent is "ours", so ours is kept exactly and their new events are
  appended after it, never sorted in by date (which would insert before ours' events).

A correction points to an event by its number, so an order that would make it point to
another event is not used (`keep_corrections`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from rectrack.domain.appendonly import event_key
from rectrack.domain.corrections import moved_targets
from rectrack.domain.events import Event


class Side(Enum):
    OURS = "ours"
    THEIRS = "theirs"


Pick = tuple[Side, int]


def merge_appends(ours: Sequence[Event], theirs: Sequence[Event]) -> list[Pick]:
    """The merged order of two sides' new events, as (side, index in that side) picks."""
    ours_keys = [(event.date, event_key(event)) for event in ours]
    theirs_keys = [(event.date, event_key(event)) for event in theirs]
    picks: list[Pick] = []
    i = j = 0
    for anchor_i, anchor_j in [*_common(ours_keys, theirs_keys), (len(ours), len(theirs))]:
        while i < anchor_i or j < anchor_j:
            take_ours = j >= anchor_j or (i < anchor_i and ours_keys[i] <= theirs_keys[j])
            if take_ours:
                picks.append((Side.OURS, i))
                i += 1
            else:
                picks.append((Side.THEIRS, j))
                j += 1
        if anchor_i < len(ours):
            picks.append((Side.OURS, anchor_i))  # appended identically by both: once
        i, j = anchor_i + 1, anchor_j + 1
    return picks


def append_after(ours: Sequence[Event], theirs: Sequence[Event]) -> list[Pick]:
    """Ours unchanged, then their events that ours does not already hold, in their order."""
    matched = {j for _, j in _common([event_key(e) for e in ours], [event_key(e) for e in theirs])}
    return [(Side.OURS, i) for i in range(len(ours))] + [
        (Side.THEIRS, j) for j in range(len(theirs)) if j not in matched
    ]


def _common(a: Sequence[object], b: Sequence[object]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of `a` and `b` (small lists: O(n*m))."""
    rows, cols = len(a), len(b)
    lengths = [[0] * (cols + 1) for _ in range(rows + 1)]
    for x in range(rows - 1, -1, -1):
        for y in range(cols - 1, -1, -1):
            lengths[x][y] = (
                lengths[x + 1][y + 1] + 1
                if a[x] == b[y]
                else max(lengths[x + 1][y], lengths[x][y + 1])
            )
    pairs: list[tuple[int, int]] = []
    x = y = 0
    while x < rows and y < cols:
        if a[x] == b[y]:
            pairs.append((x, y))
            x, y = x + 1, y + 1
        elif lengths[x + 1][y] >= lengths[x][y + 1]:
            x += 1
        else:
            y += 1
    return pairs


def merged_events(
    base: Sequence[Event], ours: Sequence[Event], theirs: Sequence[Event], *, replay: bool = False
) -> tuple[Event, ...]:
    """Base events, then both sides' new events merged (sides must start with the base).

    `replay`: a rebase or cherry-pick (their events appended after ours), not a merge.
    """
    ours_new, theirs_new = ours[len(base) :], theirs[len(base) :]
    sides = {Side.OURS: ours_new, Side.THEIRS: theirs_new}
    order = append_after if replay else merge_appends
    return tuple(base) + tuple(sides[side][index] for side, index in order(ours_new, theirs_new))


def replayed_by_date(old: Sequence[Event], new: Sequence[Event]) -> bool:
    """Whether `new` is `old` with events sorted in by date, as rectrack's driver before
    0.3 did when a rebase or cherry-pick replayed a commit (not an append, not a tamper).

    True when nothing of `old` was edited or removed and the events after the first
    inserted one are exactly the date order the old driver gave `old`'s and the new ones.
    """
    old_keys = [event_key(event) for event in old]
    new_keys = [event_key(event) for event in new]
    if len(new_keys) <= len(old_keys) or new_keys[: len(old_keys)] == old_keys:
        return False
    start = next(i for i, (a, b) in enumerate(zip(old_keys, new_keys, strict=False)) if a != b)
    return _sorted_in(old, new, start=start)


def _sorted_in(old: Sequence[Event], new: Sequence[Event], *, start: int) -> bool:
    """Whether new[start:] is the old driver's order of old[start:] and the other events."""
    old_tail = list(old[start:])
    old_keys = [event_key(event) for event in old_tail]
    remaining = iter(old_keys)
    pending = next(remaining, None)
    theirs: list[Event] = []
    for event in new[start:]:
        if event_key(event) == pending:
            pending = next(remaining, None)
        else:
            theirs.append(event)
    if pending is not None or not theirs:
        return False  # an old event is missing or out of order: not a replay
    sides = {Side.OURS: old_tail, Side.THEIRS: theirs}
    replayed = [sides[side][index] for side, index in merge_appends(old_tail, theirs)]
    return [event_key(e) for e in replayed] == [event_key(e) for e in new[start:]]


def keep_corrections(
    picks: list[Pick], *, ours: Sequence[Event], theirs: Sequence[Event], common: int,
    replay: bool = False,
) -> list[Pick] | None:  # fmt: skip
    """`picks`, or another order of the same events, in which every correction still points
    to the event it pointed to on its own side; None when no such order is found.

    Interleaving by date can put the other side's events before an event a side has just
    added and corrected, which would move the correction onto another event. Then one
    side's new events go first as a block (only when no event was appended by both). A
    replay's order is fixed (ours, then theirs): it is kept or refused, never changed.
    """
    ours_new, theirs_new = ours[common:], theirs[common:]
    candidates = [picks]
    if len(picks) == len(ours_new) + len(theirs_new) and not replay:
        mine = [(Side.OURS, i) for i in range(len(ours_new))]
        other = [(Side.THEIRS, j) for j in range(len(theirs_new))]
        candidates += [mine + other, other + mine]
    sides = {Side.OURS: ours_new, Side.THEIRS: theirs_new}
    for candidate in candidates:
        merged = tuple(ours[:common]) + tuple(sides[side][index] for side, index in candidate)
        if not moved_targets(merged, ours) and not moved_targets(merged, theirs):
            return candidate
    return None
