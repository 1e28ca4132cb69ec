"""Text from people and files: what may be stored, and how it is shown.

Stored: a comment or any other text value is at most `limit` bytes of UTF-8 (1 MB unless
rectrack.yaml's `limits: {text_bytes: N}` says otherwise) and holds no NUL byte. A huge
value would make every later read of its file slow; a NUL cannot reach git's command line
and most tools cut text at it.

Exported to a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
return is a formula to Excel and its kin (`=HYPERLINK(...)` in a title would run on
double-click), so `guard_cell` writes it as text with a leading `'`, and `unguard_cell`
takes exactly that `'` off again when such a file is imported.

Shown: text from the ledger is data. `printable` writes control characters (escape
sequences included) and the invisible bidirectional overrides as visible escapes
(`\\x1b`, `\\u202e`), so a comment cannot move the cursor, recolour or retitle the
terminal, or make text read differently from what it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rectrack.domain.events import Comment, Event, EvidenceAdded, FieldChange, StatusChange
from rectrack.errors import InvalidValue

#: The default largest text value, in bytes of UTF-8.
DEFAULT_TEXT_BYTES = 1024 * 1024
#: The smallest limit a ledger may set: text shorter than this never needs the ledger's
#: configuration read (most writes, which then pay nothing for the check).
MIN_TEXT_BYTES = 1024

#: C0 controls but newline and tab, DEL, C1 controls, and the bidirectional marks and
#: overrides (U+200E/F, U+202A-E, U+2066-9): what a terminal would act on or hide.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control characters and escape sequences shown as escapes, not obeyed."""
    if text.isprintable():  # the usual case, in one C call
        return text
    return _UNSAFE.sub(_escape, text)


def printable_line(text: str) -> str:
    """`printable`, with newlines and tabs escaped too: text that must stay on one line."""
    return printable(text).replace("\t", "\\t").replace("\n", "\\n")


_NAMED = {"\r": "\\r", "\t": "\\t", "\n": "\\n"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def check_events_text(events: Iterable[Event], *, limit: Callable[[], int]) -> None:
    """InvalidValue for event text over `limit()` bytes or holding a NUL byte (`limit` is
    only asked for when some text is long enough for it to matter)."""
    for event in events:
        for what, value in _event_texts(event):
            check_text(value, what=what, limit=limit)


def check_header_text(header: Mapping[str, Any], *, limit: Callable[[], int]) -> None:
    """InvalidValue for a header value over `limit()` bytes or holding a NUL byte."""
    for name, value in header.items():
        for part in value if isinstance(value, list | tuple) else (value,):
            if isinstance(part, str):
                check_text(part, what=str(name), limit=limit)


def check_text(value: str, *, what: str, limit: Callable[[], int]) -> None:
    """InvalidValue, before anything is written, for text too long or holding a NUL byte."""
    if "\x00" in value:
        raise InvalidValue(
            what=what, reason="it contains a NUL byte (\\x00), which rectrack does not store"
        )
    if len(value) * 4 < MIN_TEXT_BYTES:  # at most 4 bytes a character: surely short enough
        return
    size = len(value.encode("utf-8", "surrogatepass"))
    if size >= MIN_TEXT_BYTES and size > (most := limit()):
        raise InvalidValue(
            what=what,
            reason=f"it is {_size(size)}, over the ledger's limit of {_size(most)} "
            "(`limits: text_bytes` in rectrack.yaml)",
        )


def _event_texts(event: Event) -> list[tuple[str, str]]:
    texts = [("by", event.by)]
    if isinstance(event, Comment):
        texts.append(("comment", event.text))
    elif isinstance(event, StatusChange):
        texts.append(("status", event.status))
    elif isinstance(event, FieldChange):
        values = event.value if isinstance(event.value, tuple | list) else (event.value,)
        texts += [(event.field, value) for value in values if isinstance(value, str)]
        texts += [("reason", event.reason)] if event.reason is not None else []
    elif isinstance(event, EvidenceAdded):
        texts += [("evidence name", event.name)]
        texts += [("url", event.url)] if event.url is not None else []
    return texts


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB ({count} bytes)"
    return f"{count} bytes"


#: What makes a spreadsheet read a cell as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: str) -> str:
    """`value` as a spreadsheet cell that is never a formula: `'` before a formula start
    (and before a value that already starts with `'`s and then one, so that `unguard_cell`
    gives back exactly `value`)."""
    if value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value
    return value


def unguard_cell(value: str) -> str:
    """The value `guard_cell` was given."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value
