"""Event dates: from the recommendation's first event (1900 for a new one) to today."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers import git, rec, snapshot

TODAY = dt.date.today()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["comment", "1", "x", "--date", "2017-03-02"], "recommendation 1 was opened on 2017-03-03, so an event may be dated from 2017-03-03 to today"),
        (["status", "1", "complete", "--date", "2001-01-01"], "recommendation 1 was opened on 2017-03-03"),
        (["set", "1", "owner", "X", "--date", "2001-01-01"], "recommendation 1 was opened on 2017-03-03"),
        (["comment", "1", "x", "--date", TOMORROW], "an event may be dated from 1900-01-01 to today"),
        (["comment", "1", "x", "--date", "1899-12-31"], "an event may be dated from 1900-01-01 to today"),
        (["new", "--title", "T", "--date", "0001-01-01"], "an event may be dated from 1900-01-01 to today"),
        (["new", "--title", "T", "--date", "9999-12-31"], "an event may be dated from 1900-01-01 to today"),
        (["new", "--title", "T", "--due", "1066-10-14"], "a due date must be from 1900-01-01 to 2200-12-31"),
    ],
)  # fmt: skip
def test_dates_outside_the_range_are_refused(
    ledger_with_rec: Path, args: list[str], message: str
) -> None:
    """A date before the first event, before 1900 or after today is refused, naming the range."""
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(ledger_with_rec) == before


def test_backdating_within_the_recommendations_life_is_allowed(ledger_with_rec: Path) -> None:
    """The tracker records events days or years after they happened: that stays possible."""
    for args in (("comment", "1", "on the day it opened", "--date", "2017-03-03"),
                 ("status", "1", "complete", "--date", "3rd March 2018"),
                 ("new", "--title", "Old one", "--date", "1900-01-01", "--due", "2200-12-31")):  # fmt: skip
        result = rec(ledger_with_rec, *args)
        assert result.exit_code == 0, result.output


def test_verify_warns_about_odd_dates_already_recorded(ledger_with_rec: Path) -> None:
    """A date written by hand that rec would refuse is a warning: listed, and verify passes."""
    path = ledger_with_rec / "recs" / "1.yaml"
    with path.open("a") as stream:
        stream.write("- date: 2001-01-01\n  by: x\n  comment: before it opened\n")
        stream.write(f"- date: {TOMORROW}\n  by: x\n  comment: tomorrow\n")
    git(ledger_with_rec, "commit", "-qam", "by hand, appended")
    result = rec(ledger_with_rec, "verify")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("warning: ")] == [
        f"warning: recommendation 1, commit {git(ledger_with_rec, 'rev-parse', '--short=8', 'HEAD').strip()}"
        f" (Alex Auditor, {TODAY}): event 2 is dated 2001-01-01, before the recommendation's "
        "first event (2017-03-03)",
        f"warning: recommendation 1, commit {git(ledger_with_rec, 'rev-parse', '--short=8', 'HEAD').strip()}"
        f" (Alex Auditor, {TODAY}): event 3 is dated {TOMORROW}, after the day it was recorded "
        f"({TODAY})",
    ]
    assert lines[-1].startswith("ok: ")
    data = json.loads(rec(ledger_with_rec, "verify", "--json").stdout)
    assert data["ok"] is True and data["violations"] == []
    assert [w["problem"][:8] for w in data["warnings"]] == ["event 2 ", "event 3 "]
