"""Badge colours: every status distinct, and readable at WCAG AA."""

from __future__ import annotations

import re

import pytest

from rectrack.domain.workflow import AUDIT_WORKFLOW, DEFAULT_WORKFLOW, Workflow
from rectrack.exporters.palette import (
    AA_NORMAL_TEXT,
    NO_STATUS,
    badge_colours,
    contrast_ratio,
)
from rectrack.exporters.site import build_site
from tests.exporters.site.factory import SOURCE, TODAY

MANY = Workflow(statuses=tuple(f"s{n}" for n in range(24)), initial="s0",
                final=frozenset({"s20", "s21", "s22", "s23"}))  # fmt: skip
# Which text colour (a site.css variable) sits on which background, outside badges.
PAGE_PAIRS = [("ink", "#ffffff"), ("muted", "#ffffff"), ("link", "#ffffff"), ("late", "#ffffff"),
              ("late", "late-bg"), ("link", "late-bg"), ("ink", "late-bg"), ("ink", "head-bg"),
              ("muted", "head-bg")]  # fmt: skip


def shipped_css(workflow: Workflow) -> str:
    files = build_site(recs=[], workflow=workflow, today=TODAY, title="T", source=SOURCE)
    return files["site.css"].decode()


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    """Black on white is 21:1, white on white 1:1, #767676 on white just passes AA (4.54)."""
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    "workflow", [DEFAULT_WORKFLOW, AUDIT_WORKFLOW, MANY], ids=["default", "audit", "24"]
)
def test_every_badge_is_distinct_and_passes_aa(workflow: Workflow) -> None:
    """Each status has its own pair, and every pair's contrast is at least 4.5:1."""
    pairs = badge_colours(workflow.statuses, final=workflow.final)
    assert len(set(pairs)) == len(pairs) == len(workflow.statuses)
    assert NO_STATUS not in pairs
    for pair in [*pairs, NO_STATUS]:
        assert contrast_ratio(pair.text, pair.background) >= AA_NORMAL_TEXT, pair


def test_the_shipped_stylesheet_holds_those_badge_colours() -> None:
    """site.css gives each status class the pair tested above, and 'no status' its own."""
    css = shipped_css(AUDIT_WORKFLOW)
    rules = re.findall(
        r"\.badge\.(s[\w-]+) \{ color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6}); \}", css
    )
    pairs = badge_colours(AUDIT_WORKFLOW.statuses, final=AUDIT_WORKFLOW.final)
    expected = [(f"s{n}", pair.text, pair.background) for n, pair in enumerate(pairs)]
    assert rules == [*expected, ("s-none", NO_STATUS.text, NO_STATUS.background)]


@pytest.mark.parametrize(("text", "background"), PAGE_PAIRS)
def test_page_text_colours_in_the_stylesheet_pass_aa(text: str, background: str) -> None:
    """Body, muted, link and overdue text, as site.css defines them, pass AA where they sit."""
    variables = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", shipped_css(DEFAULT_WORKFLOW)))
    colour = variables[text]
    ground = variables.get(background, background)
    assert contrast_ratio(colour, ground) >= AA_NORMAL_TEXT, (text, background)
