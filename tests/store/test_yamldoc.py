"""The store's choice of YAML parser: libyaml when installed, never a crash, same answers."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from rectrack.domain.events import Comment
from rectrack.errors import LedgerFormatError
from rectrack.store import recfile, yamldoc

PATH = Path("recs/1.yaml")


@pytest.mark.parametrize("depth", [100, 30_000, 200_000])
def test_deep_nesting_is_a_format_error_not_a_crash(depth: int) -> None:
    """libyaml would overflow the C stack; such documents go to the pure parser instead."""
    code = (
        "from rectrack.store import yamldoc\n"
        "from rectrack.errors import LedgerFormatError\n"
        f"data = b'title: ' + b'[' * {depth} + b']' * {depth} + b'\\nevents: []\\n'\n"
        "try:\n    yamldoc.load_yaml(data, path='x')\nexcept LedgerFormatError as e:\n"
        "    print('refused', e.message)\nelse:\n    print('loaded')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # a segfault would be -11
    assert result.stdout.startswith("loaded" if depth == 100 else "refused")


@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=200))
def test_both_parsers_read_an_event_the_same(text: str) -> None:
    """Whatever the comment, the pure and libyaml parsers give the same event back."""
    chunk = recfile.render_events([Comment(date=dt.date(2018, 3, 27), by="me", text=text)])
    pure = YAML(typ="safe", pure=True).load(chunk.decode())
    fast = YAML(typ="safe").load(chunk.decode())
    assert pure == fast


def test_a_parsed_file_is_the_same_with_either_parser() -> None:
    """The demo ledger's files parse to equal recommendations."""
    for path in sorted(Path(__file__).resolve().parents[2].glob("recs/*.yaml")):
        data = path.read_bytes()
        pure = YAML(typ="safe", pure=True).load(data.decode())
        assert yamldoc.load_yaml(data, path=path) == pure


def test_bad_yaml_is_still_a_format_error() -> None:
    """Broken YAML is refused with one line, whichever parser read it."""
    with pytest.raises(LedgerFormatError, match="not valid YAML"):
        yamldoc.load_yaml(b"title: [unclosed\nevents:\n", path=PATH)


# --- the direct writer against ruamel's ---------------------------------------------------

# Text as tracker pages and people write it: letters, digits, punctuation, typographic marks,
# YAML's indicators, spaces and line breaks, and now and then anything at all.
_TYPED = st.text(
    st.sampled_from([*"aZ09 -:#'\"?,.&*!|>%@`[]{}~=<\n", "“", "–", "é", "€", "𝄞"]),
    max_size=40,
)
_ANY = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
_VALUES = st.one_of(
    _TYPED, _ANY, st.none(), st.dates(), st.sampled_from(["5", "true", "null", "~", "2020-01-01",
    "yes", "1.5", "- x", "a: b", "a #b", "---x", "...", " a", "a ", "x\n", "\nx", "x\n\ny"]),
)  # fmt: skip
_KEYS = st.one_of(st.sampled_from(["title", "date", "by", "comment", "null", "true", "x_1"]),
                  st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))  # fmt: skip


@given(data=st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=5), as_item=st.booleans())
def test_direct_writer_gives_ruamels_bytes(data: dict[str, object], as_item: bool) -> None:
    """Whatever the direct writer writes is byte for byte what ruamel writes, and reads back."""
    direct = yamldoc._direct(data, as_item=as_item)
    if direct is None:
        return
    assert direct == yamldoc._ruamel_dump(data, as_item=as_item)
    loaded = yamldoc.load_yaml(direct.encode(), path=PATH)
    assert (loaded[0] if as_item else loaded) == data


def test_direct_writer_takes_the_common_shapes() -> None:
    """Names, dates, one-line text, quoted text and paragraphs never need ruamel."""
    event = {"date": dt.date(2018, 3, 27), "by": "HMICFRS", "comment": "Para one.\n\n  Two: x"}
    header = {"title": "Map groups", "report": "HMIC: mapping", "number": "5", "owner": None}
    for data, as_item in ((event, True), (header, False)):
        direct = yamldoc._direct(data, as_item=as_item)
        assert direct is not None and direct == yamldoc._ruamel_dump(data, as_item=as_item)
    assert yamldoc._direct(event, as_item=True) == (
        "- date: 2018-03-27\n  by: HMICFRS\n  comment: |-\n    Para one.\n\n      Two: x\n"
    )


@given(text=st.text(st.sampled_from([*"&*ab -:[]{},?!|>'\"#\n\t", "\ufeff"]), max_size=30))
def test_no_anchor_is_missed_by_the_quick_check(text: str) -> None:
    """Text the quick check lets through to libyaml never holds an anchor or alias."""
    if yamldoc._may_alias(text):
        return
    try:
        yamldoc.load_yaml(text.encode(), path=PATH, aliases=False)
    except LedgerFormatError as error:
        assert "anchors and aliases" not in error.message


def test_ampersands_in_text_are_read_by_libyaml() -> None:
    """`D&C` and `2*3` cannot be anchors: the file goes to the fast parser."""
    assert not yamldoc._may_alias("title: D&C ROCU\ntext: 2*3 & more, chief &.\nevents: []\n")
    assert yamldoc._may_alias("title: &t x\n") and yamldoc._may_alias("- *t\n")
    assert yamldoc._may_alias("title: !!str &t x\n") and yamldoc._may_alias("[a,*t]")


def _resolved_as_str(value: str) -> bool:
    from ruamel.yaml.nodes import ScalarNode

    resolver = YAML().resolver
    return str(resolver.resolve(ScalarNode, value, (True, False))) == "tag:yaml.org,2002:str"


_KNOWN = [
    "true", "True", "TRUE", "false", "False", "FALSE", "tRUE", "null", "Null", "NULL", "nULL",
    "~", "<<", "=", "!", "&", "*", ".inf", "-.INF", "+.Inf", ".NaN", ".nan", "0x1F", "0o17",
    "017", "0b101", "1_000", "1e5", "1.5e-3", "2018-03-27", "2018-3-27 1:02:03.5 +01:00",
    "2018-03-27T10:00:00Z", "yes", "no", "on", "off", "y", "n", "1.", "+.5", "12:30", "-",
]  # fmt: skip
_IMPLICIT_LOOKING = st.one_of(
    st.text(alphabet="0123456789-+._eEoxbTtFfNnLlUuSsRrAa:~<=!&* ", max_size=24),
    st.sampled_from(_KNOWN),
)


@pytest.mark.parametrize("value", _KNOWN)
def test_known_implicit_values_are_recognised(value: str) -> None:
    """Booleans, nulls, numbers, dates and YAML 1.1 words resolve as ruamel.yaml says."""
    assert yamldoc._reads_as_str(value) == _resolved_as_str(value)


@given(value=st.one_of(_IMPLICIT_LOOKING, st.text(max_size=30)))
def test_plain_strings_are_recognised_as_ruamel_resolves_them(value: str) -> None:
    """Whether a plain value reads back as a string is decided as ruamel.yaml's resolver does."""
    if value:
        assert yamldoc._reads_as_str(value) == _resolved_as_str(value)


def test_unprintable_characters_are_exactly_those_outside_ruamels_printable_set() -> None:
    """Every code point: refused for direct writing iff ruamel would not print it as itself."""
    printable = re.compile("[\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    separators = "\u2028\u2029\ufeff"
    for code in range(0x110000):
        char = chr(code)
        expected = printable.match(char) is None or char in separators
        assert (yamldoc._UNPRINTABLE.match(char) is not None) == expected, hex(code)
