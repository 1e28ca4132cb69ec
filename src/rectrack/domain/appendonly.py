"""The append-only rules, as pure comparisons of two versions of a recommendation.

Each function takes what a file held before and after a change and names every way the
change broke the rules ("event 2 text edited", "event 3 removed", "events reordered",
"header field owner edited by hand"). An empty list means the change only appended.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rectrack.domain.codec import to_json
from rectrack.domain.corrections import has_corrections, moved_targets, standings
from rectrack.domain.events import Event, StatusChange
from rectrack.domain.workflow import Workflow
from rectrack.errors import TransitionNotAllowed, UnknownStatus

_MISSING = object()


def event_key(event: Event) -> str:
    """A hashable, exact identity for an event (values may be lists or mappings)."""
    return json.dumps(to_json(event), sort_keys=True, ensure_ascii=False)


def header_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Header fields that differ: headers change only through `set` events."""
    names = list(old) + [name for name in new if name not in old]
    changed = [name for name in names if old.get(name, _MISSING) != new.get(name, _MISSING)]
    return [f"header field {name} edited by hand" for name in changed]


def event_changes(old: Sequence[Event], new: Sequence[Event]) -> list[str]:
    """How `new` fails to be `old` plus events at the end ([] when it is exactly that)."""
    old_keys = [event_key(event) for event in old]
    new_keys = [event_key(event) for event in new]
    if new_keys[: len(old_keys)] == old_keys:
        return []
    if not Counter(old_keys) - Counter(new_keys) and not is_subsequence(old_keys, new_keys):
        first = next(i for i, (a, b) in enumerate(zip(old_keys, new_keys, strict=False)) if a != b)
        return [f"events reordered (from event {first + 1})"]
    problems: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            problems += [_edited(old[i], new[j], number=i + 1) for i, j in pairs]
        elif tag in ("replace", "delete"):
            problems += [f"event {i + 1} removed" for i in range(i1, i2)]
            if tag == "replace":
                problems.append(f"{j2 - j1} event(s) inserted before event {i2 + 1}")
        elif tag == "insert" and i1 < len(old):
            problems.append(f"{j2 - j1} event(s) inserted before event {i1 + 1}")
    return problems or ["events changed"]


def _edited(old: Event, new: Event, *, number: int) -> str:
    before, after = to_json(old), to_json(new)
    if before["kind"] != after["kind"]:
        return f"event {number} kind changed ({before['kind']} -> {after['kind']})"
    fields = [name for name in before if before[name] != after.get(name)]
    names = ", ".join(fields)
    return f"event {number} {names} edited"


def is_subsequence(part: Sequence[str], whole: Sequence[str]) -> bool:
    """True when `part` appears in `whole` in order (other items may come between)."""
    remaining = iter(whole)
    return all(any(item == other for other in remaining) for item in part)


def merge_changes(parent: Sequence[Event], result: Sequence[Event], *, which: str) -> list[str]:
    """A merge result must hold every event of each parent, in that parent's order."""
    parent_keys = [event_key(event) for event in parent]
    result_keys = [event_key(event) for event in result]
    if is_subsequence(parent_keys, result_keys):
        return []
    missing = Counter(parent_keys) - Counter(result_keys)
    if missing:
        lost = [i + 1 for i, key in enumerate(parent_keys) if key in missing]
        shown = ", ".join(str(number) for number in lost[:5])
        return [f"merge lost event(s) {shown} of the {which} parent"]
    return [f"merge reordered the events of the {which} parent"]


def moved_corrections(parent: Sequence[Event], result: Sequence[Event], *, which: str) -> list[str]:
    """A merge that moved an event a correction of a parent points to (it would now
    correct another one)."""
    moved = moved_targets(result, parent) if has_corrections(parent) else []
    return [
        f"merge moved event {number} of the {which} parent, which a correction points to"
        for number in moved
    ]


def correction_changes(events: Sequence[Event], *, start: int) -> list[str]:
    """Corrections from index `start` on that break the rules (domain/corrections.py)."""
    if not has_corrections(events[start:]):
        return []
    return [
        f"event {standing.number}: a correction that may not be made: {standing.ignored}"
        for standing in standings(events)[start:]
        if standing.ignored is not None
    ]


def workflow_changes(
    events: Sequence[Event], *, start: int, workflow: Workflow, rec_id: int
) -> list[str]:
    """Status events from index `start` on that the workflow does not allow.

    Repeating the current status is tolerated here: imported histories do that, and it
    changes nothing. Unknown statuses and forbidden moves are reported.
    """
    problems: list[str] = []
    if not any(isinstance(event, StatusChange) for event in events[start:]):
        return problems
    current: str | None = None
    for index in range(min(start, len(events)) - 1, -1, -1):  # the status before `start`
        earlier = events[index]
        if isinstance(earlier, StatusChange):
            current = earlier.status
            break
    for index in range(start, len(events)):
        event = events[index]
        if not isinstance(event, StatusChange):
            continue
        try:
            workflow.check_known(event.status)
            if event.status != current:
                workflow.check_transition(rec_id=rec_id, current=current, status=event.status)
        except (UnknownStatus, TransitionNotAllowed) as error:
            problems.append(f"event {index + 1}: {error.message}")
        current = event.status
    return problems


#: How many partial matchings `merge_additions` follows before settling for counting.
_STATE_CAP = 20_000


def merge_additions(parents: Sequence[Sequence[Event]], result: Sequence[Event]) -> list[int]:
    """Indexes of `result` events that come from no parent: what a merge added itself.

    A merge may interleave its parents' events and keep an event both appended once, but
    every event it holds must be one of a parent's, each parent's taken in order. The
    check follows every way of reading `result` as such an interleaving (after the prefix
    all share); an event none of them can explain is the merge's own. Should the ways
    grow past a cap (many identical events), it falls back to counting, which never
    accuses a real merge.
    """
    keys = [[event_key(event) for event in parent] for parent in parents]
    wanted = [event_key(event) for event in result]
    shared = 0
    while shared < len(wanted) and all(
        shared < len(k) and k[shared] == wanted[shared] for k in keys
    ):
        shared += 1
    states: set[tuple[int, ...]] = {tuple(shared for _ in keys)}
    added: list[int] = []
    for index in range(shared, len(wanted)):
        following = {step for state in states for step in _steps(keys, state, wanted[index])}
        if len(following) > _STATE_CAP:
            return _counted_additions(keys, wanted)
        if following:
            states = following
        else:
            added.append(index)
    return added


def _steps(keys: list[list[str]], state: tuple[int, ...], key: str) -> list[tuple[int, ...]]:
    """Every way the next result event `key` can be taken from the parents at `state`."""
    able = [n for n, at in enumerate(state) if at < len(keys[n]) and keys[n][at] == key]
    steps = []
    for mask in range(1, 1 << len(able)):
        chosen = {able[bit] for bit in range(len(able)) if mask >> bit & 1}
        steps.append(tuple(at + (n in chosen) for n, at in enumerate(state)))
    return steps


def _counted_additions(keys: list[list[str]], wanted: list[str]) -> list[int]:
    """Events beyond what the parents together hold (a weaker check, for huge merges)."""
    available = Counter[str]()
    for parent in keys:
        available.update(parent)
    added = []
    for index, key in enumerate(wanted):
        if available[key] > 0:
            available[key] -= 1
        else:
            added.append(index)
    return added


def describe(event: Event) -> str:
    """A few words naming an event in a report: `status bogus`, `comment "..."`."""
    shape = to_json(event)
    detail = {"status": "status", "comment": "text", "set": "field", "evidence": "name"}
    value = str(shape.get(detail.get(str(shape["kind"]), "kind"), ""))
    shown = value if len(value) <= 40 else value[:39] + "…"
    return f"{shape['kind']} {shown!r}, {shape['date']}, by {shape['by']!r}"
