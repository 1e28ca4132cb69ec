"""The tracker page parser: the seed page, the awkward inputs real pages have, titles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.events import Comment
from rectrack.errors import ImportFormatError
from rectrack.importers.tracker import TITLE_MAX, derive_title, parse_page
from rectrack.store import recfile

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = (DATA / "tracker_seed_000.txt").read_text(encoding="utf-8")


def page(events: str, *, item: str = "• Do the thing.", heading: str = "Recommendation 3") -> str:
    """A small page in the seed's shape around the given event runs."""
    return f"Causes of concern\n\nA concern.\n\n{heading}\n\n{item}\n\n{events}"


def test_seed_page_gives_one_recommendation_with_ten_events() -> None:
    """The seed: kind, number, text, section, concern and ten events in page order."""
    parsed = parse_page(SEED, source="seed.txt")
    assert (parsed.kind, parsed.number, parsed.section) == (
        "recommendation", "5", "Causes of concern",
    )  # fmt: skip
    assert parsed.text.startswith("Immediately, the responsibility for mapping")
    assert parsed.concern is not None and parsed.concern.startswith("HMIC found that")
    assert len(parsed.events) == 10
    assert [e.status for e in parsed.events if e.status] == [
        "awaiting-review", "being-progressed", "complete",
    ]  # fmt: skip
    assert parsed.events[0].date == dt.date(2017, 3, 3)
    assert parsed.events[4].date == dt.date(2018, 6, 1)
    assert parsed.events[2].comment is not None
    assert parsed.events[2].comment.startswith('Further update from force (Jo Densford) – "The')


def test_truncated_last_comment_runs_to_the_end_of_the_file() -> None:
    """The seed stops inside its last comment: the text up to the end is kept."""
    last = parse_page(SEED, source="seed.txt").events[-1]
    assert last.comment == "Authorised for closure on the bases if recent insight activity."


def test_a_cut_off_closing_tag_is_not_part_of_the_comment() -> None:
    """A page cut inside `[/comment][/on]` drops the fragment."""
    parsed = parse_page(page("[on]1st May 2019 [comment]Done.[/comm"), source="p")
    assert parsed.events[0].comment == "Done."


def test_crlf_line_endings_read_like_lf() -> None:
    """A page saved with CRLF parses to the same record as with LF."""
    crlf = parse_page(SEED.replace("\n", "\r\n"), source="p")
    assert crlf == parse_page(SEED, source="p")
    assert all("\r" not in (e.comment or "") for e in crlf.events)


def test_comment_paragraphs_are_kept_and_surrounding_blank_lines_trimmed() -> None:
    """Blank lines between paragraphs stay; those around the comment go."""
    runs = "[on]2nd May 2019 [comment]\n\nOne.\n\nTwo\nlines.\n\n[/comment][/on]"
    parsed = parse_page(page(runs), source="p")
    assert parsed.events[0].comment == "One.\n\nTwo\nlines."


def test_square_brackets_and_special_characters_in_comments_are_text() -> None:
    """Brackets that are not tags, &, typographic quotes and YAML specials survive."""
    text = "[sic] & “quoted” – ‘x’ — {a: b} # not a comment: *star* [on] [status]x"
    parsed = parse_page(page(f"[on]3rd June 2020 [comment]{text}[/comment][/on]"), source="p")
    assert parsed.events[0].comment == text


def test_area_for_improvement_and_several_bullets() -> None:
    """`Area for improvement N` is a kind; several bullets keep one `• ` line each."""
    parsed = parse_page(
        page("", heading="Area for improvement 12", item="• First point\ncontinued.\n• Second point."),
        source="p",
    )  # fmt: skip
    assert (parsed.kind, parsed.number) == ("area for improvement", "12")
    assert parsed.text == "• First point continued.\n• Second point."
    assert parsed.events == ()


def test_every_english_ordinal_is_read() -> None:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st all parse."""
    days = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
    runs = "".join(
        f"[on]{day}{suffix.get(day, 'th')} January 2020 [status]complete[/status][/on]"
        for day in days
    )
    parsed = parse_page(page(runs), source="p")
    assert [e.date.day for e in parsed.events] == days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no heading here", "no `Recommendation N` or `Area for improvement N` heading"),
        (page("[on]32nd May 2019 [status]complete[/status][/on]"), "line 9: invalid date '32nd May 2019'"),
        (page("[on]2th May 2019 [status]complete[/status][/on]"), "the ordinal should be 2nd"),
        (page("[on]today [status]complete[/status][/on]"), "a tracker date names the day"),
        (page("[on]2nd May 2019 [status]complete"), "unclosed [status]"),
        (page("[on]2nd May 2019 [status]complete[/status][/on] junk [on]3rd May 2019 [status]x[/status][/on]"), "unexpected text 'junk' between events"),
        (page("[on]2nd May 2019 [note]x[/note][/on]"), "an [on] with no entry"),
        ("Recommendation 1\n\n[on]2nd May 2019 [status]x[/status][/on]", "the item has no text"),
    ],
)  # fmt: skip
def test_malformed_pages_are_refused_with_the_line(text: str, message: str) -> None:
    """Each malformed page raises one ImportFormatError naming the problem."""
    with pytest.raises(ImportFormatError) as raised:
        parse_page(text, source="bad.txt")
    assert message in str(raised.value)
    assert str(raised.value).startswith("bad.txt: ")


def test_furniture_before_the_section_is_skipped() -> None:
    """`404 Page not found` is neither the section nor the concern."""
    parsed = parse_page(SEED, source="p")
    assert "404" not in (parsed.section or "") + (parsed.concern or "")


_comment_text = st.text(
    st.characters(codec="utf-8", exclude_characters="[]\r\x00"), min_size=1
).filter(lambda s: s.strip())


@given(_comment_text)
def test_any_comment_text_comes_back_stripped(text: str) -> None:
    """Whatever a comment holds (no brackets), the parser returns it with ends trimmed."""
    parsed = parse_page(page(f"[on]1st May 2019 [comment]{text}[/comment][/on]"), source="p")
    assert parsed.events[0].comment == text.strip()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Immediately, the responsibility for mapping organised crime groups should be "
            "transferred from individual police forces to regional organised crime units.",
            "The responsibility for mapping organised crime groups should be transferred…",
        ),
        (
            "Within six months, the force should publish a quarterly digest of outcomes.",
            "The force should publish a quarterly digest of outcomes",
        ),
        ("Review call handling.", "Review call handling"),
        ("• Forces should act; then report.", "Forces should act"),
    ],
)
def test_title_is_the_first_real_clause_within_the_limit(text: str, title: str) -> None:
    """Lead-ins are skipped, the first clause is kept and long ones are cut at a word."""
    assert derive_title(text) == title


@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_derived_titles_are_short_and_single_line(text: str) -> None:
    """Any text gives a non-empty one-line title of at most TITLE_MAX characters."""
    title = derive_title(text)
    assert title and "\n" not in title and len(title) <= TITLE_MAX


@given(_comment_text, _comment_text)
def test_any_page_text_survives_the_ledger_file(comment: str, item: str) -> None:
    """Comment and item text from a page, written as a ledger file, read back the same."""
    parsed = parse_page(
        page(f"[on]1st May 2019 [comment]{comment}[/comment][/on]", item=f"• {item}"), source="p"
    )
    events = (Comment(date=parsed.events[0].date, by="x", text=parsed.events[0].comment or ""),)
    header = {"title": parsed.title, "text": parsed.text, "concern": parsed.concern}
    data = recfile.render_new_file(header=header, events=events)
    back = recfile.parse_recommendation(data, rec_id=1, path="p")
    assert back.events == events
    assert back.header["text"] == parsed.text and back.header["title"] == parsed.title
