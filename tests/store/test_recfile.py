"""The file format: rendering, appending and parsing recommendation files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.errors import InvalidValue, LedgerFormatError
from rectrack.store import files, recfile

D = dt.date(2018, 3, 27)
PATH = Path("recs/1.yaml")
# Any Unicode text that can be encoded (lone surrogates cannot come from a command line).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


def new_file(**header: object) -> bytes:
    return recfile.render_new_file(
        header={"title": "T", **header},
        events=(StatusChange(date=D, by="me", status="awaiting-review"),),
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_comment_text_round_trips_exactly(text: str) -> None:
    """Quotes, #, ': ', leading '-', tabs, CR, unicode, blank lines: appended text reads back as given."""
    old = new_file()
    rec = recfile.parse_recommendation(old, rec_id=1, path=PATH)
    event = Comment(date=D, by="me", text=text)
    new = recfile.append_events(old, (event,), rec=rec, path=PATH)
    assert new.startswith(old)
    assert recfile.parse_recommendation(new, rec_id=1, path=PATH).events[-1] == event


@settings(max_examples=150)
@given(title=TEXT.filter(lambda s: s.strip() != ""), text=TEXT, owner=TEXT)
def test_any_header_text_round_trips(title: str, text: str, owner: str) -> None:
    """Header values of any text are written so that they read back unchanged."""
    data = new_file(title=title, text=text, owner=owner)
    rec = recfile.parse_recommendation(data, rec_id=1, path=PATH)
    assert (rec.header["title"], rec.header["text"], rec.header["owner"]) == (title, text, owner)


def test_multiline_comments_use_block_scalars_and_are_never_folded() -> None:
    """A long multi-line comment is written as a literal block, one source line per line."""
    text = "First paragraph " + "word " * 40 + "\n\nSecond: paragraph # not a comment"
    chunk = recfile.render_events([Comment(date=D, by="me", text=text)]).decode()
    assert chunk.startswith("- date: 2018-03-27\n  by: me\n  comment: |")
    assert ("word " * 40).strip() in chunk


def test_events_is_the_last_key_and_header_has_a_fixed_order() -> None:
    """New files list the known header fields in order, unknown ones after, events last."""
    data = new_file(owner="A", section="Causes of concern").decode()
    keys = [line.split(":")[0] for line in data.splitlines() if line and line[0].isalpha()]
    assert keys == [
        "title",
        "text",
        "report",
        "number",
        "owner",
        "due",
        "tags",
        "section",
        "events",
    ]


def test_hand_written_event_in_the_documented_shape_is_accepted() -> None:
    """Someone typing an event by hand, with a quoted date, gets it read like any other."""
    data = (
        new_file() + b'- date: "2019-05-02"\n  by: Jo Densford\n  set: due\n  value: 2019-06-30\n'
    )
    rec = recfile.parse_recommendation(data, rec_id=1, path=PATH)
    assert rec.events[-1] == FieldChange(
        date=dt.date(2019, 5, 2), by="Jo Densford", field="due", value=dt.date(2019, 6, 30)
    )


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (
            b"- date: 2019-05-02\n  by: x\n",
            "exactly one of status, comment, set, evidence, amend or retract",
        ),
        (b"- date: 2019-05-02\n  by: x\n  status: complete\n  comment: hi\n", "exactly one"),
        (
            b"- date: 2019-02-31\n  by: x\n  status: complete\n",
            "bad value in YAML: day is out of range",
        ),
        (b"- by: x\n  status: complete\n", "has no date"),
        (b"- date: 2019-05-02\n  status: complete\n", "needs `by:`"),
        (b"- date: 2019-05-02\n  by: x\n  status: done\n  mood: good\n", "unknown keys: mood"),
        (b"- date: 2019-05-02\n  by: x\n  set: owner\n", "set needs a value"),
        (b"- just text\n", "must be a mapping"),
        (b"late: key\n", "`events:` must be the last key"),
        (b"- date: [\n", "not valid YAML"),
    ],
)
def test_malformed_files_are_refused_with_the_reason(tail: bytes, message: str) -> None:
    """Each departure from docs/format.md is a LedgerFormatError that says what is wrong."""
    with pytest.raises(LedgerFormatError, match=message):
        recfile.parse_recommendation(new_file() + tail, rec_id=1, path=PATH)


def test_python_tags_construct_nothing() -> None:
    """The safe loader refuses !!python tags instead of running code."""
    data = b"title: !!python/object/apply:os.system ['echo pwned']\nevents: []\n"
    with pytest.raises(LedgerFormatError, match="not valid YAML"):
        recfile.parse_recommendation(data, rec_id=1, path=PATH)


def test_append_refuses_a_file_whose_end_would_swallow_the_event() -> None:
    """If the appended bytes would not read back as new events, nothing is appended."""
    old = new_file() + b"- date: 2019-05-02\n  by: x\n  comment: |\n    open block\n"
    rec = recfile.parse_recommendation(old, rec_id=1, path=PATH)
    result = recfile.append_events(
        old, (Comment(date=D, by="me", text="next"),), rec=rec, path=PATH
    )
    assert recfile.parse_recommendation(result, rec_id=1, path=PATH).events[-1].text == "next"  # type: ignore[union-attr]
    flow = b"title: T\nevents: [{date: 2019-05-02, by: x, status: complete}]\n"
    flow_rec = recfile.parse_recommendation(flow, rec_id=1, path=PATH)
    with pytest.raises(LedgerFormatError, match="would not add the events cleanly"):
        recfile.append_events(flow, (Comment(date=D, by="me", text="x"),), rec=flow_rec, path=PATH)


def test_text_that_is_not_unicode_is_refused() -> None:
    """A lone surrogate (from undecodable argv bytes) is refused, not written as garbage."""
    with pytest.raises(InvalidValue, match="not valid Unicode"):
        recfile.render_events([Comment(date=D, by="me", text="bad \udcff")])


def test_write_atomic_replaces_the_whole_file(tmp_path: Path) -> None:
    """write_atomic leaves exactly the new bytes and no temporary file."""
    target = tmp_path / "f.yaml"
    target.write_bytes(b"old")
    files.write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml", "home"]


HAND_WRITTEN = st.text(st.characters(codec="utf-8", exclude_characters="\r"), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.dictionaries(st.sampled_from(["title", "owner", "extra"]), HAND_WRITTEN),
    values=st.lists(st.tuples(st.sampled_from(["comment", "by", "status"]), HAND_WRITTEN),
                    max_size=4),
    texts=st.lists(TEXT, max_size=3),
)  # fmt: skip
def test_layout_reader_agrees_with_the_whole_parse(
    header: dict[str, str], values: list[tuple[str, str]], texts: list[str]
) -> None:
    """The fast reading of a file in rec's layout equals one YAML parse of it, or declines
    (and never refuses a file: the whole parse finds and names the fault)."""
    lines = [f"{key}: {value}" for key, value in header.items()] + ["events:"]
    lines += [f"- date: 2020-01-01\n  by: x\n  {key}: {value}" for key, value in values]
    data = ("\n".join(lines) + "\n").encode()
    try:
        data += recfile.render_events([Comment(date=D, by="me", text=t) for t in texts])
    except InvalidValue:
        return
    try:
        whole: object = recfile._whole(data, path=PATH)
    except LedgerFormatError as error:
        whole = error.message
    fast = recfile._in_layout(data, path=PATH)
    assert fast is None or fast == whole


def test_a_big_file_is_read_in_its_layout() -> None:
    """A file of 1,000 rendered events is read without parsing its events as YAML."""
    events = tuple(Comment(date=D, by=f"person {n}", text=f"note {n}") for n in range(1000))
    data = recfile.render_new_file(header={"title": "Big"}, events=events)
    fast = recfile._in_layout(data, path=PATH)
    assert fast is not None and fast == recfile._whole(data, path=PATH)
    assert recfile.parse_recommendation(data, rec_id=1, path=PATH).events == events
