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
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.html import export_html
from tests.exporters.site.png import pixels
from tests.helpers import new_rec, rec

TODAY = dt.date(2026, 11, 25)
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
