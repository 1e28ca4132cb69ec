"""Reading rectrack's line layout without a YAML parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.errors import LedgerFormatError
from rectrack.store import itemlayout, recfile, yamldoc

FILE = b"title: T\nevents:\n- date: 2020-01-01\n  by: a\n  status: open\n"
ITEM = b"- date: 2020-01-02\n  by: b\n  comment: |\n    two lines\n\n    of text\n"


def test_split_finds_head_and_items() -> None:
    """A file in rectrack's layout splits into its head and one chunk per event."""
    found = itemlayout.split(FILE + ITEM)
    assert found is not None
    assert found.head == b"title: T\nevents:\n"
    assert found.items == (b"- date: 2020-01-01\n  by: a\n  status: open\n", ITEM)


def test_split_refuses_other_layouts() -> None:
    """Indented items, a key after the events or a missing final newline are not the layout."""
    assert itemlayout.split(b"title: T\nevents:\n  - date: 2020-01-01\n") is None
    assert itemlayout.split(FILE + b"owner: X\n") is None
    assert itemlayout.split(FILE.rstrip(b"\n")) is None
    assert itemlayout.split(b"title: T\n") is None


def test_appended_whole_items_are_accepted() -> None:
    """New bytes that are whole items after the old bytes are returned as items."""
    assert itemlayout.appended_items(FILE, FILE + ITEM) == (ITEM,)
    assert itemlayout.appended_items(FILE.rstrip(b"\n"), FILE + ITEM) == (ITEM,)


def test_appends_that_are_edits_are_refused() -> None:
    """Extending the last event, adding a key after events, or changing old bytes is no append."""
    assert itemlayout.appended_items(FILE, FILE + b"  by: extra\n") is None
    assert itemlayout.appended_items(FILE, FILE + b"owner: X\n") is None
    assert itemlayout.appended_items(FILE, FILE.replace(b"open", b"shut") + ITEM) is None
    assert itemlayout.appended_items(FILE.rstrip(b"\n"), FILE.rstrip(b"\n") + b"ed\n") is None


# --- the YAML-free reader of simple items must agree with the YAML parser ---------------------


words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
events = st.one_of(
    st.builds(Comment, date=dates, by=words.filter(str.strip), text=words),
    st.builds(StatusChange, date=dates, by=words.filter(str.strip), status=words.filter(bool)),
    st.builds(
        FieldChange,
        date=dates,
        by=words.filter(str.strip),
        field=st.just("owner"),
        value=st.one_of(words, dates),
    ),
    st.builds(Amendment, date=dates, by=words.filter(str.strip), event=st.integers(1, 10**6),
              text=words.filter(str.strip)),
    st.builds(Retraction, date=dates, by=words.filter(str.strip), event=st.integers(1, 10**6),
              reason=words.filter(str.strip)),
)  # fmt: skip


def yaml_items(chunk: bytes) -> object:
    return yamldoc.load_yaml(chunk, path="x", aliases=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(events, min_size=1, max_size=3))
def test_simple_reader_agrees_on_rendered_events(rendered: list[Event]) -> None:
    """For anything rec writes, the fast reader gives what YAML gives, or declines."""
    try:
        chunk = recfile.render_events(rendered)
    except Exception:  # text rec itself refuses to write
        return
    items = itemlayout.split_items(chunk)
    assert items is not None and len(items) == len(rendered)
    simple = itemlayout.simple_items(items)
    if simple is not None:
        assert simple == yaml_items(chunk)


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(["by", "comment", "status", "value"]), raw=words)
def test_simple_reader_agrees_on_hand_written_lines(key: str, raw: str) -> None:
    """For arbitrary one-line values, the fast reader matches YAML or declines."""
    if "\n" in raw or "\r" in raw:
        return
    chunk = f"- date: 2020-01-01\n  {key}: {raw}\n".encode()
    simple = itemlayout.simple_items((chunk,))
    try:
        expected = yaml_items(chunk)
    except LedgerFormatError:
        assert simple is None
        return
    if simple is not None:
        assert simple == expected


@example(lines=["\t0"], chomp="|", indent="    ")  # a tab YAML refuses there
@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(words.filter(lambda w: "\n" not in w and "\r" not in w), max_size=4),
    chomp=st.sampled_from(["|", "|-"]),
    indent=st.sampled_from(["    ", "     ", ""]),
)
def test_simple_reader_agrees_on_literal_blocks(lines: list[str], chomp: str, indent: str) -> None:
    """For hand-written literal blocks, the fast reader matches YAML or declines."""
    body = "".join(f"{indent}{line}\n" for line in lines)
    chunk = f"- date: 2020-01-01\n  comment: {chomp}\n{body}  by: x\n".encode()
    items = itemlayout.split_items(chunk)
    simple = None if items is None else itemlayout.simple_items(items)
    try:
        expected = yaml_items(chunk)
    except LedgerFormatError:
        assert simple is None
        return
    if simple is not None:
        assert [simple[0]] == expected


REPO = Path(__file__).resolve().parents[2]


def test_the_yaml_free_reader_reads_rectrack_files_itself() -> None:
    """Every event of the demo ledger's files is read without YAML, exactly as YAML reads it."""
    read_in_all = 0
    for path in sorted((REPO / "recs").glob("*.yaml")):
        data = path.read_bytes()
        split = itemlayout.split(data)
        assert split is not None, path
        mappings = itemlayout.simple_items(split.items)
        assert mappings is not None, f"{path}: the YAML-free reader gave up"
        read = recfile.events_from_items(mappings, first_index=1, path=path)
        assert read == recfile.parse_yaml(data, rec_id=1, path=path).events
        read_in_all += len(read)
    assert read_in_all >= 15  # comments with literal blocks among them (recommendation 5)


@pytest.mark.parametrize("chomp", ["|", "|-"])
def test_a_tab_opening_a_literal_block_is_left_to_the_parser(chomp: str) -> None:
    """libyaml refuses a tab where it looks for a block's indentation; so does the reader."""
    chunk = f"- date: 2020-01-01\n  comment: {chomp}\n    \t0\n  by: x\n".encode()
    with pytest.raises(LedgerFormatError):
        yaml_items(chunk)
    items = itemlayout.split_items(chunk)
    assert items is None or itemlayout.simple_items(items) is None
