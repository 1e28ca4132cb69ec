"""Reading rectrack's line layout without a YAML parser."""

from __future__ import annotations

from rectrack import layout

FILE = b"title: T\nevents:\n- date: 2020-01-01\n  by: a\n  status: open\n"
ITEM = b"- date: 2020-01-02\n  by: b\n  comment: |\n    two lines\n\n    of text\n"


def test_split_finds_head_and_items() -> None:
    """A file in rectrack's layout splits into its head and one chunk per event."""
    found = layout.split(FILE + ITEM)
    assert found is not None
    assert found.head == b"title: T\nevents:\n"
    assert found.items == (b"- date: 2020-01-01\n  by: a\n  status: open\n", ITEM)


def test_split_refuses_other_layouts() -> None:
    """Indented items, a key after the events or a missing final newline are not the layout."""
    assert layout.split(b"title: T\nevents:\n  - date: 2020-01-01\n") is None
    assert layout.split(FILE + b"owner: X\n") is None
    assert layout.split(FILE.rstrip(b"\n")) is None
    assert layout.split(b"title: T\n") is None


def test_appended_whole_items_are_accepted() -> None:
    """New bytes that are whole items after the old bytes are returned as items."""
    assert layout.appended_items(FILE, FILE + ITEM) == (ITEM,)
    assert layout.appended_items(FILE.rstrip(b"\n"), FILE + ITEM) == (ITEM,)


def test_appends_that_are_edits_are_refused() -> None:
    """Extending the last event, adding a key after events, or changing old bytes is no append."""
    assert layout.appended_items(FILE, FILE + b"  by: extra\n") is None
    assert layout.appended_items(FILE, FILE + b"owner: X\n") is None
    assert layout.appended_items(FILE, FILE.replace(b"open", b"shut") + ITEM) is None
    assert layout.appended_items(FILE.rstrip(b"\n"), FILE.rstrip(b"\n") + b"ed\n") is None
