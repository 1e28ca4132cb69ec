"""The YAML-free whole-file reader: it answers as YAML does, or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.errors import LedgerFormatError
from rectrack.store import quickread, recfile

REPO = Path(__file__).resolve().parents[2]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
LINES = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
DAY = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1))
EVENT = st.one_of(
    st.builds(StatusChange, date=DAY, by=TEXT.filter(str.strip), status=TEXT.filter(bool)),
    st.builds(Comment, date=DAY, by=st.just("me"), text=LINES),
    st.builds(FieldChange, date=DAY, by=st.just("me"), field=st.just("owner"), value=TEXT),
    st.builds(
        EvidenceAdded, date=DAY, by=st.just("me"), name=st.just("r.pdf"),
        sha256=st.just("cd" * 32), size=st.integers(0, 10**6),
    ),
)  # fmt: skip
HEADER = st.fixed_dictionaries(
    {"title": TEXT.filter(str.strip)},
    optional={
        "text": LINES, "report": TEXT, "number": st.sampled_from(["5", "12a", None]),
        "owner": st.none() | TEXT, "due": st.none() | DAY,
        "tags": st.none() | st.lists(TEXT.filter(str.strip), max_size=3).map(tuple),
        "tracker_id": st.sampled_from(["8712", None]), "force": st.none() | TEXT,
    },
)  # fmt: skip


def read_both(data: bytes) -> tuple[object, object]:
    """What the quick reader and the YAML door make of the same bytes (errors as values)."""
    try:
        quick: object = quickread.read_quickly(data, rec_id=1, path="x.yaml")
    except LedgerFormatError as error:
        quick = ("refused", error.message)
    try:
        full: object = recfile.parse_yaml(data, rec_id=1, path="x.yaml")
    except LedgerFormatError as error:
        full = ("refused", error.message)
    return quick, full


@settings(max_examples=300, deadline=None)
@given(header=HEADER, events=st.lists(EVENT, min_size=1, max_size=5))
def test_files_rec_writes_read_the_same(header: dict[str, object], events: list[object]) -> None:
    """Whatever rec writes, the quick reader gives the parser's answer, or declines."""
    data = recfile.render_new_file(header=header, events=events)  # type: ignore[arg-type]
    quick, full = read_both(data)
    assert quick is None or quick == full


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from([
    "title: T", "title: 'T'", "owner:", "tags:", "- a", "- 2020-01-01", "due: 2020-02-30",
    "text: |-", "text: |", "  body", "", "  ", "number: 5", "x: true", "x: ~", "x: [a]",
    "events:", "tags: []", "tags: [ ]", "- date: 2020-01-01", "  by: me", "  status: open", "  comment: |-",
    "    hi", "title: a: b", "title: #x", "owner: null", "- date: 2020-01-01 ",
]), max_size=14))  # fmt: skip
def test_hand_written_shapes_never_disagree(lines: list[str]) -> None:
    """On arbitrary hand-written lines the quick reader agrees with YAML or declines."""
    quick, full = read_both(("\n".join(lines) + "\n").encode())
    assert quick is None or quick == full


@pytest.mark.parametrize("path", sorted((REPO / "recs").glob("*.yaml")), ids=lambda p: p.name)
def test_the_demo_ledger_is_read_without_yaml(path: Path) -> None:
    """Every file of the repository's own ledger takes the quick path, with the same answer."""
    data = path.read_bytes()
    quick = quickread.read_quickly(data, rec_id=1, path=path)
    assert quick is not None
    assert quick == recfile.parse_yaml(data, rec_id=1, path=path)
