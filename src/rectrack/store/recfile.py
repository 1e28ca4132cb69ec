"""A recommendation's file (docs/format.md): parsed into a Recommendation, created, and
appended to. Events go through the one codec (domain/codec.py); YAML through yamldoc."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rectrack.domain import codec
from rectrack.domain.events import HEADER_FIELDS, Event
from rectrack.domain.state import Recommendation
from rectrack.errors import LedgerFormatError, RecordInvalid
from rectrack.store import itemlayout
from rectrack.store.files import MAX_FILE_BYTES, read_bytes
from rectrack.store.quickread import read_quickly


def parse_recommendation(data: bytes, *, rec_id: int, path: Path | str) -> Recommendation:
    """A recommendation from the bytes of its file, checked against docs/format.md.

    Three readers, fastest first, each declining what it cannot read exactly as YAML
    would: a file in rec's own shapes without any parser (quickread.py), one in rec's
    layout with its header through YAML and its items without, then the whole file.
    """
    quick = read_quickly(data, rec_id=rec_id, path=path) if len(data) <= MAX_FILE_BYTES else None
    return quick if quick is not None else parse_yaml(data, rec_id=rec_id, path=path)


def parse_yaml(data: bytes, *, rec_id: int, path: Path | str) -> Recommendation:
    """`parse_recommendation` through YAML only: the answer the quick reader must give."""
    document, raw_events = _in_layout(data, path=path) or _whole(data, path=path)
    with _located(path):
        header = codec.header_values(document)
        events = tuple(codec.from_item(item, index=i) for i, item in enumerate(raw_events, 1))
    return Recommendation(id=rec_id, header=header, events=events)


def _whole(data: bytes, *, path: Path | str) -> tuple[dict[Any, Any], list[Any]]:
    """(header mapping, event items) from one YAML parse of the whole file."""
    document = _load_yaml(data, path=path, aliases=False)
    if document is None:
        raise LedgerFormatError(path=path, detail="the file is empty (no header, no events)")
    if not isinstance(document, dict):
        raise LedgerFormatError(path=path, detail="the file must be a YAML mapping")
    if "events" not in document:
        raise LedgerFormatError(path=path, detail="no `events:` list")
    if list(document)[-1] != "events":
        raise LedgerFormatError(path=path, detail="`events:` must be the last key")
    raw_events = document.pop("events")
    if not isinstance(raw_events, list):
        raise LedgerFormatError(path=path, detail="`events:` must be a list")
    return document, raw_events


def _in_layout(data: bytes, *, path: Path | str) -> tuple[dict[Any, Any], list[Any]] | None:
    """The same as `_whole` for a file in rectrack's own layout, read much faster: the
    header through YAML, the event items (as rectrack writes them) without a parser.

    A general YAML parser costs ~0.1 ms an event, 10 s for a 100,000-event file; the
    simple items reader agrees with it (tests/store/test_itemlayout.py) or declines, and
    None sends the file to the full parse.
    """
    layout = itemlayout.split(data) if len(data) <= MAX_FILE_BYTES else None
    if layout is None or not layout.items or re.search(rb"(?m)^(%|---|\.\.\.)", layout.head):
        return None  # directives and document markers: the whole parse decides
    try:  # any fault is left for the whole parse to find and name
        head = _load_yaml(layout.head, path=path, aliases=False, whole=data)
        items = _items(layout.items, path=path, whole=data)
    except LedgerFormatError:
        return None
    if not isinstance(head, dict) or list(head)[-1:] != ["events"] or head["events"] is not None:
        return None
    if items is None:
        return None
    del head["events"]
    return head, items


def _items(chunks: tuple[bytes, ...], *, path: Path | str, whole: bytes) -> list[Any] | None:
    """Each item's mapping: simple ones read directly, the others by one YAML parse (by
    the parser the whole file would get). Each item the parser reads is followed by a
    stand-in item wherever the file has one, so that it ends as it does in the file; any
    surprise (None) sends the file to the whole parse.
    """
    each = [itemlayout.simple_items((chunk,)) for chunk in chunks]
    rest = [i for i, found in enumerate(each) if found is None]
    if not rest:
        return [found[0] for found in each if found is not None]
    last = len(chunks) - 1
    parts = [chunks[i] + (b"" if i == last else _STAND_IN) for i in rest]
    parsed = _load_yaml(b"".join(parts), path=path, aliases=False, whole=whole)
    wanted = len(rest) * 2 - (rest[-1] == last)
    if not isinstance(parsed, list) or len(parsed) != wanted:
        return None
    others = iter(parsed[::2])
    return [found[0] if found is not None else next(others) for found in each]


_STAND_IN = b"- 0\n"


def parse_laid_out(data: bytes, *, rec_id: int, path: Path | str) -> Recommendation:
    """What parse_recommendation gives, faster for files in rectrack's own layout: the
    header through YAML, simple event items through the YAML-free reader that verify's fast
    path uses (itemlayout.py, held to the parser by a property test). Anything else is
    parsed whole. For proving thousands of just-rendered files read back (an import)."""
    layout = itemlayout.split(data)
    mappings = None if layout is None else itemlayout.simple_items(layout.items)
    if layout is None or mappings is None or not layout.head.endswith(b"events:\n"):
        return parse_recommendation(data, rec_id=rec_id, path=path)
    head = parse_recommendation(layout.head[:-1] + b" []\n", rec_id=rec_id, path=path)
    events = events_from_items(mappings, first_index=1, path=path)
    return Recommendation(id=rec_id, header=head.header, events=events)


def parse_events(data: bytes, *, first_index: int, path: Path | str) -> tuple[Event, ...]:
    """Events from bytes holding only `- ` event items (an appended chunk of a file)."""
    items = _load_yaml(data, path=path, aliases=False)
    if not isinstance(items, list):
        raise LedgerFormatError(path=path, detail="appended bytes are not a list of events")
    return events_from_items(items, first_index=first_index, path=path)


def events_from_items(items: list[Any], *, first_index: int, path: Path | str) -> tuple[Event, ...]:
    """Events from already-parsed item mappings, numbered from `first_index`."""
    with _located(path):
        return tuple(codec.from_item(item, index=i) for i, item in enumerate(items, first_index))


@contextmanager
def _located(path: Path | str) -> Iterator[None]:
    """The codec's complaint, named by the file it came from."""
    try:
        yield
    except RecordInvalid as error:
        raise LedgerFormatError(path=path, detail=error.details["detail"]) from None


def render_new_file(*, header: Mapping[str, Any], events: Iterable[Event]) -> bytes:
    """The full text of a new recommendation file: header in a fixed order, events last."""
    ordered = {name: header.get(name) for name in HEADER_FIELDS}
    ordered.update({name: value for name, value in header.items() if name not in ordered})
    return (_dump_exact(ordered, as_item=False) + "events:\n").encode() + render_events(events)


def render_events(events: Iterable[Event]) -> bytes:
    """The bytes to append after the last event: one `- date: ...` item per event."""
    return b"".join(_render_event(event) for event in events)


def _render_event(event: Event) -> bytes:
    return _dump_exact(codec.to_item(event), as_item=True).encode()


def append_events(
    old: bytes, events: tuple[Event, ...], *, rec: Recommendation, path: Path
) -> bytes:
    """The file's new bytes: `old` plus the events, proven to parse back to rec + events."""
    prefix = old if old.endswith(b"\n") else old + b"\n"
    new = prefix + render_events(events)
    problem = LedgerFormatError(
        path=path, detail="appending would not add the events cleanly; check the file's end"
    )
    try:
        reparsed = parse_recommendation(new, rec_id=rec.id, path=path)
    except LedgerFormatError:
        raise problem from None
    if reparsed.header != rec.header or reparsed.events != rec.events + events:
        raise problem
    return new


def read_recommendation(path: Path, *, rec_id: int) -> Recommendation:
    return parse_recommendation(read_bytes(path), rec_id=rec_id, path=path)


def event_lines(data: bytes) -> list[int]:
    """The 1-based line number where each event item starts (for `git blame`)."""
    lines = data.decode("utf-8").splitlines()
    try:
        start = lines.index("events:")
    except ValueError:
        return []
    numbers: list[int] = []
    indent: str | None = None
    for number, line in enumerate(lines[start + 1 :], start + 2):
        stripped = line.lstrip(" ")
        if not stripped.startswith("- ") and stripped != "-":
            continue
        prefix = line[: len(line) - len(stripped)]
        if indent is None:
            indent = prefix
        if prefix == indent:
            numbers.append(number)
    return numbers


# The YAML door is imported only when a file is not in rec's own shapes, or is written.


def _load_yaml(data: bytes, *, path: Path | str, aliases: bool, whole: bytes | None = None) -> Any:
    from rectrack.store.yamldoc import load_yaml

    return load_yaml(data, path=path, aliases=aliases, whole=whole)


def _dump_exact(data: dict[str, Any], *, as_item: bool) -> str:
    from rectrack.store.yamldoc import dump_exact

    return dump_exact(data, as_item=as_item)
