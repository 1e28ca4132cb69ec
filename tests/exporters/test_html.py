"""The HTML export: self-contained, escaped, and rendered by a real browser."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import AUDIT_WORKFLOW, DEFAULT_WORKFLOW, Workflow
from rectrack.exporters.html import export_html
from rectrack.exporters.palette import contrast_ratio
from tests.exporters.site.png import pixels
from tests.helpers import new_rec, rec

TODAY = dt.date(2026, 11, 25)
MANY = Workflow(statuses=tuple(f"step-{n}" for n in range(14)), initial="step-0",
                final=frozenset({"step-12", "step-13"}))  # fmt: skip
HOSTILE = '<script>alert("x")</script></style><img src="http://example.org/x.png">'


def sample() -> list[Recommendation]:
    """Two recommendations: one closed with a hostile comment, one overdue."""
    day = dt.date
    first = Recommendation(
        id=5,
        header={"title": f"Title {HOSTILE}", "text": "Para one.\n\nPara & two.", "owner": None},
        events=(
            StatusChange(date=day(2017, 3, 3), by="HMICFRS", status="awaiting-review"),
            Comment(date=day(2018, 3, 27), by="<b>me</b>", text=f"Note {HOSTILE}\nline two"),
            StatusChange(date=day(2019, 5, 2), by="HMICFRS", status="complete"),
        ),
    )
    second = Recommendation(
        id=6,
        header={"title": "Late one", "due": day(2026, 6, 30), "owner": "DCI Smith"},
        events=(
            StatusChange(date=day(2025, 11, 4), by="P&A", status="awaiting-review"),
            FieldChange(date=day(2026, 1, 5), by="P&A", field="owner", value="DI Jones"),
        ),
    )
    return [first, second]


def test_page_is_self_contained_and_escapes_user_text() -> None:
    """No external URL is loaded, no user markup survives, a CSP forbids the network."""
    page = export_html(sample(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="Board <report>")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<title>Board &lt;report&gt;</title>" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<p>Para one.</p><p>Para &amp; two.</p>" in page
    assert "Note " in page and "<br>line two" in page


def test_summary_lists_overdue_first_and_counts_by_status() -> None:
    """The summary table starts with the overdue item; counts cover each status present."""
    page = export_html(sample(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="R")
    table = page[page.index('<table class="list">') :]
    assert table.index("#rec-6") < table.index("#rec-5")
    assert "1 open, 1 closed" in page and "1 overdue" in page
    assert page.count("<polyline") == 2


def test_empty_ledger_exports_a_page_saying_so() -> None:
    """No recommendations: a valid page whose chart says there is nothing yet."""
    page = export_html([], workflow=DEFAULT_WORKFLOW, today=TODAY, title="R")
    assert "No events yet" in page and page.rstrip().endswith("</html>")


def test_one_day_of_history_says_so_rather_than_drawing_nothing() -> None:
    """Every event on one day (today, say): the chart frame says there is not enough history."""
    one = Recommendation(
        id=1, header={"title": "New"},
        events=(StatusChange(date=TODAY, by="P&A", status="awaiting-review"),),
    )  # fmt: skip
    page = export_html([one], workflow=DEFAULT_WORKFLOW, today=TODAY, title="R")
    assert "Not enough history yet" in page and "<polyline" not in page
    earlier = Recommendation(id=2, header={"title": "Older"}, events=(
        StatusChange(date=dt.date(2026, 1, 5), by="P&A", status="awaiting-review"),))  # fmt: skip
    drawn = export_html([one, earlier], workflow=DEFAULT_WORKFLOW, today=TODAY, title="R")
    assert "Not enough history yet" not in drawn and drawn.count("<polyline") == 2


def _badge_rules(page: str) -> dict[str, tuple[str, str]]:
    """{class: (text colour, background)} of every badge rule in the page's CSS."""
    found = re.findall(
        r"\.badge(\.s\d+)? \{ color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6}); \}", page
    )
    return {name or "badge": (text, background) for name, text, background in found}


@pytest.mark.parametrize(
    "workflow", [DEFAULT_WORKFLOW, AUDIT_WORKFLOW, MANY], ids=["default", "audit", "many"]
)
def test_every_status_has_its_own_readable_colour(workflow: Workflow) -> None:
    """Each status's badge has a colour pair no other status has, at WCAG AA contrast (4.5:1
    or more), and every badge in the page carries its status as text."""
    recs = [
        Recommendation(id=n, header={"title": f"Rec {n}"}, events=(
            StatusChange(date=dt.date(2026, 1, 1), by="P&A", status=status),))
        for n, status in enumerate(workflow.statuses, 1)
    ]  # fmt: skip
    page = export_html(recs, workflow=workflow, today=TODAY, title="R")
    rules = _badge_rules(page)
    assert set(rules) == {"badge"} | {f".s{n}" for n in range(len(workflow.statuses))}
    pairs = [rules[f".s{n}"] for n in range(len(workflow.statuses))]
    assert len(set(pairs)) == len(pairs), "two statuses share a colour"
    assert len({background for _, background in pairs}) == len(pairs)
    for text, background in [*pairs, rules["badge"]]:
        assert contrast_ratio(text, background) >= 4.5, (text, background)
    for n, status in enumerate(workflow.statuses):
        assert f'<span class="badge s{n}">{status}</span>' in page
    assert not re.search(r'<span class="badge[^"]*"></span>', page)


def test_zero_counts_are_not_alarming() -> None:
    """ "0 overdue" is plain text; a real overdue count is marked, and so are zero counts."""
    closed = sample()[:1]
    calm = export_html(closed, workflow=DEFAULT_WORKFLOW, today=TODAY, title="R")
    header = calm[calm.index("<header>") : calm.index("</header>")]
    assert "0 overdue" in header and 'class="overdue"' not in header
    late = export_html(sample(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="R")
    header = late[late.index("<header>") : late.index("</header>")]
    assert '<span class="overdue">1 overdue</span>' in header


# --- in a real browser ---------------------------------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _colours(rows: list[bytes], size: int) -> set[tuple[int, ...]]:
    return {tuple(row[i : i + 3]) for row in rows for i in range(0, len(row), size)}


@pytest.mark.browser
def test_html_export_renders_in_headless_chromium(ledger: Path, tmp_path: Path) -> None:
    """Chromium renders the exported page: the DOM has our content, the PNG shows the chart."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing under CI (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    rec_id = new_rec(ledger, "--title", f"Hostile {HOSTILE}", "--due", "2020-01-01",
                     "--date", "2019-01-01")  # fmt: skip
    rec(
        ledger, "comment", str(rec_id), "Paragraph & <one>\n\nParagraph two", "--date", "2019-06-01"
    )
    new_rec(ledger, "--title", "Done one", "--date", "2018-01-01")
    assert rec(ledger, "status", "2", "complete", "--date", "2019-03-01").exit_code == 0
    page = tmp_path / "report.html"
    result = rec(ledger, "export", "--format", "html", "--output", str(page))
    assert result.exit_code == 0, result.output
    common = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,2000",
    ]  # fmt: skip
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert '<article id="rec-1">' in dom and '<article id="rec-2">' in dom
    assert "<script" not in dom.lower()
    assert "Hostile &lt;script&gt;" in dom
    assert dom.count("<polyline") == 2
    shot = tmp_path / "report.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120
    )
    width, height, rows, size = pixels(shot.read_bytes(), max_rows=900)
    assert (width, height) == (1200, 2000)
    colours = _colours(rows, size)
    assert len(colours) > 50, "the page rendered blank"
    assert (0xD4, 0x62, 0x2A) in colours, "the open line of the chart is not drawn"
    assert (0x1A, 0x7F, 0x37) in colours, "the closed line of the chart is not drawn"
    # The two statuses present, each in its own badge colour (exporters/palette.py).
    assert (0xE4, 0xEA, 0xF3) in colours, "the awaiting-review badge is not coloured"
    assert (0xD6, 0xF3, 0xDE) in colours, "the complete badge is not coloured"
