"""The line layout of a recommendation file, read without a YAML parser.

rectrack writes `events:` as the last top-level key with its items at column 0
(`- date: ...` followed by indented lines). Knowing that layout lets verify accept a pure
append without re-parsing a whole file, and lets the merge driver move whole event items
between versions byte for byte. Every function here answers None when a file does not
follow the layout, and callers then fall back to a full parse.
"""

from __future__ import annotations

from dataclasses import dataclass

EVENTS_LINE = b"events:\n"


@dataclass(frozen=True, kw_only=True)
class Layout:
    """A file cut into its head (everything up to and including `events:`) and its items."""

    head: bytes
    items: tuple[bytes, ...]


def split(data: bytes) -> Layout | None:
    """Cut a file into head and event items, or None if it is not in rectrack's layout."""
    if not data.endswith(b"\n"):
        return None
    if data.startswith(EVENTS_LINE):
        start = len(EVENTS_LINE)
    else:
        marker = data.rfind(b"\n" + EVENTS_LINE)
        if marker < 0:
            return None
        start = marker + 1 + len(EVENTS_LINE)
    items = split_items(data[start:])
    if items is None:
        return None
    return Layout(head=data[:start], items=items)


def split_items(chunk: bytes) -> tuple[bytes, ...] | None:
    """Cut bytes that follow `events:` into whole `- ` items, or None if they are not only that.

    Every line must start an item (`- ` or `-` alone at column 0), be indented (it belongs
    to the item above), or be blank inside an item. A line at column 0 that is anything
    else (a key after the events, `...`, a comment) means the chunk is not plain items.
    """
    if not chunk:
        return ()
    if not chunk.endswith(b"\n"):
        return None
    items: list[bytes] = []
    current: list[bytes] = []
    for line in chunk.splitlines(keepends=True):
        if line.startswith((b"- ", b"-\n")):
            if current:
                items.append(b"".join(current))
            current = [line]
        elif not current:
            return None
        elif line.startswith(b" ") or line == b"\n":
            current.append(line)
        else:
            return None
    items.append(b"".join(current))
    return tuple(items)


def appended_items(old: bytes, new: bytes) -> tuple[bytes, ...] | None:
    """The whole items `new` adds after `old`, when `new` is `old` plus whole items only.

    None when `old` is not a byte prefix of `new` or the added bytes are anything but
    complete `- ` items starting at a line start (an extra indented line extends the last
    event, and a column-0 key adds a field after the events: both are edits).
    """
    if not new.startswith(old):
        return None
    added = new[len(old) :]
    if old and not old.endswith(b"\n"):
        if not added.startswith(b"\n"):
            return None
        added = added[1:]
    return split_items(added)
