"""Merging two sides' appended events: the heart of the merge driver, with no I/O.

Both sides started from the same events (the base) and appended their own. The result
keeps the base, then both sides' new events: an event both sides appended identically is
kept once (they are matched as a longest common subsequence), and between those shared
events the two sides are interleaved by date, then by the event's exact content, which
is a total order, so the outcome does not depend on which side is "ours". Each side's
own order is never changed, so the result holds each parent's events in order, which is
exactly what `rec verify` asks of a merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from rectrack.domain.appendonly import event_key
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
    base: Sequence[Event], ours: Sequence[Event], theirs: Sequence[Event]
) -> tuple[Event, ...]:
    """Base events, then both sides' new events merged (sides must start with the base)."""
    ours_new, theirs_new = ours[len(base) :], theirs[len(base) :]
    sides = {Side.OURS: ours_new, Side.THEIRS: theirs_new}
    return tuple(base) + tuple(
        sides[side][index] for side, index in merge_appends(ours_new, theirs_new)
    )
