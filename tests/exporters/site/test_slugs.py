"""Report file names: stable, safe ASCII, unique even when two names slug alike."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from rectrack.exporters.site.slugs import NO_REPORT_SLUG, base_slug, report_slugs

SAFE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_plain_names_keep_a_readable_slug() -> None:
    """Punctuation and accents fold to hyphenated lower-case ASCII."""
    assert base_slug("HMIC: organised crime group mapping") == "hmic-organised-crime-group-mapping"
    assert base_slug("PEEL – légitimité 2025") == "peel-legitimite-2025"
    assert base_slug("第一") == "report" and base_slug("CON") == "con-report"


def test_names_that_slug_alike_each_get_their_own_file() -> None:
    """'PEEL 2025', 'peel-2025' and 'PEEL: 2025' all differ; none takes the plain slug."""
    slugs = report_slugs(["PEEL 2025", "peel-2025", "PEEL: 2025", "Other", None])
    assert len(set(slugs.values())) == 5
    assert slugs["Other"] == "other" and slugs[None] == NO_REPORT_SLUG
    assert all(
        slugs[name].startswith("peel-2025-") for name in ("PEEL 2025", "peel-2025", "PEEL: 2025")
    )


def test_a_clashing_name_keeps_its_slug_when_more_names_arrive() -> None:
    """The hash suffix depends on the name alone, not on which other reports exist."""
    first = report_slugs(["PEEL 2025", "peel 2025"])
    second = report_slugs(["PEEL 2025", "peel 2025", "Peel 2025!", "Zed"])
    assert first["PEEL 2025"] == second["PEEL 2025"] and first["peel 2025"] == second["peel 2025"]


def test_a_report_called_no_report_does_not_take_the_no_report_page() -> None:
    """The page for recommendations without a report never clashes with a real report's."""
    slugs = report_slugs([None, "No report"])
    assert slugs[None] != slugs["No report"]


@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=30))
def test_any_names_get_unique_safe_slugs(names: list[str | None]) -> None:
    """Whatever the names, slugs are unique, safe ASCII and the same on a second call."""
    slugs = report_slugs(names)
    assert set(slugs) == set(names)
    assert len(set(slugs.values())) == len(slugs)
    assert all(SAFE.fullmatch(slug) and len(slug) <= 80 for slug in slugs.values())
    assert report_slugs(reversed(names)) == slugs
