"""The line layout of a recommendation file, read without a YAML parser.

rectrack writes `events:` as the last top-level key with its items at column 0
(`- date: ...` followed by indented lines). Knowing that layout lets verify accept a pure
append without re-parsing a whole file, and lets the merge driver move whole event items
between versions byte for byte. Every function here answers None when a file does not
follow the layout, and callers then fall back to a full parse.
"""

from __future__ import annotations

import datetime as dt
import re
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


# --- reading the simple items rectrack writes, without a YAML parser --------------------------
# Parsing appended items with ruamel costs ~2 ms each, most of `rec verify`'s time. Nearly
# every item rectrack writes has one of a few shapes: `key: plain words`, `key: 'quoted'`,
# `date: YYYY-MM-DD`, or a `|`/`|-` literal block. These are read here; anything else
# (flow collections, double quotes, tags, numbers, booleans...) makes the function answer
# None and the caller uses the real YAML parser. A property test checks both agree.

_KEY_LINE = re.compile(r"(?:- |  )([a-z]+):(?: (.*))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`<=~.+0123456789 \t")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
_ODD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\u2028\u2029\r]")


def simple_items(items: tuple[bytes, ...]) -> list[dict[str, object]] | None:
    """The mappings these event items hold, or None if any is not a simple shape."""
    mappings = []
    for item in items:
        try:
            text = item.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if _ODD_CHARS.search(text):
            return None
        mapping = _simple_item(text.split("\n")[:-1])
        if mapping is None:
            return None
        mappings.append(mapping)
    return mappings


def _simple_item(lines: list[str]) -> dict[str, object] | None:
    mapping: dict[str, object] = {}
    index = 0
    while index < len(lines):
        match = _KEY_LINE.fullmatch(lines[index])
        if match is None or (index == 0) != lines[index].startswith("- "):
            return None
        key, raw = match.group(1), match.group(2)
        if key in mapping or raw is None:
            return None
        index += 1
        if raw in ("|", "|-"):
            block, index = literal_block(lines, index, keep_newline=raw == "|", indent=4)
            if block is None:
                return None
            mapping[key] = block
            continue
        value = plain_scalar(raw, key=key)
        if value is None:
            return None
        mapping[key] = value
    return mapping


def plain_scalar(raw: str, *, key: str) -> object | None:
    """A one-line value: a date, a 'quoted' or plain string; None when YAML might differ."""
    if key == "date" or _DATE.fullmatch(raw):
        if not _DATE.fullmatch(raw):
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    if quoted := _SINGLE.fullmatch(raw):
        return quoted.group(1).replace("''", "'")
    if (
        not raw
        or raw[0] in _UNSAFE_START
        or raw[-1] in " :\t"
        or ": " in raw
        or " #" in raw
        or "\t" in raw
        or raw.lower() in _RESERVED
    ):
        return None
    return raw


def literal_block(
    lines: list[str], index: int, *, keep_newline: bool, indent: int
) -> tuple[str | None, int]:
    """A `|` or `|-` block whose lines are indented `indent` spaces (blank lines empty)."""
    content: list[str] = []
    prefix = " " * indent
    while index < len(lines) and (lines[index] == "" or lines[index].startswith(prefix)):
        content.append(lines[index][indent:])
        index += 1
    if not content or content[0] == "" or content[0].startswith((" ", "\t")):
        # a leading blank or deeper first line, or a tab where libyaml still looks for
        # the block's indentation (it refuses that): leave it to the parser
        return None, index
    if any(line and not line.strip() for line in content):
        return None, index  # lines of spaces only: YAML's rules there are subtle
    while content and content[-1] == "":
        content.pop()
    text = "\n".join(content)
    return (text + "\n" if keep_newline else text), index
