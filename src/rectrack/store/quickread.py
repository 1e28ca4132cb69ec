"""Reading a whole recommendation file without a YAML parser, when it is as rec writes it.

Parsing with libyaml costs about a millisecond a file, and building the read cache after
a `git clone` parses every file. Files rec writes hold a header of `key: value` lines,
`key:` alone (no value) or followed by a `- item` list, `key: []`, and `|`/`|-` literal
blocks, then
`events:` and its items (itemlayout.py reads those). This module reads exactly those
shapes and gives up (None) on anything else, so the caller falls back to the YAML door;
a property test holds that whenever it answers, it answers as YAML does.
"""

from __future__ import annotations

import re
from pathlib import Path

from rectrack.domain import codec
from rectrack.domain.state import Recommendation
from rectrack.errors import LedgerFormatError, RecordInvalid
from rectrack.store.itemlayout import (
    EVENTS_LINE,
    literal_block,
    plain_scalar,
    simple_items,
    split,
)

_HEADER_LINE = re.compile(r"([a-z][a-z0-9_-]*):(?: (.*))?")
_LIST_ITEM = re.compile(r"- (.*)")
_ODD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\u2028\u2029\r]")


def read_quickly(data: bytes, *, rec_id: int, path: Path | str) -> Recommendation | None:
    """The recommendation in `data`, or None when the file is not in rec's own shapes.

    A file in those shapes whose values break docs/format.md is refused exactly as the
    full parser refuses it (the same codec checks both).
    """
    layout = split(data)
    if layout is None or not layout.items:  # `events:` with no items is YAML's null
        return None
    items = simple_items(layout.items)
    header = _header(layout.head[: -len(EVENTS_LINE)])
    if items is None or header is None:
        return None
    try:
        values = codec.header_values(header)
        events = tuple(codec.from_item(item, index=i) for i, item in enumerate(items, 1))
    except RecordInvalid as error:
        raise LedgerFormatError(path=path, detail=error.details["detail"]) from None
    return Recommendation(id=rec_id, header=values, events=events)


def _header(data: bytes) -> dict[str, object] | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _ODD_CHARS.search(text) or text.startswith("\ufeff"):
        return None
    lines = text.split("\n")[:-1]
    header: dict[str, object] = {}
    index = 0
    while index < len(lines):
        match = _HEADER_LINE.fullmatch(lines[index])
        if match is None or match.group(1) in header:
            return None
        key, raw = match.group(1), match.group(2)
        value, index = _value(lines, index + 1, key=key, raw=raw)
        if value is _UNREAD:
            return None
        header[key] = value
    return header


_UNREAD = object()


def _value(lines: list[str], index: int, *, key: str, raw: str | None) -> tuple[object, int]:
    """The value of `key` whose first line held `raw`, and the index of the next key."""
    if raw is None:
        items: list[object] = []
        while index < len(lines) and (found := _LIST_ITEM.fullmatch(lines[index])):
            item = plain_scalar(found.group(1), key="")
            if not isinstance(item, str):
                return _UNREAD, index
            items.append(item)
            index += 1
        return (items or None), index
    if raw == "[]":  # an empty list, as rec writes a recommendation without tags
        return [], index
    if raw in ("|", "|-"):
        block, index = literal_block(lines, index, keep_newline=raw == "|", indent=2)
        return (_UNREAD if block is None else block), index
    value = plain_scalar(raw, key=key)
    return (_UNREAD if value is None else value), index
