"""`rec merge-driver`: git's merge driver for recommendation files (see docs/integrity.md).

`merge_files` is pure: base, ours and theirs bytes in, merged bytes or a conflict out.
When both sides only appended events, the result is the base's events followed by both
sides' new ones (domain/merge.py decides the order) and no conflict. git runs the same
driver for a merge and for each commit a rebase or cherry-pick replays; `run_driver`
tells them apart by the `GITHEAD_<sha>` variables only `git merge` sets, and a replay
appends their events after ours, so the replayed commit only appends. Whole event items
are copied byte for byte from the side that wrote them, so the result is `ours` plus
appended items whenever the order allows it. Anything else (a header or an old event
edited by hand, a file that does not parse) is a conflict that git shows as usual.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rectrack.domain.appendonly import event_key, header_changes
from rectrack.domain.merge import Pick, Side, append_after, keep_corrections, merge_appends
from rectrack.domain.state import Recommendation
from rectrack.errors import LedgerFormatError, MergeConflict
from rectrack.store import files, itemlayout, recfile


@dataclass(frozen=True, kw_only=True)
class MergeOutcome:
    """Merged bytes, or the reason there is a conflict (then `data` is None)."""

    data: bytes | None
    conflict: str | None = None


def merge_files(
    *, base: bytes, ours: bytes, theirs: bytes, path: str, replay: bool = False
) -> MergeOutcome:
    """Merge three versions of one recommendation file (base empty: added on both sides).

    `replay`: the result becomes a commit on top of `ours` alone (rebase, cherry-pick), so
    their new events are appended after ours instead of interleaved by date.
    """
    try:
        base_rec = recfile.parse_recommendation(base, rec_id=0, path=path) if base.strip() else None
        ours_rec = recfile.parse_recommendation(ours, rec_id=0, path=path)
        theirs_rec = recfile.parse_recommendation(theirs, rec_id=0, path=path)
    except LedgerFormatError as error:
        return MergeOutcome(data=None, conflict=f"a version does not parse ({error.message})")
    if problem := _check_sides(base_rec, ours_rec, theirs_rec):
        return MergeOutcome(data=None, conflict=problem)
    common = 0 if base_rec is None else len(base_rec.events)
    if common and not (_starts_with(ours_rec, base_rec) and _starts_with(theirs_rec, base_rec)):
        # A criss-cross merge's virtual base can order shared events differently from
        # either side: merge the whole lists (the common ones are matched, none is lost).
        common = 0
    ours_new, theirs_new = ours_rec.events[common:], theirs_rec.events[common:]
    ordered = keep_corrections(
        (append_after if replay else merge_appends)(ours_new, theirs_new),
        ours=ours_rec.events, theirs=theirs_rec.events, common=common, replay=replay,
    )  # fmt: skip
    if ordered is None:
        return MergeOutcome(data=None, conflict=_CORRECTIONS_CONFLICT)
    return MergeOutcome(data=_render(ours, theirs, ours_rec, theirs_rec, common, ordered))


def _render(
    ours: bytes, theirs: bytes, ours_rec: Recommendation, theirs_rec: Recommendation,
    common: int, picks: list[Pick],
) -> bytes:  # fmt: skip
    """The merged file: whole items copied from the side that wrote them, when it can."""
    ours_split, theirs_split = itemlayout.split(ours), itemlayout.split(theirs)
    if (
        ours_split is None
        or theirs_split is None
        or len(ours_split.items) != len(ours_rec.events)
        or len(theirs_split.items) != len(theirs_rec.events)
    ):
        # Not in rectrack's layout (edited by hand, though validly): render the events anew.
        sides = {Side.OURS: ours_rec.events[common:], Side.THEIRS: theirs_rec.events[common:]}
        events = ours_rec.events[:common] + tuple(sides[s][i] for s, i in picks)
        return recfile.render_new_file(header=ours_rec.header, events=events)
    items = {
        Side.OURS: ours_split.items[common:],
        Side.THEIRS: theirs_split.items[common:],
    }
    body = b"".join(ours_split.items[:common]) + b"".join(items[s][i] for s, i in picks)
    return ours_split.head + body


_CORRECTIONS_CONFLICT = (
    "a side corrected events it had just added, and no order of the events keeps every "
    "correction pointing to its event"
)


def _check_sides(
    base: Recommendation | None, ours: Recommendation, theirs: Recommendation
) -> str | None:
    """Why the sides cannot be merged by appending, or None when they can."""
    if base is None:
        if ours.header != theirs.header:
            return (
                "both sides created this recommendation with different headers "
                "(`rec sync` renumbers an unpushed `rec new`)"
            )
        base_events: tuple[object, ...] = ()
    else:
        for name, side in (("ours", ours), ("theirs", theirs)):
            if edits := header_changes(base.header, side.header):
                return f"{edits[0]} on {name} side"
        base_events = tuple(event_key(event) for event in base.events)
    for name, side in (("ours", ours), ("theirs", theirs)):
        if Counter(base_events) - Counter(event_key(event) for event in side.events):
            return f"earlier events were edited or removed by hand on {name} side"
    return None


def _starts_with(side: Recommendation, base: Recommendation | None) -> bool:
    if base is None:
        return True
    prefix = side.events[: len(base.events)]
    return [event_key(e) for e in prefix] == [event_key(e) for e in base.events]


def is_merge(environment: Mapping[str, str]) -> bool:
    """Whether git runs the driver for a merge commit (`git merge`, `git pull`, `rec sync`).

    `git merge` names each merged head in a `GITHEAD_<sha>` variable for its conflict
    labels; a rebase, a cherry-pick, `git am` or a stash do not. Anything unrecognised is
    treated as a replay: appending is safe for a merge too, sorting is not for a replay.
    """
    return any(name.startswith("GITHEAD_") for name in environment)


def run_driver(*, base: Path, ours: Path, theirs: Path, name: str) -> None:
    """Git's driver protocol: leave the result in `ours`; raise MergeConflict on conflict.

    On a conflict `ours` gets git's usual conflict markers (from `git merge-file`), so the
    user resolves it like any other conflict.
    """
    from rectrack.vcs import mergeconfig

    outcome = merge_files(
        base=base.read_bytes(), ours=ours.read_bytes(), theirs=theirs.read_bytes(), path=name,
        replay=not is_merge(os.environ),
    )  # fmt: skip
    if outcome.data is not None:
        files.write_atomic(ours, outcome.data)
        return
    mergeconfig.write_conflict_markers(base=base, ours=ours, theirs=theirs, name=name)
    raise MergeConflict(path=name, detail=outcome.conflict)
