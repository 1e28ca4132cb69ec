"""Tracker page shapes, one test each, built small; and every way a page is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rectrack.errors import ImportFormatError
from rectrack.importers.tracker import TrackerPage, parse_page

D = dt.date
SEED = Path(__file__).resolve().parent.parent / "data" / "tracker_seed_000.txt"
TEXT = "The force should act."
STATUS = "[on]3rd March 2017 [status]awaiting-review[/status][/on]"


def read(text: str, name: str = "page.txt") -> TrackerPage:
    return parse_page(text, source=name)


def refusal(text: str, name: str = "bad.txt") -> str:
    """The one-line message for a refused page (its source, then the detail)."""
    with pytest.raises(ImportFormatError) as raised:
        parse_page(text, source=name)
    message = str(raised.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    return message


# --- which recommendation: tracker ID, force, theme, report ---------------------------------


def test_address_line_gives_force_and_id_and_is_not_text() -> None:
    """The page's own address on a line names force and ID, and is dropped as furniture."""
    page = read(
        "https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/kent/8712/\n\n"
        f"404 Page not found\n\n{TEXT}\n\n{STATUS}"
    )
    assert (page.tracker_id, page.force, page.theme) == ("8712", "kent", None)
    assert page.text == TEXT


def test_file_name_gives_force_and_id_when_the_page_does_not() -> None:
    """`kent_8712.txt` means force kent, ID 8712; a separate name argument is used first."""
    page = read(f"{TEXT}\n\n{STATUS}", "kent_8712.txt")
    assert (page.tracker_id, page.force) == ("8712", "kent")
    page = parse_page(f"{TEXT}\n\n{STATUS}", source="upload 3", name="devon-and-cornwall_6989.txt")
    assert (page.tracker_id, page.force) == ("6989", "devon-and-cornwall")


def test_theme_file_name_gives_a_theme_and_no_force() -> None:
    """`theme-audit_7319.txt` is a block of the audit theme listing: no force."""
    page = read(f"{TEXT}\n\n{STATUS}", "theme-audit_7319.txt")
    assert (page.tracker_id, page.force, page.theme) == ("7319", None, "audit")


def test_title_line_beats_address_which_beats_file_name() -> None:
    """The ID is taken from a `Title (ID)` line, else the address, else the file name."""
    address = "https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/kent/22/"
    titled = read(f"{address}\nPEEL 2016 (11)\n\n{TEXT}\n\n{STATUS}", "kent_33.txt")
    assert (titled.tracker_id, titled.force, titled.report) == ("11", "kent", "PEEL 2016")
    addressed = read(f"{address}\n\n{TEXT}\n\n{STATUS}", "essex_33.txt")
    assert (addressed.tracker_id, addressed.force) == ("22", "kent")


def test_text_ending_in_a_number_in_brackets_is_not_a_title_line() -> None:
    """`... as in paragraph (12)` recommends ("should"), so it is the text, not `Report (ID)`."""
    page = read(f"The force should act as in paragraph (12)\n\n{STATUS}")
    assert (page.text, page.report, page.tracker_id) == (
        "The force should act as in paragraph (12)",
        None,
        None,
    )


def test_report_title_after_other_furniture_is_still_the_title() -> None:
    """A `Report (ID)` line after a page heading: the heading is furniture, the line the title."""
    page = read(f"Theme: audit\n\nPEEL 2016 (7319)\n\n{TEXT}\n\n{STATUS}")
    assert (page.report, page.tracker_id, page.text) == ("PEEL 2016", "7319", TEXT)


def test_theme_listing_address_gives_the_theme() -> None:
    """`?recommendation-theme=harm` is a theme listing: theme, no ID from the address."""
    page = read(
        f"https://www.justiceinspectorates.gov.uk/hmicfrs/?recommendation-theme=harm\n\nA report (4822)\n\n{TEXT}\n\n{STATUS}"
    )
    assert (page.tracker_id, page.force, page.theme, page.report) == (
        "4822",
        None,
        "harm",
        "A report",
    )


def test_same_text_under_two_forces_is_two_pages() -> None:
    """Pages are named by tracker ID, not text: the same text under two IDs differs."""
    kent, devon = (
        read(f"{TEXT}\n\n{STATUS}", "kent_1.txt"),
        read(f"{TEXT}\n\n{STATUS}", "devon-and-cornwall_2.txt"),
    )
    assert kent.text == devon.text and kent.key != devon.key
    assert kent.key == ("tracker", "1")


def test_seed_page_has_no_tracker_id_and_is_named_by_its_heading_and_text() -> None:
    """The seed (`Recommendation 5`, no address, no ID in its name) keeps its old identity."""
    page = parse_page(SEED.read_text(encoding="utf-8"), source="tracker_seed_000.txt")
    assert (page.tracker_id, page.force, page.theme, page.report, page.progress) == (None,) * 5
    assert page.key == ("page", "recommendation", "5", page.text)


# --- headings, concern, text ------------------------------------------------------------------


@pytest.mark.parametrize("heading", ["Cause of concern", "Causes of concern"])
def test_cause_of_concern_alone_on_its_line(heading: str) -> None:
    """A standalone section heading: the next paragraph is the concern, then the text."""
    page = read(f"{heading}\n\nHMIC found gaps.\n\n{TEXT}\n\n{STATUS}")
    assert (page.section, page.concern, page.text) == (heading, "HMIC found gaps.", TEXT)


def test_cause_of_concern_inline_with_its_text() -> None:
    """`Cause of concern The size...` is the heading and the concern on one line."""
    page = read(f"Cause of concern The backlog is large.\n\n{TEXT}\n\n{STATUS}")
    assert (page.section, page.concern, page.text) == (
        "Cause of concern",
        "The backlog is large.",
        TEXT,
    )


def test_concern_of_two_paragraphs_runs_to_the_one_that_recommends() -> None:
    """Concern paragraphs last until a paragraph that says "should" or opens with a bullet."""
    page = read(f"Cause of concern\n\nOne.\n\nTwo.\n\n{TEXT}\n\n{STATUS}")
    assert (page.concern, page.text) == ("One.\n\nTwo.", TEXT)


def test_recommendation_bullet_inline_is_the_item_heading() -> None:
    """`Recommendation • TEXT` gives the kind and the text, without the bullet."""
    page = read(f"Recommendation • {TEXT}\n\n{STATUS}")
    assert (page.kind, page.number, page.text) == ("recommendation", None, TEXT)


def test_areas_for_improvement_section_makes_the_kind() -> None:
    """Under `Areas for improvement` with no item heading, the item is an area for improvement."""
    page = read(f"Areas for improvement\n\nA gap.\n\n• The force should close it.\n\n{STATUS}")
    assert (page.kind, page.section, page.concern, page.text) == (
        "area for improvement", "Areas for improvement", "A gap.", "The force should close it.",
    )  # fmt: skip


def test_indented_bullet_lines_follow_their_lead_in() -> None:
    """A lead-in ending with a colon, then indented `•` lines: one `• ` line per bullet."""
    page = read(f"The force should ensure that:\n\n  • one;\n  • two\n    wrapped.\n\n{STATUS}")
    assert page.text == "The force should ensure that:\n• one;\n• two wrapped."


def test_several_bullets_on_one_line_are_split() -> None:
    """`• a. • b.` on one line gives two bullets."""
    page = read(f"• The force should do a. • It should do b.\n\n{STATUS}")
    assert page.text == "• The force should do a.\n• It should do b."


def test_sub_bullets_are_indented_under_their_bullet() -> None:
    """`◦` items, on their own lines or inline, are sub-bullets."""
    page = read(f"The force should:\n• plan:\n  ◦ staff\n  ◦ money ◦ time\n• act.\n\n{STATUS}")
    assert page.text == "The force should:\n• plan:\n  ◦ staff\n  ◦ money\n  ◦ time\n• act."


def test_sub_bullet_with_no_bullet_above_is_a_bullet() -> None:
    """A `◦` list with nothing above it is read as a plain bullet list."""
    assert read(f"◦ The force should plan. ◦ It should act.\n\n{STATUS}").text == (
        "• The force should plan.\n• It should act."
    )


def test_text_of_bullet_marks_alone_is_kept_as_it_is() -> None:
    """A text that is nothing but marks (`• •`) is kept as written, not lost."""
    assert read(f"Recommendation 3\n\n• •\n\n{STATUS}").text == "• •"


def test_dash_items_after_a_colon_are_bullets() -> None:
    """`-` items, on lines after a colon or inline after it, read as bullets."""
    lines = read(
        f"The force should ensure that:\n- victims are believed;\n- crimes are recorded.\n\n{STATUS}"
    )
    inline = read(
        f"The force should ensure that: - victims are believed; - crimes are recorded.\n\n{STATUS}"
    )
    expected = "The force should ensure that:\n• victims are believed;\n• crimes are recorded."
    assert lines.text == expected and inline.text == expected


def test_single_bullet_is_plain_text() -> None:
    """One bullet alone is kept as plain text, as the seed's always was."""
    assert read(f"• {TEXT}\n\n{STATUS}").text == TEXT


# --- entries ----------------------------------------------------------------------------------


def test_last_comment_without_closing_tags_runs_to_the_end() -> None:
    """The usual last entry: `[comment]` text and no `[/comment][/on]`."""
    page = read(f"{TEXT}\n\n{STATUS}[on]4th April 2018 [comment]\n\nDone.\n\nSigned off.\n")
    assert page.events[-1].comment == "Done.\n\nSigned off."


def test_comment_lacking_closing_tags_ends_at_the_next_entry() -> None:
    """A comment with no closing tags is followed by the next dated entry, not swallowing it."""
    page = read(
        f"{TEXT}\n\n[on]1st May 2019 [comment]Noted.[on]2nd May 2019 [status]complete[/status][/on]"
    )
    assert [(e.date, e.comment, e.status) for e in page.events] == [
        (D(2019, 5, 1), "Noted.", None), (D(2019, 5, 2), None, "complete"),
    ]  # fmt: skip


def test_dated_entry_without_an_opener_is_a_comment() -> None:
    """`[on]DATE` then text (closing tags or not) is a comment."""
    page = read(
        f"{TEXT}\n\n[on]4th September 2014\n\nUnder review.\n\n[/comment][/on][on]30th August 2017\n\nInspected."
    )
    assert [(e.date, e.comment) for e in page.events] == [
        (D(2014, 9, 4), "Under review."), (D(2017, 8, 30), "Inspected."),
    ]  # fmt: skip


def test_page_without_entries_keeps_its_progress_paragraph() -> None:
    """No `[on]` at all: the text, and the undated paragraph after it as progress."""
    page = read(
        f"Cause of concern\n\nA gap.\n\n{TEXT}\n\nThe force has done it.\n\nThis recommendation is complete",
        "hampshire_1.txt",
    )
    assert (page.text, page.events) == (TEXT, ())
    assert page.progress == "The force has done it.\n\nThis recommendation is complete"


def test_page_with_only_its_text_has_no_progress() -> None:
    """A page with its text alone: no entries and no progress."""
    page = read(TEXT, "kent_5.txt")
    assert (page.text, page.events, page.progress) == (TEXT, (), None)


def test_undated_text_after_the_last_entry_is_progress() -> None:
    """Text after the last closed entry is kept as progress, not dropped."""
    page = read(f"{TEXT}\n\n{STATUS}\n\nUpdate awaited.\n\nBack to top")
    assert (len(page.events), page.progress) == (1, "Update awaited.")


def test_comment_in_the_same_entry_as_a_status_has_its_date() -> None:
    """`[on]DATE [status]x[/status] [comment]y[/comment][/on]` is a status, then a comment."""
    page = read(
        f"{TEXT}\n\n[on]2nd May 2019 [status]complete[/status] [comment]Closed.[/comment][/on]"
    )
    assert [(e.date, e.status, e.comment) for e in page.events] == [
        (D(2019, 5, 2), "complete", None), (D(2019, 5, 2), None, "Closed."),
    ]  # fmt: skip


def test_address_on_the_last_line_names_the_page_and_is_not_comment_text() -> None:
    """A scrape's footer line with the page's address: force and ID, not part of the comment."""
    address = "https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/kent/8712/"
    page = read(f"{TEXT}\n\n{STATUS}[on]4th April 2018 [comment]\n\nDone.\n\n{address}\n")
    assert (page.tracker_id, page.force, page.events[-1].comment) == ("8712", "kent", "Done.")
    other = "https://www.gov.uk/government/publications/report.pdf"
    assert (
        read(f"{TEXT}\n\n{STATUS}[on]4th April 2018 [comment]\n\nSee:\n{other}").events[-1].comment
        == f"See:\n{other}"
    )


def test_concern_and_text_without_a_blank_line_between_are_told_apart() -> None:
    """Under a section heading, the first line that recommends starts the text."""
    page = read(f"Cause of concern\nHMIC found gaps.\n{TEXT}\n\n{STATUS}")
    assert (page.section, page.concern, page.text) == ("Cause of concern", "HMIC found gaps.", TEXT)


def test_page_cut_mid_word_keeps_what_is_there() -> None:
    """A scrape that stopped mid-word keeps the comment up to the cut."""
    page = read(f"{TEXT}\n\n{STATUS}[on]4th April 2018 [comment]\n\nRed offenders (High ri")
    assert page.events[-1].comment == "Red offenders (High ri"


@pytest.mark.parametrize(
    "cut", ["[on]4th Apr", "[on]4th April 2018 [comm", "[on]", "[", "[/comment][/o"]
)
def test_page_cut_inside_a_tag_drops_the_fragment(cut: str) -> None:
    """A page that stops inside a tag or an entry's date has no debris and no half entry."""
    page = read(f"{TEXT}\n\n{STATUS}[on]1st May 2018 [comment]Noted.{cut}")
    assert [(e.status, e.comment) for e in page.events] == [
        ("awaiting-review", None),
        (None, "Noted."),
    ]


def test_statuses_going_backwards_and_comments_around_them_stay_in_page_order() -> None:
    """History is never sorted: a status going back, a comment after the final status, dates out of order."""
    runs = (
        "[on]28th December 2017 [status]being-progressed[/status][/on]"
        "[on]28th December 2017 [comment]Before the next status.[/comment][/on]"
        "[on]28th December 2017 [status]awaiting-review[/status][/on]"
        "[on]17th May 2018 [status]complete[/status][/on]"
        "[on]1st January 2018 [comment]After the final status, dated earlier.[/comment][/on]"
    )
    page = read(f"{TEXT}\n\n{runs}")
    assert [(e.date, e.status or e.comment) for e in page.events] == [
        (D(2017, 12, 28), "being-progressed"),
        (D(2017, 12, 28), "Before the next status."),
        (D(2017, 12, 28), "awaiting-review"),
        (D(2018, 5, 17), "complete"),
        (D(2018, 1, 1), "After the final status, dated earlier."),
    ]


def test_unknown_status_is_reported_as_it_is() -> None:
    """The reader does not judge statuses: `no-further-action-needed` and others pass through."""
    page = read(
        f"{TEXT}\n\n[on]1st May 2019 [status]no-further-action-needed[/status][/on][on]2nd May 2019 [status]Closed Early[/status][/on]"
    )
    assert [e.status for e in page.events] == ["no-further-action-needed", "Closed Early"]


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("3rd March 2017", D(2017, 3, 3)),
        ("3 March 2017", D(2017, 3, 3)),
        ("31st Dec 2019", D(2019, 12, 31)),
    ],
)
def test_tracker_date_forms(written: str, date: dt.date) -> None:
    """Ordinal or plain days, full or short month names."""
    page = read(f"{TEXT}\n\n[on]{written} [status]complete[/status][/on]")
    assert page.events[0].date == date


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "  \n\n\t\n", "\ufeff"])
def test_empty_page_is_refused(text: str) -> None:
    """A page with nothing on it: one line saying so."""
    assert refusal(text) == "bad.txt: the page is empty"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"404 Page not found\n\n{STATUS}", "line 3: no recommendation text before the first entry"),
        ("Cause of concern\n\nHMIC found gaps in the work.\n\n" + STATUS, "line 5: no recommendation text before the first entry"),
        ("https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/kent/8712/\n\n404 Page not found\n", "no recommendation text on the page"),
        ("Report title (1234)\n\n" + STATUS, "line 3: no recommendation text before the first entry"),
        ("Recommendation 4\n\n" + STATUS, "line 1: the item has no text"),
    ],
)  # fmt: skip
def test_page_with_no_recommendation_text_is_refused(text: str, message: str) -> None:
    """Furniture, a concern, an address, a title line or a heading, but no recommendation text."""
    assert refusal(text) == f"bad.txt: {message}"


def test_page_with_nothing_of_a_tracker_page_is_refused() -> None:
    """Plain text with no heading, entry, ID or address is not a tracker page."""
    assert (
        refusal("just some text\n")
        == "bad.txt: no `Recommendation N` or `Area for improvement N` heading"
    )


def test_date_that_does_not_exist_is_refused_naming_the_line() -> None:
    """`31st February 2019` is no day: the line of its entry is named."""
    message = refusal(f"{TEXT}\n\n{STATUS}\n[on]31st February 2019 [comment]x[/comment][/on]")
    assert message.startswith("bad.txt: line 4: invalid date '31st February 2019': no such day")


def test_untagged_entry_with_an_impossible_date_is_refused() -> None:
    """The date of an entry without an opener is checked too."""
    assert "line 3: invalid date '30th February 2017'" in refusal(
        f"{TEXT}\n\n[on]30th February 2017\n\nText"
    )


def test_page_cut_inside_a_status_is_refused() -> None:
    """A status cut short would give a wrong state: refused, naming the line."""
    assert refusal(f"{TEXT}\n\n[on]1st May 2019 [status]compl") == (
        "bad.txt: line 3: unclosed [status] (no [/status] after the name)"
    )


def test_nul_bytes_are_binary_data_not_a_page() -> None:
    """Text with a NUL byte (UTF-16, a binary file) is refused with a clean message."""
    assert (
        refusal(f"{TEXT}\n\n\x00\x01\x02PK\x03\x04")
        == "bad.txt: line 3: a NUL byte: binary data, not a text page"
    )


def test_control_heavy_text_is_binary_data_not_a_page() -> None:
    """Text that is mostly control characters is refused, not read as garbage."""
    junk = "".join(chr(1 + (i * 7) % 30) for i in range(200)) + "Recommendation 1\n\nx"
    assert refusal(junk).endswith("are control characters: binary data, not a text page")


def test_long_page_reads_in_linear_time() -> None:
    """20,000 entries without closing tags read in seconds (each entry is not a rescan)."""
    import time

    started = time.perf_counter()
    page = read(f"{TEXT}\n\n" + "[on]1st May 2019 [comment]Noted. " * 20_000)
    assert len(page.events) == 20_000 and page.events[-1].line == 3
    assert time.perf_counter() - started < 8  # about 0.3 s; a rescan per entry takes minutes
