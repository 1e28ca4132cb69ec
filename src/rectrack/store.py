"""Reading and appending recommendation files and rectrack.yaml (docs/format.md).

The only module that imports ruamel.yaml. Files are loaded with the safe loader (no
arbitrary objects) and never re-dumped: a new event is rendered on its own and its bytes
are appended, so earlier bytes never change and git diffs only ever add lines.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import main as ruamel_main
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from rectrack.domain import codec
from rectrack.domain.events import HEADER_FIELDS, Event
from rectrack.domain.state import Recommendation
from rectrack.errors import InvalidValue, LedgerFormatError, RecordInvalid

#: Files larger than this are refused before parsing (a hostile or broken file).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: libyaml (ruamel.yaml.clib) nests on the C stack and crashes the process somewhere past
#: 20,000 levels; documents that might nest deeper than this go to the pure parser, which
#: stops cleanly with RecursionError. The bound counts flow brackets plus the longest line
#: (block nesting needs one more column per level), so it over-estimates the depth.
_C_PARSER_DEPTH_BOUND = 8000
_NO_C_PARSER = getattr(ruamel_main, "CParser", None) is None


class _AliasRefused(Exception):
    """An anchor or alias in a file that must not have any."""


class _NoAliasComposer(Composer):
    """A composer that refuses anchors and aliases: events never need them, and an alias
    bomb (a few lines that expand to billions of nodes) must be stopped before it grows."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent) or self.parser.peek_event().anchor is not None:
            raise _AliasRefused
        return super().compose_node(parent, index)


def _loader(text: str, *, aliases: bool = True) -> YAML:
    """The safe loader: libyaml's parser when installed (~10x faster), else pure Python.

    libyaml composes in C, past the alias-refusing composer, so a document that may hold an
    anchor or alias (any `&` or `*` at all) goes to the pure parser when they are refused.
    """
    pure = _NO_C_PARSER or not _shallow(text) or (not aliases and ("&" in text or "*" in text))
    yaml = YAML(typ="safe", pure=pure)
    if not aliases:
        yaml.Composer = _NoAliasComposer
    return yaml


def _shallow(text: str) -> bool:
    longest = max(map(len, text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest < _C_PARSER_DEPTH_BOUND


def _dumper() -> YAML:
    yaml = YAML()
    yaml.width = 1_000_000  # never fold: long comments must round-trip exactly
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def load_yaml(data: bytes, *, path: Path | str, aliases: bool = True) -> Any:
    """Parse one YAML document safely, or raise LedgerFormatError.

    With `aliases=False` (recommendation files) any anchor or alias is refused at once.
    """
    if len(data) > MAX_FILE_BYTES:
        raise LedgerFormatError(path=path, detail=f"file is over {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LedgerFormatError(path=path, detail=f"not UTF-8 ({error.reason})") from None
    try:
        return _loader(text, aliases=aliases).load(text)
    except _AliasRefused:
        raise LedgerFormatError(
            path=path, detail="YAML anchors and aliases (& and *) are not allowed here"
        ) from None
    except YAMLError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "bad YAML"
        raise LedgerFormatError(path=path, detail=f"not valid YAML: {first_line}") from None
    except RecursionError:
        raise LedgerFormatError(path=path, detail="YAML nested too deeply") from None
    except (ValueError, TypeError) as error:  # e.g. the loader's own date 2019-02-31
        raise LedgerFormatError(path=path, detail=f"bad value in YAML: {error}") from None


# --- recommendations -----------------------------------------------------------------------


def parse_recommendation(data: bytes, *, rec_id: int, path: Path | str) -> Recommendation:
    """A recommendation from the bytes of its file, checked against docs/format.md."""
    document = load_yaml(data, path=path, aliases=False)
    if not isinstance(document, dict):
        raise LedgerFormatError(path=path, detail="the file must be a YAML mapping")
    if "events" not in document:
        raise LedgerFormatError(path=path, detail="no `events:` list")
    if list(document)[-1] != "events":
        raise LedgerFormatError(path=path, detail="`events:` must be the last key")
    raw_events = document.pop("events")
    if not isinstance(raw_events, list):
        raise LedgerFormatError(path=path, detail="`events:` must be a list")
    with _located(path):
        header = codec.header_values(document)
        events = tuple(codec.from_item(item, index=i) for i, item in enumerate(raw_events, 1))
    return Recommendation(id=rec_id, header=header, events=events)


def parse_events(data: bytes, *, first_index: int, path: Path | str) -> tuple[Event, ...]:
    """Events from bytes holding only `- ` event items (an appended chunk of a file)."""
    items = load_yaml(data, path=path, aliases=False)
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


# --- rendering new bytes -------------------------------------------------------------------


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


def _dump_exact(data: dict[str, Any], *, as_item: bool) -> str:
    """YAML for `data` (as a mapping, or as one `- ` list item) that reads back exactly.

    Multi-line strings are tried as literal blocks first, for people reading the file; the
    few strings a block cannot hold exactly (carriage returns, control characters) are
    double-quoted instead.
    """
    for literal in (True, False):
        styled = {key: _yaml_value(value, literal=literal) for key, value in data.items()}
        buffer = io.StringIO()
        _dumper().dump([styled] if as_item else styled, buffer)
        text = buffer.getvalue().removesuffix("...\n")
        try:
            loaded = _loader(text).load(text)
        except YAMLError:
            continue
        if _plain(loaded[0] if as_item else loaded) == _plain(data):
            return text
    raise InvalidValue(what="text", reason="it cannot be stored exactly in YAML")


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in item.items()}


def _yaml_value(value: Any, *, literal: bool = True) -> Any:
    if isinstance(value, str):
        _check_text(value)
        if not literal:
            return DoubleQuotedScalarString(value)
        return LiteralScalarString(value) if "\n" in value else value
    if isinstance(value, tuple):
        return [_yaml_value(part, literal=literal) for part in value]
    return value


def _check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(what="text", reason="it is not valid Unicode") from None


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


# --- files ---------------------------------------------------------------------------------


def read_recommendation(path: Path, *, rec_id: int) -> Recommendation:
    return parse_recommendation(read_bytes(path), rec_id=rec_id, path=path)


def read_bytes(path: Path) -> bytes:
    """A ledger file's bytes, refusing huge files and symlinks out of the ledger first."""
    _check_inside_ledger(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise LedgerFormatError(path=path, detail=f"file is over {MAX_FILE_BYTES} bytes")
    return path.read_bytes()


def _check_inside_ledger(path: Path) -> None:
    """Refuse a ledger file that is (or sits behind) a symlink leading out of the ledger.

    Ledger files live at <root>/rectrack.yaml and <root>/recs/<id>.yaml, so the root
    follows from the path's shape; a link to /etc/passwd or another ledger is refused.
    """
    root = path.parent.parent if path.parent.name == "recs" else path.parent
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise LedgerFormatError(
            path=path, detail=f"is a symlink to {target}, outside the ledger: refused"
        )


def write_atomic(path: Path, data: bytes, *, read_only: bool = False) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never half."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes files 0600; keep the mode the file had, or the usual 0644.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, 0o444 if read_only else mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


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
