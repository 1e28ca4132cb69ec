"""Properties of the tracker page reader over open-ended input.

The real pages in tests/data/tracker-pages/ are from HMICFRS's public recommendations
tracker, Crown copyright, used under the Open Government Licence v3.0
(nationalarchives.gov.uk/doc/open-government-licence/version/3/).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.dates import ordinal_suffix
from rectrack.errors import ImportFormatError
from rectrack.importers.tracker import TrackerPage, parse_page

DATA = Path(__file__).resolve().parent.parent / "data"
REAL_PAGES = [*sorted((DATA / "tracker-pages").glob("*.txt")), DATA / "tracker_seed_000.txt"]
MONTHS = [dt.date(2000, month, 1).strftime("%B") for month in range(1, 13)]
HEAD = "Cause of concern\n\nA gap was found.\n\nThe force should close it.\n\n"
_STATUS_RUN = re.compile(r"\[status\][^\[\]]*\[/status\]", re.I)

# Pieces of tracker markup, so random pages reach deep into the reader, not just its first check.
TOKENS = [
    "[on]", "[/on]", "[status]", "[/status]", "[comment]", "[/comment]", "[on]3rd March 2017 ",
    "31st February 2019", "2th May 2019", "\n\n", "\n", "Recommendation 5\n", "Recommendation • ",
    "Cause of concern ", "Causes of concern\n", "Areas for improvement\n", "• ", "◦ ", "- ", ": ",
    "https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/kent/8712/\n", "Report (12)\n",
    "404 Page not found\n", "should", "\x00", "\x01", "\r\n", "\ufeff",
]  # fmt: skip


def parse_or_refuse(text: str, name: str = "p.txt") -> TrackerPage | None:
    """The page, or None when it is refused with an ImportFormatError (any other error fails)."""
    try:
        return parse_page(text, source=name)
    except ImportFormatError as error:
        assert str(error).startswith(f"{name}: ") and "\n" not in str(error)
        return None


def check_sane(page: TrackerPage) -> None:
    """What every page that is read has: a text without entries in it, tidy ends."""
    assert page.text and page.text == page.text.strip()
    assert "[on]" not in page.text.lower()
    assert all((e.status is None) != (e.comment is None) for e in page.events)


@given(st.text())
def test_random_text_is_read_or_refused_cleanly(text: str) -> None:
    """Any text gives a page or an ImportFormatError, never another exception."""
    page = parse_or_refuse(text)
    if page is not None:
        check_sane(page)


@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=40).map("".join))
def test_random_tracker_markup_is_read_or_refused_cleanly(text: str) -> None:
    """Shuffled tracker markup and text give a page or an ImportFormatError, nothing else."""
    page = parse_or_refuse(text, "kent_8712.txt")
    if page is not None:
        check_sane(page)


# --- pages built from random entries ---------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    date: dt.date
    status: str | None
    comment: str | None
    written: str  # how the page writes it


_comment_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="[]",
                  include_characters="\n"),
    min_size=1,
).filter(lambda s: s.strip())  # fmt: skip
_status_name = st.from_regex(r"[A-Za-z][A-Za-z -]{0,30}[A-Za-z]|[A-Za-z]", fullmatch=True)


@st.composite
def date_text(draw: st.DrawFn) -> tuple[dt.date, str]:
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
    month = MONTHS[day.month - 1]
    style = draw(st.sampled_from(["ordinal", "plain", "short"]))
    if style == "ordinal":
        return day, f"{day.day}{ordinal_suffix(day.day)} {month} {day.year}"
    if style == "plain":
        return day, f"{day.day} {month} {day.year}"
    return day, f"{day.day}{ordinal_suffix(day.day)} {month[:3]} {day.year}"


@st.composite
def entry(draw: st.DrawFn) -> Entry:
    day, written = draw(date_text())
    if draw(st.booleans()):
        name = draw(_status_name)
        return Entry(day, name.strip(), None, f"[on]{written} [status]{name}[/status][/on]")
    text = draw(_comment_text)
    opener = draw(st.sampled_from(["[comment]", "[comment]\n\n", "\n\n"]))  # "\n\n": no opener
    closing = draw(st.sampled_from(["[/comment][/on]", "\n\n[/comment][/on]", "[/on]", ""]))
    return Entry(day, None, text.strip(), f"[on]{written} {opener}{text}{closing}")


@given(st.lists(entry(), max_size=8))
def test_page_of_random_entries_reads_back_to_those_entries_in_order(entries: list[Entry]) -> None:
    """Statuses and comments, tagged or not, closed or not, come back exactly, in page order."""
    page = parse_page(HEAD + "".join(e.written for e in entries), source="kent_1.txt")
    assert [(e.date, e.status, e.comment) for e in page.events] == [
        (e.date, e.status, e.comment) for e in entries
    ]
    assert page.text == "The force should close it." and page.concern == "A gap was found."


# --- truncation ------------------------------------------------------------------------------


def check_cut(text: str, cut: int, full: TrackerPage) -> None:
    """A page cut at `cut` is refused only before its entries or inside a status; otherwise
    its entries are the full page's, the last comment maybe shorter, and free of tag debris."""
    page = parse_or_refuse(text[:cut])
    if page is None:
        first_entry = text.lower().find("[on]")
        in_status = any(m.start() < cut < m.end() for m in _STATUS_RUN.finditer(text))
        assert cut < first_entry + len("[on]") or first_entry < 0 or in_status, f"refused at {cut}"
        return
    check_sane(page)
    assert "[" not in (page.progress or ""), f"debris at {cut}: {page.progress!r}"
    for index, event in enumerate(page.events):
        whole = full.events[index]
        if event != whole:  # only the last entry may be cut, and only inside its comment
            assert index == len(page.events) - 1 and (event.date, event.line) == (
                whole.date,
                whole.line,
            )
            assert event.comment and whole.comment and whole.comment.startswith(event.comment)
        assert "[" not in (event.comment or ""), f"debris at {cut}: {event.comment!r}"


@pytest.mark.parametrize("path", REAL_PAGES, ids=lambda path: path.name)
def test_real_page_cut_at_every_character_is_read_or_refused_cleanly(path: Path) -> None:
    """Each real page, cut after each of its characters in turn, keeps what is there."""
    text = path.read_text(encoding="utf-8")
    full = parse_page(text, source="p.txt")
    for cut in range(len(text) + 1):
        check_cut(text, cut, full)


@given(st.lists(entry(), min_size=1, max_size=5), st.data())
def test_random_page_cut_anywhere_is_read_or_refused_cleanly(
    entries: list[Entry], data: st.DataObject
) -> None:
    """A generated page cut at a random character keeps the entries before the cut."""
    text = HEAD + "".join(e.written for e in entries)
    check_cut(text, data.draw(st.integers(0, len(text))), parse_page(text, source="p.txt"))
