"""The seven real tracker pages: each read whole, its entries asserted in page order.

The pages in tests/data/tracker-pages/ are from HMICFRS's public recommendations tracker,
Crown copyright, used under the Open Government Licence v3.0
(nationalarchives.gov.uk/doc/open-government-licence/version/3/).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rectrack.importers.tracker import TrackerPage, parse_page

PAGES = Path(__file__).resolve().parent.parent / "data" / "tracker-pages"
D = dt.date


def read(name: str) -> TrackerPage:
    """A shared page parsed under its own file name, as `rec import tracker` reads it."""
    return parse_page((PAGES / name).read_text(encoding="utf-8"), source=name)


def history(page: TrackerPage) -> list[tuple[dt.date, str, str]]:
    """The page's entries as (date, "status" or "comment", name or text), in page order."""
    return [
        (e.date, "status", e.status)
        if e.status is not None
        else (e.date, "comment", e.comment or "")
        for e in page.events
    ]


def identity(page: TrackerPage) -> tuple[str | None, ...]:
    return (page.tracker_id, page.force, page.theme, page.report)


def test_devon_and_cornwall_has_no_heading_a_bulleted_text_and_an_unclosed_last_comment() -> None:
    """The ID and force come from the file name; the five bullets follow their lead-in."""
    page = read("devon-and-cornwall_6989.txt")
    assert identity(page) == ("6989", "devon-and-cornwall", None, None)
    assert (page.kind, page.number, page.section, page.concern, page.progress) == (
        "recommendation", None, None, None, None,
    )  # fmt: skip
    assert page.text == (
        "Within six months the force should put in place arrangements to ensure that:\n"
        "• at the point of report, victims are believed;\n"
        "• conversations between the call handlers and callers are summarised accurately in the incident log, thus providing attending officers with full facts on which to base crime-recording decisions;\n"
        "• multiple crimes are always recorded when described within incident records or identified as part of other recorded crime investigations;\n"
        "• the practice of awaiting the results of medical examinations or video interviews before making crime-recording decisions is stopped; and\n"
        "• online reports of crime are triaged at the point of receipt to ensure any ongoing risks to the victim or the wider public are identified and appropriately managed."
    )
    assert history(page) == [
        (D(2017, 2, 9), "status", "awaiting-review"),
        (D(2017, 2, 10), "comment", "New recommendation"),
        (D(2018, 1, 25), "status", "being-progressed"),
        (D(2018, 1, 25), "comment", "CDI re-inspection took place Nov 17 to Jan 18. HMICFRS CDI team to update this recommendation when re-inspection findings are known."),
        (D(2018, 2, 2), "comment", 'Update from Richie Barber HMICFRS CDI team:\n\n"CompletedVictims are clearly believedCall handlers have had additionjal training regarding the importance of recording all available info on a log and in passing this info to officersMore multiple crimes are being recorded Croimes are now recorded before any ABE i/v or medical examination with supervisors looking for thisTriage is now improved with regualr messaging to the public to prevent any seriojus crfimes being reported this way."'),
        (D(2018, 4, 27), "status", "complete"),
        (D(2018, 4, 27), "comment", "Authorised for closure on the basis of the additional observations offered by members of the CDI inspection team in recent inspection activity."),
    ]  # fmt: skip
    assert [e.line for e in page.events] == [12, 12, 16, 16, 20, 26, 26]


def test_kent_is_cut_off_mid_sentence_and_keeps_what_is_there() -> None:
    """The scrape stopped inside the last comment: its text up to the cut is kept."""
    page = read("kent_8712.txt")
    assert identity(page) == ("8712", "kent", None, None)
    assert page.section == "Cause of concern"
    assert page.concern == (
        "HMIC found that in many forces there is a material lack of focus, grip and effective activity directed to apprehending wanted suspects. There are too often inconsistencies and weaknesses in how rapidly forces circulate information about wanted suspects on the Police National Computer (PNC), and too often inadequate efforts are made to apprehend these individuals once the information has been circulated."
    )  # fmt: skip
    assert page.text == (
        "Immediately, all forces should review their current procedures for apprehending wanted suspects, assess the number of wanted suspects on the PNC and those whose details have yet to be circulated on the PNC, and take prompt and effective action to apprehend those suspects."
    )  # fmt: skip
    assert history(page) == [
        (D(2017, 3, 3), "status", "awaiting-review"),
        (D(2018, 4, 4), "status", "being-progressed"),
        (D(2018, 4, 4), "comment", "Kent Police have been addressing this issue since our 2016 effectiveness inspection that noted that their performance in this area had worsened. In our 2017 effectiveness inspection we reported that:\n\nA new process to better manage wanted persons has been introduced that seeks to ensure that those persons who are wanted for offences are subject to determined and continuous efforts to seek their earliest arrest. This process has also improved the speed by which wanted persons are circulated on the Police National Computer (PNC), and in July 2017, Kent Police had a 17.4 percent increase in the numbers of persons circulated on the PNC compared to the number in August 2016. This means that other police forces as well as Kent Police are able to help find or apprehend these people, and thereby reduce the risk to the public."),
        (D(2018, 8, 24), "comment", "This recommendation will be subject to a final review during the force's Integrated Peel Inspection in early December 2018."),
        (D(2019, 2, 13), "comment", "KNT has a clear policy as regards circulation of suspects. Red offenders (High risk"),
    ]  # fmt: skip


def test_hampshire_has_no_entries_bullets_on_one_line_and_a_progress_paragraph() -> None:
    """Three `•` on one line are three bullets; the undated paragraphs after are progress."""
    page = read("hampshire_8787.txt")
    assert identity(page) == ("8787", "hampshire", None, None)
    assert page.events == ()
    assert page.section == "Cause of concern"
    assert page.concern == (
        "The force’s current approach to domestic abuse is unacceptable. The proportion of victims who fail to support the investigation and the low use of police powers of arrest and prosecution is a cause of concern to HMIC."
    )  # fmt: skip
    assert page.text == (
        "• In order to improve the service it provides to victims of domestic abuse, offer the best possible protection and bring more perpetrators to justice, the force should immediately consider ways of increasing the use of arrest, ancillary orders and other available powers.\n"
        "• To improve the service provided to victims of domestic abuse the force should immediately take steps to understand and address the reason behind why such a high proportion of victims of domestic abuse do not support the police investigation.\n"
        "• In addition, the practice of conducting domestic abuse risk assessments over the telephone and dealing with domestic abuse in the resolution centre should cease"
    )  # fmt: skip
    assert page.progress == (
        "The force has responded positively to this recommendation from our 2016 effectiveness inspection and has achieved it in full. No DA risks assessments are now conducted over the telephone. It has taken action to increase the proportion of arrests resulting from DA offences to be in line with national averages for E and W andincreased use of ancillary orders to protect victims of DA. It has conducted detailed analysis behind the reasons for the high use of outcome 16 and now has a greater understanding of the reasons behind this.\n\n"
        "This recommendation is complete"
    )  # fmt: skip


def test_listing_has_inline_cause_of_concern_and_recommendation_bullet() -> None:
    """`Cause of concern TEXT` and `Recommendation • TEXT` split into section, concern, text."""
    page = read("recommendations-listing.txt")
    assert identity(page) == (None, None, None, None)
    assert (page.kind, page.number, page.section) == ("recommendation", None, "Cause of concern")
    assert (
        page.concern
        == "The size of the vetting backlog within West Midlands Police is a cause of concern."
    )
    assert page.text == (
        "The force should ensure all staff have received at least the lowest level of vetting clearance for their roles as quickly as possible, working to clear both the vetting backlog and new vetting renewals when they become due so that it complies fully with the national vetting guidelines."
    )  # fmt: skip
    assert history(page) == [(D(2019, 5, 2), "status", "awaiting-review")]
    assert page.events[0].line == 8


def test_theme_audit_has_a_report_title_line_and_a_status_that_goes_back() -> None:
    """`Report (7319)` gives report and ID; awaiting-review after being-progressed is kept."""
    page = read("theme-audit_7319.txt")
    assert identity(page) == (
        "7319",
        None,
        "audit",
        "Merseyside Police: Crime Data Integrity inspection 2016",
    )
    assert page.text == (
        "Within six months, the force should review the extent of its crime-recording related auditing and implement arrangements which ensure that its auditing of these records meet the national minimum standards for such audits."
    )  # fmt: skip
    assert "(7319)" not in page.text and page.section is None and page.concern is None
    assert history(page) == [
        (D(2017, 2, 9), "status", "awaiting-review"),
        (D(2017, 2, 17), "comment", "New recommendation"),
        (D(2017, 12, 28), "status", "being-progressed"),
        (D(2017, 12, 28), "comment", "Merseyside Police are progressing this recommendation. A re-inspection will take place in early 2018"),
        (D(2017, 12, 28), "status", "awaiting-review"),
        (D(2018, 4, 4), "comment", "The force has been subject of a crime data integrity (CDI) re-inspection in February 2018 and it was considered that this recommendation had been completed.\n\nWe note that the force has increased its capacity to carry out audits. The FCR is supported by an audit team comprising 2 supervisors and 4 staff. The 2017 audit plan was delivered successfully and the FCR is confident he has sufficient resources to deliver the comprehensive 2018 audit plan and to monitor crime recording performance.\n\nThe force at any time may be subject of a further unannounced inspection as part of the CDI programme."),
        (D(2018, 5, 17), "status", "complete"),
        (D(2018, 5, 17), "comment", "I am satisfied that the terms of this recommendation have been properly addressed and this recommendation is therefore complete.\n\nJohn Martin"),
    ]  # fmt: skip


def test_theme_evaluation_closes_with_no_further_action_needed() -> None:
    """A status the default workflow lacks is reported as it is, for the app to check."""
    page = read("theme-evaluation_1504.txt")
    report = "Core Business: an inspection into crime prevention, police attendance and the use of police time"
    assert identity(page) == ("1504", None, "evaluation", report)
    assert page.text == (
        "By 31 March 2015 all forces should ensure that crime prevention or disruption activity carried out is systematically recorded and subsequently evaluated to determine the effectiveness of tactics being employed."
    )  # fmt: skip
    assert history(page) == [
        (D(2014, 9, 4), "status", "awaiting-review"),
        (D(2016, 9, 30), "comment", "The status of this recommendation is currently being reviewed by HMIC and will be updated when this review is complete."),
        (D(2017, 8, 30), "status", "no-further-action-needed"),
    ]  # fmt: skip


def test_theme_harm_has_dated_entries_without_an_opener_which_are_comments() -> None:
    """`[on]DATE` then text with no `[comment]`: a comment, without the closing-tag debris."""
    page = read("theme-harm_4822.txt")
    report = "Core Business: an inspection into crime prevention, police attendance and the use of police time"
    assert identity(page) == ("4822", None, "harm", report)
    assert page.text == (
        "Not later than 31 March 2015 those forces using a threat, harm and risk policy, that have not yet done so, should provide call-handlers with specific, sound and comprehensible criteria against which they can assess threat, harm and risk."
    )  # fmt: skip
    assert history(page) == [
        (D(2014, 9, 4), "comment", "The status of this recommendation is currently being reviewed by HMIC and will be updated when this review is complete."),
        (D(2017, 8, 30), "comment", "This area of activity has subsequently been inspected in HMIC's PEEL Effectiveness inspections. Where a cause of concern still exists this will appear in the register against these subsequent inspections."),
    ]  # fmt: skip


def test_no_page_text_carries_tag_debris_or_page_furniture() -> None:
    """Text, concern and comments of every page are free of tags, 404 lines and addresses."""
    for path in sorted(PAGES.glob("*.txt")):
        page = read(path.name)
        parts = [page.text, page.concern or "", page.progress or ""]
        parts += [e.comment or e.status or "" for e in page.events]
        for part in parts:
            assert "[on]" not in part and "[/" not in part and "[comment]" not in part, path.name
            assert "Page not found" not in part and "http" not in part, path.name


def test_seed_page_reads_exactly_as_the_demo_ledgers_recommendation_5() -> None:
    """The seed's text, section, concern, kind, number and ten events equal recs/5.yaml's."""
    from rectrack.domain.events import Comment, StatusChange
    from rectrack.store import recfile

    repo = PAGES.parent.parent.parent
    demo = recfile.parse_recommendation(
        (repo / "recs/5.yaml").read_bytes(), rec_id=5, path="recs/5.yaml"
    )
    page = parse_page(
        (PAGES.parent / "tracker_seed_000.txt").read_text(encoding="utf-8"),
        source="tracker_seed_000.txt",
    )
    fields = ("text", "section", "concern", "kind", "number", "title")
    assert {f: getattr(page, f) for f in fields} == {f: demo.header[f] for f in fields}
    expected = [
        (e.date, "status", e.status) if isinstance(e, StatusChange) else (e.date, "comment", e.text)
        for e in demo.events
        if isinstance(e, StatusChange | Comment)
    ]
    assert len(expected) == 10 and history(page) == expected
