"""index.html: headline counts derived from the workflow, counts by status, the chart, filters."""

from __future__ import annotations

import datetime as dt

from rectrack.domain.events import StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import AUDIT_WORKFLOW, DEFAULT_WORKFLOW, Workflow
from rectrack.exporters.site import build_site
from tests.exporters.site.factory import SOURCE, TODAY
from tests.exporters.site.pages import parse

D = dt.date
EARLY = D(2025, 1, 1)


def recs_in(
    statuses: list[str], *, due: dt.date | None = None, day: dt.date = EARLY
) -> list[Recommendation]:
    return [
        Recommendation(id=n, header={"title": f"T{n}", "due": due},
                       events=(StatusChange(date=day, by="A", status=status),))
        for n, status in enumerate(statuses, start=1)
    ]  # fmt: skip


def index(recs: list[Recommendation], workflow: Workflow) -> str:
    files = build_site(recs=recs, workflow=workflow, today=TODAY, title="T", source=SOURCE)
    return " ".join(parse(files["index.html"]).all_text.split())


def test_audit_workflow_counts_awaiting_sign_off_from_its_rule() -> None:
    """'implemented' is what `verified`'s different_person_from names: that is awaiting sign-off."""
    statuses = [
        "open",
        "being-progressed",
        "implemented",
        "implemented",
        "verified",
        "risk-accepted",
    ]
    text = index(recs_in(statuses, due=D(2026, 1, 1)), AUDIT_WORKFLOW)
    assert "4 Open not yet closed, including those in progress and awaiting sign-off" in text
    assert "1 In progress status: being-progressed" in text
    assert "2 Awaiting sign-off status: implemented" in text
    assert "2 Closed statuses: verified, risk-accepted, not-accepted" in text
    assert "4 Overdue open and past the current due date" in text


def test_default_workflow_has_no_sign_off_count() -> None:
    """With no sign-off rule the count is left out, not shown as a misleading zero."""
    text = index(recs_in(["awaiting-review", "being-progressed", "complete"]), DEFAULT_WORKFLOW)
    assert "2 Open" in text and "1 In progress" in text and "1 Closed" in text
    assert "sign-off" not in text.lower() and "0 Overdue" in text


def test_counts_by_status_follow_workflow_order_with_zeros_and_extras() -> None:
    """Every workflow status in its order, zeros included, then statuses the workflow lacks."""
    recs = recs_in(["complete", "legacy-status", "awaiting-review"])
    html = build_site(recs=recs, workflow=DEFAULT_WORKFLOW, today=TODAY, title="T", source=SOURCE)[
        "index.html"
    ].decode()
    table = html[html.index("<caption>Recommendations by status") : html.index("</table>")]
    rows = [" ".join(" ".join(parse(row.encode()).text).split()) for row in table.split("<tr>")[2:]]
    counts = {"awaiting-review": 1, "complete": 1}
    in_order = [f"{status} {counts.get(status, 0)}" for status in DEFAULT_WORKFLOW.statuses]
    assert rows == [*in_order, "legacy-status 1"]
    assert in_order[:3] == ["awaiting-review 1", "being-progressed 0", "complete 1"]


def test_one_day_of_history_says_so_instead_of_drawing_a_chart() -> None:
    """All events on one day: no SVG, a sentence; two days: the chart."""
    one_day = index(recs_in(["awaiting-review", "complete"], day=D(2026, 11, 25)), DEFAULT_WORKFLOW)
    assert "Not enough history yet" in one_day
    files = build_site(
        recs=recs_in(["complete"]), workflow=DEFAULT_WORKFLOW, today=TODAY, title="T", source=SOURCE
    )
    page = files["index.html"].decode()
    assert "<svg" in page and "Not enough history yet" not in page and page.count("<polyline") == 2


def test_filter_controls_are_hidden_until_the_script_shows_them() -> None:
    """Without JavaScript the filter form stays hidden; every row carries its filter keys."""
    files = build_site(recs=recs_in(["complete", "awaiting-review"]), workflow=DEFAULT_WORKFLOW,
                       today=TODAY, title="T", source=SOURCE)  # fmt: skip
    page = parse(files["index.html"])
    (form,) = [attrs for tag, attrs in page.tags if tag == "form"]
    assert "hidden" in form and form["id"] == "filters"
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and "data-status" in attrs]
    assert [(row["data-status"], row["data-owner"], row["data-report"]) for row in rows] == [
        ("2", "0", "0"),
        ("0", "0", "0"),
    ]
    for tag, attrs in page.tags:
        if tag == "table":
            assert any(t == "caption" for t, _ in page.tags) or "aria-label" in attrs


def test_every_page_has_one_h1_and_scoped_table_headers() -> None:
    """One h1 per page; every <th> says whether it heads a column or a row."""
    files = build_site(recs=recs_in(["complete", "awaiting-review"]), workflow=DEFAULT_WORKFLOW,
                       today=TODAY, title="T", source=SOURCE)  # fmt: skip
    for path, content in files.items():
        if path.endswith(".html"):
            page = parse(content)
            assert page.count("h1") == 1, path
            assert all(
                attrs.get("scope") in ("col", "row") for tag, attrs in page.tags if tag == "th"
            ), path
            assert page.count("table") == page.count("caption"), path
