"""The YAML door: parsing and emitting YAML, the only module that imports ruamel.yaml.

Files are loaded with the safe loader (no arbitrary objects) and never re-dumped: a new
event is rendered on its own (`dump_exact`) and its bytes are appended, so earlier bytes
never change and git diffs only ever add lines. ruamel.yaml is imported only when a
document is parsed or an uncommon value written (~10 ms, and as much again the first time
it parses): `rec comment` and `rec status` on files in rec's own layout never need it
(store/quickread.py reads them; `_direct` writes the common shapes).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectrack.errors import InvalidValue, LedgerFormatError
from rectrack.store.files import MAX_FILE_BYTES

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer

#: libyaml (ruamel.yaml.clib) nests on the C stack and crashes the process somewhere past
#: 20,000 levels; documents that might nest deeper than this go to the pure parser, which
#: stops cleanly with RecursionError. The bound counts flow brackets plus the longest line
#: (block nesting needs one more column per level), so it over-estimates the depth.
_C_PARSER_DEPTH_BOUND = 8000


class _AliasRefused(Exception):
    """An anchor or alias in a file that must not have any."""


@functools.cache
def _no_alias_composer() -> type[Composer]:
    """A composer that refuses anchors and aliases: events never need them, and an alias
    bomb (a few lines that expand to billions of nodes) must be stopped before it grows."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent

    class NoAliasComposer(Composer):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.parser.check_event(AliasEvent) or self.parser.peek_event().anchor is not None:
                raise _AliasRefused
            return super().compose_node(parent, index)

    return NoAliasComposer


def _loader(text: str, *, aliases: bool = True) -> YAML:
    """The safe loader: libyaml's parser when installed (~10x faster), else pure Python.

    libyaml composes in C, past the alias-refusing composer, so a document that may hold an
    anchor or alias goes to the pure parser when they are refused (`_may_alias`).
    (The two differ on a few odd inputs, e.g. a bare `!` tag: '' in one, null in the other;
    `load_yaml(whole=...)` lets a part of a file be read by the parser the whole would get.)
    """
    from ruamel.yaml import YAML
    from ruamel.yaml import main as ruamel_main

    no_c_parser = getattr(ruamel_main, "CParser", None) is None
    pure = no_c_parser or not _shallow(text) or (not aliases and _may_alias(text))
    yaml = YAML(typ="safe", pure=pure)
    if not aliases:
        yaml.Composer = _no_alias_composer()
    return yaml


#: An anchor (`&a`) or alias (`*a`) has a name and can only begin a node: at the start of
#: a line, or after an indicator (`- `, `: `, `? `, a flow bracket or comma) or a tag, with
#: only spaces between. `D&C`, `2*3`, ` & ` and `word &.` cannot be one.
_NODE_START_ANCHOR = re.compile(
    r"(?:^|[\[\]{},:?\-\r\x85\u2028\u2029\ufeff]|![^\s]*)[ \t]*[&*][^\s\[\]{},]", re.M
)


def _may_alias(text: str) -> bool:
    return _NODE_START_ANCHOR.search(text) is not None


def _shallow(text: str) -> bool:
    longest = max(map(len, text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest < _C_PARSER_DEPTH_BOUND


def _dumper() -> YAML:
    from ruamel.yaml import YAML

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
    from ruamel.yaml.error import YAMLError

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
    double-quoted instead. The common shapes are written directly (`_direct`), byte for
    byte as ruamel writes them, so an import of thousands of files does not pay ruamel's
    emitter for each event.
    """
    direct = _direct(data, as_item=as_item)
    return direct if direct is not None else _ruamel_dump(data, as_item=as_item)


def _ruamel_dump(data: dict[str, Any], *, as_item: bool) -> str:
    from ruamel.yaml.error import YAMLError

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
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

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


# --- the common shapes, written directly -----------------------------------------------------
# Names, dates, one-line text and paragraphs of text make up nearly every file. For those,
# ruamel's choices are simple (its emitter's `analyze_scalar` and `choose_scalar_style`):
# plain where plain reads back as the same string, else single quotes; a multi-line string
# is a `|-` block. Anything else (empty strings, quotes that would need doubling, control
# characters, trailing spaces, lists...) returns None and goes through ruamel itself.
# tests/store/test_yamldoc.py holds the two writers to the same bytes.

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")


def _direct(data: dict[str, Any], *, as_item: bool) -> str | None:
    """`data` as ruamel would write it, if every value has a common shape; else None."""
    indent = "  " if as_item else ""
    lines = []
    for index, (key, value) in enumerate(data.items()):
        if not isinstance(key, str) or not _KEY.fullmatch(key) or not _reads_as_str(key):
            return None
        lead = "- " if as_item and index == 0 else indent
        if value is None:
            lines.append(f"{lead}{key}:\n")
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            lines.append(f"{lead}{key}: {value.isoformat()}\n")
        elif isinstance(value, str) and (text := _direct_text(value, indent + "  ")) is not None:
            lines.append(f"{lead}{key}: {text}")
        else:
            return None
    return "".join(lines) if lines else None


def _direct_text(value: str, indent: str) -> str | None:
    """A string's YAML after `key: `, with its line end; None if ruamel must decide."""
    if not value or _UNPRINTABLE.search(value):
        return None
    if "\n" not in value:
        if _plain_allowed(value) and _reads_as_str(value):
            return value + "\n"
        # ruamel double-quotes a string holding ' rather than doubling the quote.
        return None if "'" in value else f"'{value}'\n"
    lines = value.split("\n")
    if value[0] in " \n" or value.endswith("\n") or any(line.endswith(" ") for line in lines):
        return None  # an indentation indicator, keep (+) chomping or trailing spaces
    return "|-\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


#: What ruamel does not write as itself (with allow_unicode): controls, a byte-order mark,
#: line separators other than \n, surrogates and U+FFFE/U+FFFF. Written as the characters
#: outside ruamel's printable set (`[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-]`),
#: which compiles in a tenth of the time of that negated class (~5 ms on every write).
_UNPRINTABLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]"
)


def _plain_allowed(value: str) -> bool:
    """ruamel's `analyze_scalar` for one line of printable text in a block mapping."""
    if value[0] == " " or value[-1] == " " or value.startswith(("---", "...")):
        return False
    first, second = value[0], value[1:2]
    if first in _LEADING_INDICATORS:
        return False
    if first in "?:-" and second in ("", " "):
        return False
    return ": " not in value and not value.endswith(":") and " #" not in value


#: YAML 1.2's implicit types, as ruamel.yaml resolves a plain scalar (resolver.py, the
#: resolvers for version (1, 2)), by the characters they start with: a plain value one of
#: them matches is not read back as a string. tests/store/test_yamldoc.py holds the two
#: to the same answers. Patterns (verbose) are compiled the first time a value starting
#: with one of their characters is written: most text never needs one.
_IMPLICIT = (
    ("tTfF", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("-+0123456789.", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$"""),
    ("-+0123456789", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$"""),
    ("<", r"^(?:<<)$"),
    ("~nN", r"""^(?: ~
        |null|Null|NULL
        | )$"""),
    ("0123456789", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"""),
    ("=", r"^(?:=)$"),
    ("!&*", r"^(?:!|&|\*)$"),
)  # fmt: skip


def _reads_as_str(value: str) -> bool:
    """True if `value` written plain reads back as a string (not a number, date, null...)."""
    first = value[0]
    return not any(
        first in starts and re.match(pattern, value, re.X) for starts, pattern in _IMPLICIT
    )
