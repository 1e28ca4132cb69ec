"""Merge commits are checked like any other: exactly a merge of their parents' events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import AUTHOR_B, git, rec

BOGUS = b"- date: 2018-06-01\n  by: Insider\n  status: bogus\n"


def problems(ledger: Path) -> list[dict[str, str]]:
    result = rec(ledger, "verify", "--json")
    return list(json.loads(result.stdout)["violations"])


@pytest.fixture
def branched(ledger_with_rec: Path) -> Path:
    """Recommendation 1 commented on a side branch and on main, not yet merged."""
    git(ledger_with_rec, "checkout", "-q", "-b", "side")
    assert rec(ledger_with_rec, "comment", "1", "side note", "--date", "2019-01-02").exit_code == 0
    git(ledger_with_rec, "checkout", "-q", "main")
    assert rec(ledger_with_rec, "comment", "1", "main note", "--date", "2019-01-01").exit_code == 0
    return ledger_with_rec


def evil_merge(ledger: Path, edit: bytes, *, after: bytes) -> str:
    """Merge `side` with the driver, then slip `edit` in after `after` before committing."""
    git(ledger, "merge", "-q", "--no-commit", "--no-ff", "side")
    path = ledger / "recs/1.yaml"
    data = path.read_bytes()
    at = data.index(after) + len(after)
    path.write_bytes(data[:at] + edit + data[at:])
    git(ledger, "commit", "-qam", "Merge branch 'side'")
    return git(ledger, "rev-parse", "--short=8", "HEAD").strip()


def test_a_merge_that_adds_a_status_is_reported_by_commit_and_recommendation(
    branched: Path,
) -> None:
    """`status: bogus` slipped into a merge: rec show believes it, verify names the merge."""
    merge = evil_merge(branched, BOGUS, after=b"status: awaiting-review\n")
    assert json.loads(rec(branched, "show", "1", "--json").stdout)["status"] == "bogus"
    found = problems(branched)
    assert found == [
        {
            "rec": "1", "commit": merge, "author": "Alex Auditor", "date": found[0]["date"],
            "problem": "merge added event 2 (status 'bogus', 2018-06-01, by 'Insider'), which "
            "no parent had",
        }
    ]  # fmt: skip


def test_a_merge_ending_on_its_own_status_is_what_rec_show_reports(branched: Path) -> None:
    """An evil merge that appends `status: bogus` makes `rec show` say bogus; verify catches it."""
    git(branched, "merge", "-q", "--no-commit", "--no-ff", "side")
    path = branched / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + BOGUS)
    git(branched, "commit", "-qam", "Merge branch 'side'")
    assert "Status:  bogus" in rec(branched, "show", "1").stdout
    found = problems(branched)
    assert [p["problem"][:36] for p in found] == ["merge added event 4 (status 'bogus',"]


def test_a_merge_that_edits_the_header_is_reported(branched: Path) -> None:
    """A header no parent had is the merge's own edit."""
    git(branched, "merge", "-q", "--no-commit", "--no-ff", "side")
    path = branched / "recs/1.yaml"
    path.write_bytes(path.read_bytes().replace(b"owner: DCI Smith", b"owner: Someone Else"))
    git(branched, "commit", "-qam", "Merge branch 'side'")
    assert [p["problem"] for p in problems(branched)] == [
        "merge: header field owner edited by hand"
    ]


def test_a_merge_that_duplicates_an_event_is_reported(branched: Path) -> None:
    """Keeping both parents' events in order is not enough: an extra copy is an addition."""
    merge = evil_merge(
        branched, b"- date: 2019-01-01\n  by: Alex Auditor\n  comment: main note\n",
        after=b"comment: main note\n",
    )  # fmt: skip
    [found] = problems(branched)
    assert found["commit"] == merge
    assert found["problem"].startswith("merge added event 3 (comment 'main note'")


def test_a_header_carried_by_a_merge_is_not_an_edit(ledger_with_rec: Path) -> None:
    """A hand edit on one branch is reported where it was made, not again by the merges
    that carry it (the repository's own ledger once had 12 such repeats)."""
    git(ledger_with_rec, "checkout", "-q", "-b", "side")
    path = ledger_with_rec / "recs/1.yaml"
    path.write_bytes(path.read_bytes().replace(b"owner: DCI Smith", b"owner: DCI Jones"))
    git(ledger_with_rec, "commit", "-qam", "hand edit")
    edit = git(ledger_with_rec, "rev-parse", "--short=8", "HEAD").strip()
    git(ledger_with_rec, "checkout", "-q", "main")
    rec(ledger_with_rec, "comment", "1", "main note", "--date", "2019-01-01")
    note = path.read_bytes().partition(b"status: awaiting-review\n")[2]
    git(ledger_with_rec, "merge", "-q", "--no-edit", "side", check=False)  # a conflict, by hand
    path.write_bytes(git(ledger_with_rec, "show", "side:recs/1.yaml").encode() + note)
    git(ledger_with_rec, "commit", "-qam", "merge side, keeping its owner")
    found = problems(ledger_with_rec)
    assert [(p["commit"], p["problem"]) for p in found] == [
        (edit, "header field owner edited by hand")
    ]


def test_a_merge_brings_in_only_what_its_rules_allow(tmp_path: Path) -> None:
    """A side branch that drops a status from the workflow and uses it is judged on the
    side; the merge, under main's rules, reports the status it brings in too."""
    root = tmp_path / "ledger"
    assert rec(root, "init", str(root)).exit_code == 0
    assert rec(root, "new", "--title", "T").exit_code == 0
    git(root, "checkout", "-q", "-b", "side")
    config = root / "rectrack.yaml"
    config.write_text(config.read_text().replace("  - complete\n", "  - complete\n  - parked\n", 1))
    git(root, "commit", "-qam", "a status of our own")
    assert rec(root, "status", "1", "parked").exit_code == 0
    git(root, "checkout", "-q", "main")
    rec(root, "comment", "1", "meanwhile")
    git(root, "merge", "-q", "--no-commit", "side")
    git(root, "checkout", "main", "--", "rectrack.yaml")
    git(root, "commit", "-qm", "merge side, keep our workflow")
    found = [p["problem"] for p in problems(root)]
    assert found == ["event 3: unknown status 'parked': valid statuses are awaiting-review, "
                     "being-progressed, complete, no-further-action-needed, withdrawn (merged in)"]  # fmt: skip


def test_criss_cross_merges_between_two_clones_verify(
    ledger_with_rec: Path, tmp_path: Path
) -> None:
    """Two clones merge each other at once, then each other's merges: same file, verify passes."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(ledger_with_rec), str(remote))
    a, b = tmp_path / "a", tmp_path / "b"
    for clone, author in ((a, None), (b, AUTHOR_B)):
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        if author:
            git(clone, "config", "user.email", author[1])
    assert rec(a, "comment", "1", "from A", "--date", "2019-03-01").exit_code == 0
    assert rec(b, "comment", "1", "from B", "--date", "2019-02-01").exit_code == 0
    assert rec(b, "comment", "1", "B again", "--date", "2019-04-01").exit_code == 0
    git(a, "push", "-q", "origin", "main:a")
    git(b, "push", "-q", "origin", "main:b")
    for clone, other in ((a, "b"), (b, "a")):
        git(clone, "fetch", "-q", "origin")
        git(clone, "merge", "-q", "--no-edit", f"origin/{other}")
    git(a, "push", "-q", "origin", "main:a")
    git(b, "push", "-q", "origin", "main:b")
    for clone, other in ((a, "b"), (b, "a")):
        git(clone, "fetch", "-q", "origin")
        git(clone, "merge", "-q", "--no-edit", f"origin/{other}")
    assert (a / "recs/1.yaml").read_bytes() == (b / "recs/1.yaml").read_bytes()
    for clone in (a, b):
        result = rec(clone, "verify")
        assert result.exit_code == 0, result.output
