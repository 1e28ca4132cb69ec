"""The Markdown export: a summary table and per-recommendation timelines, escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.markdown import cell, escape, export_markdown

TODAY = dt.date(2020, 1, 1)


def sample() -> list[Recommendation]:
    """A recommendation with a pipe in its title and a two-paragraph comment."""
    return [
        Recommendation(
            id=5,
            header={"title": "Map OCGs | regionally *now*", "text": "The force should act.",
                    "due": dt.date(2019, 6, 1), "report": "PEEL"},
            events=(
                StatusChange(date=dt.date(2019, 1, 1), by="HMICFRS", status="awaiting-review"),
                Comment(date=dt.date(2019, 2, 1), by="HMICFRS", text="First.\n\n- not a list"),
                FieldChange(date=dt.date(2019, 3, 1), by="P&A", field="owner", value="Kim"),
            ),
        )
    ]  # fmt: skip


def test_document_has_summary_table_and_timeline() -> None:
    """One table row per recommendation, then its section with every event."""
    text = export_markdown(sample(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="Board")
    assert text.startswith("# Board\n\n1 recommendation(s) on 1st January 2020")
    assert "| 5 | Map OCGs \\| regionally \\*now\\* | awaiting-review | Kim | 2019-06-01 **overdue** | 2019-03-01 |" in text  # fmt: skip
    assert "## 5. Map OCGs \\| regionally \\*now\\*" in text
    assert "- **2019-01-01** HMICFRS: status *awaiting-review*" in text
    assert "  > First.\n  >\n  > \\- not a list" in text
    assert "- **2019-03-01** P&A: set owner to Kim" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`"),
        ("<b>&amp;", "\\<b\\>&amp;amp;"),
        ("D&C", "D&C"),
        ("# heading\n1. item\n+ plus", "\\# heading\n1\\. item\n\\+ plus"),
        ("[link](x)", "\\[link\\](x)"),
    ],
)
def test_user_text_is_escaped(raw: str, escaped: str) -> None:
    """Characters that would change the rendering are backslash-escaped; plain & stays."""
    assert escape(raw) == escaped


def test_cells_are_one_line() -> None:
    """Line breaks in a table cell become spaces."""
    assert cell("a\nb  c") == "a b c"
