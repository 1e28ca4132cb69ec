"""The YAML door: parsing and emitting YAML, the only module that imports ruamel.yaml.

Files are loaded with the safe loader (no arbitrary objects) and never re-dumped: a new
event is rendered on its own (`dump_exact`) and its bytes are appended, so earlier bytes
never change and git diffs only ever add lines.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import main as ruamel_main
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from rectrack.errors import InvalidValue, LedgerFormatError
from rectrack.store.files import MAX_FILE_BYTES

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
    (The two differ on a few odd inputs, e.g. a bare `!` tag: '' in one, null in the other;
    `load_yaml(whole=...)` lets a part of a file be read by the parser the whole would get.)
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


def load_yaml(
    data: bytes, *, path: Path | str, aliases: bool = True, whole: bytes | None = None
) -> Any:
    """Parse one YAML document safely, or raise LedgerFormatError.

    With `aliases=False` (recommendation files) any anchor or alias is refused at once.
    `whole`: `data` is part of this larger file; parse it as the whole file would be.
    """
    if len(data) > MAX_FILE_BYTES:
        raise LedgerFormatError(path=path, detail=f"file is over {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LedgerFormatError(path=path, detail=f"not UTF-8 ({error.reason})") from None
    try:
        chooser = text if whole is None else whole.decode("utf-8", "replace")
        return _loader(chooser, aliases=aliases).load(text)
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


def dump_exact(data: dict[str, Any], *, as_item: bool) -> str:
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
