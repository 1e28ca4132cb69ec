"""Corrections: a comment's text amended, an event withdrawn, and nothing rewritten.

A correction is an event appended like any other; it points to the event it corrects by
number (1 is the first event, as `rec show` numbers them). The rules (docs/format.md,
"Corrections"):

- `amend N`: the comment that is event N now reads the amendment's text. Only comments
  are amended; a later amendment of the same comment wins, and every earlier text stays
  in the file (`rec show --history`).
- `retract N`: event N is withdrawn and no longer counts: a withdrawn comment is not
  searched, withdrawn evidence no longer satisfies `requires_evidence`, a withdrawn field
  change no longer changes the field. Withdrawing an amendment brings back the text the
  comment had before it.
- never corrected: a status change (a new status change corrects it), a due-date change
  (every move is part of the slippage record: set the date again with a reason), a
  withdrawal (final: record the event again instead), an event already withdrawn, an
  amendment by another amendment (amend the comment itself), and anything at or after
  the correction's own place.

Only a hand edit can write a correction that breaks these rules: it changes nothing, and
`rec verify` reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rectrack.domain.codec import to_json
from rectrack.domain.events import Amendment, Comment, Event, FieldChange, Retraction, StatusChange

_NAMES = {"status": "a status change", "comment": "a comment", "set": "a field change",
          "evidence": "evidence", "amend": "an amendment", "retract": "a withdrawal"}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Standing:
    """One event as it stands after the corrections that point to it."""

    number: int
    event: Event
    #: The amendments in effect, oldest first, as (number, amendment): the last one's text
    #: is the comment's current text.
    amended: tuple[tuple[int, Amendment], ...] = ()
    #: The withdrawal in effect, as (number, retraction).
    withdrawn: tuple[int, Retraction] | None = None
    #: For a correction that breaks the rules: why it changes nothing.
    ignored: str | None = None
    #: For a correction: the number of the event it points to.
    target: int | None = None

    @property
    def is_correction(self) -> bool:
        return isinstance(self.event, Amendment | Retraction)

    @property
    def text(self) -> str | None:
        """A comment's current text (the last amendment's, else its own); None otherwise."""
        if self.amended:
            return self.amended[-1][1].text
        return self.event.text if isinstance(self.event, Comment) else None

    @property
    def mark(self) -> str | None:
        """How it was corrected, in words: `amended 2026-11-29 by Jo`, `withdrawn 2026-11-29
        by Jo: wrong recommendation` (None: it stands as recorded)."""
        marks = []
        if self.amended:
            last = self.amended[-1][1]
            marks.append(f"amended {last.date} by {last.by}")
        if self.withdrawn is not None:
            withdrawal = self.withdrawn[1]
            marks.append(f"withdrawn {withdrawal.date} by {withdrawal.by}: {withdrawal.reason}")
        return "; ".join(marks) or None

    def describe(self) -> str:
        """A correction in words: `amended event 3`, `withdrew event 3: REASON`."""
        event = self.event
        if isinstance(event, Amendment):
            what = f"amended event {self.target}"
        elif isinstance(event, Retraction):
            what = f"withdrew event {self.target}: {event.reason}"
        else:
            return event.kind
        return what + (f" (changes nothing: {self.ignored})" if self.ignored else "")

    def as_json(self) -> dict[str, Any]:
        """The event's JSON (as recorded), its number, and how it stands (docs/format.md)."""
        data: dict[str, Any] = {"number": self.number, **to_json(self.event)}
        if self.target is not None:
            data["event"] = self.target
        if self.amended:
            data["amended_text"] = self.text
            data["amended_in"] = self.amended[-1][0]
        if self.withdrawn is not None:
            data["withdrawn_in"] = self.withdrawn[0]
            data["withdrawn_reason"] = self.withdrawn[1].reason
        if self.ignored is not None:
            data["ignored"] = self.ignored
        return data


def has_corrections(events: Sequence[Event]) -> bool:
    return any(isinstance(event, Amendment | Retraction) for event in events)


def standings(events: Sequence[Event], *, numbers: Sequence[int] = ()) -> tuple[Standing, ...]:
    """Every event with the corrections in effect on it (`numbers`: shown numbers, if not 1..n)."""
    shown = list(numbers) or list(range(1, len(events) + 1))
    if not has_corrections(events):
        return tuple(Standing(number=n, event=e) for n, e in zip(shown, events, strict=True))
    amended, withdrawn, ignored = _resolve(events)

    def as_shown(position: int) -> int:  # a view of part of the events renumbers them
        return shown[position - 1] if 1 <= position <= len(shown) else position

    found = []
    for index, event in enumerate(events):
        pairs = tuple((as_shown(n), amendment) for n, amendment in amended.get(index + 1, ()))
        withdrawal = withdrawn.get(index + 1)
        pointer = event.event if isinstance(event, Amendment | Retraction) else None
        found.append(Standing(
            number=shown[index], event=event, amended=pairs, ignored=ignored.get(index + 1),
            withdrawn=None if withdrawal is None else (as_shown(withdrawal[0]), withdrawal[1]),
            target=None if pointer is None else as_shown(pointer),
        ))  # fmt: skip
    return tuple(found)


def _resolve(
    events: Sequence[Event],
) -> tuple[
    dict[int, list[tuple[int, Amendment]]], dict[int, tuple[int, Retraction]], dict[int, str]
]:
    """(amendments in effect, withdrawals, ignored corrections), keyed by event number."""
    amended: dict[int, list[tuple[int, Amendment]]] = {}
    withdrawn: dict[int, tuple[int, Retraction]] = {}
    ignored: dict[int, str] = {}
    for index, event in enumerate(events):
        if not isinstance(event, Amendment | Retraction):
            continue
        number = index + 1
        if problem := _problem(events, index, withdrawn=withdrawn, ignored=ignored):
            ignored[number] = problem
        elif isinstance(event, Amendment):
            amended.setdefault(event.event, []).append((number, event))
        else:
            withdrawn[event.event] = (number, event)
            target = events[event.event - 1]
            if isinstance(target, Amendment):  # the comment's text before it comes back
                kept = amended.get(target.event, [])
                amended[target.event] = [pair for pair in kept if pair[0] != event.event]
    return amended, withdrawn, ignored


def effective_events(events: Sequence[Event]) -> tuple[Event, ...]:
    """The events that count: corrections and withdrawn events left out, comments amended."""
    if not has_corrections(events):
        return tuple(events)
    counted: list[Event] = []
    for standing in standings(events):
        event = standing.event
        if standing.is_correction or standing.withdrawn is not None:
            continue
        if standing.amended and isinstance(event, Comment):
            event = Comment(date=event.date, by=event.by, text=standing.text or "")
        counted.append(event)
    return tuple(counted)


def correction_problem(events: Sequence[Event], correction: Amendment | Retraction) -> str | None:
    """Why `correction`, appended after `events`, may not correct what it points to."""
    found = standings((*events, correction))[-1]
    return found.ignored


def _problem(
    events: Sequence[Event], index: int, *, withdrawn: dict[int, Any], ignored: dict[int, str]
) -> str | None:
    correction = events[index]
    assert isinstance(correction, Amendment | Retraction)
    number = correction.event
    if not 1 <= number <= index:
        return f"there is no event {number} before it"
    target = events[number - 1]
    if isinstance(target, StatusChange):
        return (
            f"event {number} is a status change: a status is corrected by a new status "
            "change (`rec status ID STATUS --comment WHY`), never withdrawn or amended"
        )
    if number in ignored:
        return f"event {number} is a correction that changes nothing ({ignored[number]})"
    if number in withdrawn:
        return f"event {number} is already withdrawn (by event {withdrawn[number][0]})"
    if isinstance(correction, Amendment):
        if isinstance(target, Amendment):
            return (
                f"event {number} is an amendment: amend the comment itself (event {target.event})"
            )
        if not isinstance(target, Comment):
            return (
                f"only a comment's text can be amended, and event {number} is {_NAMES[target.kind]}"
            )
        return None
    if isinstance(target, Retraction):
        return f"event {number} is a withdrawal, which is final: record the event again instead"
    if isinstance(target, FieldChange) and target.field == "due":
        return (
            f"event {number} moved the due date, and every move stays on record: set the "
            "date again with a reason (`rec set ID due DATE --reason WHY`)"
        )
    return None


def part(events: Sequence[Event], kept: Sequence[int]) -> tuple[tuple[Event, ...], tuple[int, ...]]:
    """The events at the (ascending) indexes `kept`, for a view of part of them (`--as-at`).

    Returns the events, corrections pointing to their target's new place (one whose target
    is left out is left out too), and each one's number in the whole list, to show.
    """
    final: list[int] = []
    for old in kept:
        event = events[old]
        if isinstance(event, Amendment | Retraction) and event.event - 1 not in final:
            continue
        final.append(old)
    place = {old: new for new, old in enumerate(final, 1)}
    result: list[Event] = []
    for old in final:
        event = events[old]
        if isinstance(event, Amendment):
            event = Amendment(date=event.date, by=event.by, event=place[event.event - 1],
                              text=event.text)  # fmt: skip
        elif isinstance(event, Retraction):
            event = Retraction(date=event.date, by=event.by, event=place[event.event - 1],
                               reason=event.reason)  # fmt: skip
        result.append(event)
    return tuple(result), tuple(old + 1 for old in final)


def moved_targets(result: Sequence[Event], side: Sequence[Event]) -> list[int]:
    """Numbers that `side`'s corrections point to where `result` (a merge of `side` with
    other events) holds a different event: merging must not move what a correction means."""
    moved = []
    for event in side:
        if isinstance(event, Amendment | Retraction) and 1 <= event.event <= len(side):
            number = event.event
            if number > len(result) or result[number - 1] != side[number - 1]:
                moved.append(number)
    return sorted(set(moved))
