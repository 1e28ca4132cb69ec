"""Every document shows corrections: the corrected text with a mark, withdrawn events struck."""

from __future__ import annotations

import datetime as dt

from rectrack.domain.changes import ChangeSet, RecChanges
from rectrack.domain.events import Amendment, Comment, FieldChange, Retraction, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters import changes as change_documents
from rectrack.exporters.csv_export import export_csv
from rectrack.exporters.html import export_html
from rectrack.exporters.json_export import export_json
from rectrack.exporters.markdown import export_markdown
from rectrack.exporters.site import build_site
from rectrack.importers.json_import import parse_export
from tests.exporters.site.factory import SOURCE

D = dt.date
TODAY = D(2026, 11, 29)
CORRECTIONS = (
    Amendment(date=D(2026, 3, 5), by="Jo", event=2, text="Template agreed"),
    Retraction(date=D(2026, 3, 5), by="Jo", event=3, reason="on the wrong recommendation"),
    Retraction(date=D(2026, 3, 5), by="Jo", event=4, reason="wrong owner"),
)
REC = Recommendation(
    id=6,
    header={"title": "Digest", "owner": "Supt. Okafor"},
    events=(
        StatusChange(date=D(2026, 3, 1), by="Jo", status="awaiting-review"),
        Comment(date=D(2026, 3, 3), by="Jo", text="Tmplate agreed"),
        Comment(date=D(2026, 3, 4), by="Jo", text="Meant for rec 7"),
        FieldChange(date=D(2026, 3, 4), by="Jo", field="owner", value="Wrong Person"),
        *CORRECTIONS,
    ),
)


def test_markdown_shows_the_amended_text_and_strikes_the_withdrawn() -> None:
    """The Markdown timeline: current text, marks, `~~` on withdrawn entries, no corrections."""
    text = export_markdown([REC], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T")
    assert "> Template agreed" in text and "Tmplate" not in text
    assert "*(amended 2026-03-05 by Jo)*" in text
    assert (
        "~~**2026-03-04** Jo: comment~~ *(withdrawn 2026-03-05 by Jo: on the wrong recommendation)*"
        in text
    )
    assert "~~**2026-03-04** Jo: set owner to Wrong Person~~" in text
    assert "Wrong Person" in text  # the withdrawn change is still shown, struck


def test_html_strikes_the_withdrawn_with_del() -> None:
    """The HTML page: <del> around withdrawn events, the mark beside them."""
    page = export_html([REC], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T")
    assert "<p>Template agreed</p>" in page and "Tmplate" not in page
    assert page.count("<del>") == 2
    assert "(withdrawn 2026-03-05 by Jo: wrong owner)" in page


def test_csv_has_the_owner_as_corrected() -> None:
    """Field values in the CSV are the folded ones: a withdrawn owner change does not count."""
    assert "Supt. Okafor" in export_csv([REC], workflow=DEFAULT_WORKFLOW, today=TODAY)
    assert "Wrong Person" not in export_csv([REC], workflow=DEFAULT_WORKFLOW, today=TODAY)


def test_json_export_round_trips_corrections_through_the_importer() -> None:
    """The export keeps events as recorded (plus how they stand): import gives them back."""
    (imported,) = parse_export(export_json([REC]), source="x.json")
    assert imported.events == REC.events


def test_changes_report_names_corrections() -> None:
    """`rec changes` counts corrections and says what each did."""
    change_set = ChangeSet(since="2026-03-04", commit=None, committed=None,
                           changes=[RecChanges(rec=REC, new=False, events=CORRECTIONS)])  # fmt: skip
    markdown = change_documents.as_markdown(change_set, workflow=DEFAULT_WORKFLOW)
    assert "Since the start of the ledger: 3 corrections." in markdown
    assert "amended the text of event 2" in markdown and "  > Template agreed" in markdown
    assert r"withdrew event 4 \(reason: wrong owner\)" in markdown
    html = change_documents.as_html(change_set, workflow=DEFAULT_WORKFLOW)
    assert "withdrew event 3 (reason: on the wrong recommendation)" in html


def test_site_page_marks_corrections_and_links_them() -> None:
    """The site's page: current text, marks, each correction linking to its event."""
    files = build_site(recs=[REC], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T",
                       source=SOURCE)  # fmt: skip
    page = files["recs/6.html"].decode()
    assert "Template agreed" in page
    assert '<li id="event-3" class="event comment withdrawn">' in page
    assert 'Withdrew <a href="#event-4">event 4</a>' in page
    assert "(amended 2026-03-05 by Jo)" in page
