"""`rec changes --since`: what changed since the last meeting."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import git, new_rec, rec


def build(ledger: Path) -> None:
    new_rec(ledger, "--title", "Old one", "--due", "2026-06-30")
    new_rec(ledger, "--title", "Untouched")
    git(ledger, "tag", "committee-2026-03")
    rec(ledger, "comment", "1", "Progress <b>made</b> & *noted*")
    rec(ledger, "set", "1", "due", "2026-09-30", "--reason", "Supplier delay")
    rec(ledger, "status", "1", "complete")
    new_rec(ledger, "--title", "Raised since")


def test_changes_json_lists_new_and_changed_recommendations(ledger: Path) -> None:
    """JSON: one object per changed recommendation with only the events added since."""
    build(ledger)
    result = rec(ledger, "changes", "--since", "committee-2026-03", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["id"], d["new"]) for d in data] == [(1, False), (3, True)]
    assert [e["kind"] for e in data[0]["events"]] == ["comment", "set", "status"]
    assert data[0]["events"][1]["reason"] == "Supplier delay"
    assert data[1]["title"] == "Raised since" and data[1]["events"][0]["kind"] == "status"


def test_changes_markdown_and_html(ledger: Path) -> None:
    """Markdown and HTML carry a summary and each change, with user text escaped."""
    build(ledger)
    md = rec(ledger, "changes", "--since", "committee-2026-03").stdout
    assert "# Changes since committee-2026-03" in md
    assert "1 new recommendation, 1 status change, 1 closure, 1 comment, 1 due-date move." in md
    assert "## 3. Raised since (new)" in md
    assert "\\<b\\>made\\</b\\> & \\*noted\\*" in md
    page = rec(ledger, "changes", "--since", "committee-2026-03", "--format", "html").stdout
    assert "&lt;b&gt;made&lt;/b&gt; &amp; *noted*" in page and "<b>made</b>" not in page


def test_changes_since_a_date_and_bad_revision(ledger: Path) -> None:
    """--since takes a date; a revision that does not exist is a one-line error."""
    build(ledger)
    since_today = rec(ledger, "changes", "--since", "today", "--format", "json")
    assert since_today.exit_code == 0 and json.loads(since_today.stdout) == []
    bad = rec(ledger, "changes", "--since", "nope")
    assert bad.exit_code == 1 and "no commit matches 'nope'" in bad.stderr
    assert rec(ledger, "changes", "--since", "today", "--format", "pdf").exit_code == 2
