"""`.rectrack/accepted`: violations a ledger accepts, with why and by whom."""

from __future__ import annotations

import pytest

from rectrack.errors import ConfigError
from rectrack.store.accepted import parse_accepted

ENTRY = (
    "- commit: D1087A6EC3B1643F4A0B8B6074E2F6B7C4545B72\n  rec: 5\n  problems:\n"
    "  - header field title edited by hand\n  why: Regenerated from the seed page.\n"
    "  by: The maintainers\n"
)


def test_an_entry_covers_exactly_its_violations() -> None:
    """Same recommendation, a commit sharing 8+ leading digits, the same words."""
    [entry] = parse_accepted(ENTRY.encode())
    assert entry.covers(rec="5", commit="d1087a6e", problem="header field title edited by hand")
    assert not entry.covers(rec="6", commit="d1087a6e", problem="header field title edited by hand")
    assert not entry.covers(rec="5", commit="d1087a6f", problem="header field title edited by hand")
    assert not entry.covers(rec="5", commit="d1087a6e", problem="header field due edited by hand")
    assert parse_accepted(b"") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("commit: x\n", "a list of accepted violations"),
        ("- commit: abc\n", "entry 1 needs commit, rec, problems, why and by"),
        (ENTRY.replace("D1087A6E", "NOTHEX!!"), "entry 1: commit is 8 to 40 hex digits"),
        (ENTRY.replace("  - header field title edited by hand\n", ""), "problems is a list"),
        (ENTRY.replace("The maintainers", "''"), "entry 1: say by"),
    ],
)
def test_a_malformed_entry_is_named(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_accepted(text.encode())
