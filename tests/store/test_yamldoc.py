"""The store's choice of YAML parser: libyaml when installed, never a crash, same answers."""

from __future__ import annotations

import datetime as dt
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
