"""The merge driver: pure merges of file bytes, and real git merges that use it."""

from __future__ import annotations

import json
from pathlib import Path

from rectrack.app.mergedriver import merge_files
from rectrack.store import recfile
from tests.helpers import git, rec

BASE = b"title: T\nowner: A\nevents:\n- date: 2020-01-01\n  by: a\n  status: awaiting-review\n"
OURS_ITEM = b"- date: 2020-01-03\n  by: a\n  comment: ours\n"
THEIRS_ITEM = b"- date: 2020-01-02\n  by: b\n  comment: |-\n    theirs,\n    two lines\n"


def events_of(data: bytes) -> list[str]:
    rec = recfile.parse_recommendation(data, rec_id=1, path="x")
    return [event.date.isoformat() for event in rec.events]


def test_both_sides_appended_merges_by_date() -> None:
    """Two sides' appends are merged after the common events, ordered by date, byte for byte."""
    outcome = merge_files(base=BASE, ours=BASE + OURS_ITEM, theirs=BASE + THEIRS_ITEM, path="x")
    assert outcome.conflict is None
    assert outcome.data == BASE + THEIRS_ITEM + OURS_ITEM


def test_result_is_an_append_to_ours_when_order_allows() -> None:
    """When their events are later, the result is ours plus their items."""
    outcome = merge_files(base=BASE, ours=BASE + THEIRS_ITEM, theirs=BASE + OURS_ITEM, path="x")
    assert outcome.data == BASE + THEIRS_ITEM + OURS_ITEM


def test_identical_appends_kept_once() -> None:
    """An event both sides appended identically appears once."""
    outcome = merge_files(base=BASE, ours=BASE + OURS_ITEM, theirs=BASE + OURS_ITEM, path="x")
    assert outcome.data == BASE + OURS_ITEM


def test_header_edit_is_a_conflict() -> None:
    """A header changed by hand on one side is left to the user."""
    edited = BASE.replace(b"owner: A", b"owner: B")
    outcome = merge_files(base=BASE, ours=BASE + OURS_ITEM, theirs=edited, path="x")
    assert outcome.data is None
    assert outcome.conflict == "header field owner edited by hand on theirs side"


def test_old_event_edit_is_a_conflict() -> None:
    """An old event rewritten on one side is not silently merged."""
    edited = BASE.replace(b"awaiting-review", b"complete")
    outcome = merge_files(base=BASE, ours=edited, theirs=BASE + THEIRS_ITEM, path="x")
    assert outcome.conflict == "earlier events were edited or removed by hand on ours side"


def test_same_id_created_on_both_sides_is_a_conflict() -> None:
    """Two different files created under one ID cannot be merged (sync renumbers instead)."""
    other = BASE.replace(b"title: T", b"title: U")
    outcome = merge_files(base=b"", ours=BASE, theirs=other, path="x")
    assert outcome.conflict is not None and "different headers" in outcome.conflict


def test_hand_formatted_file_is_rendered_anew() -> None:
    """A valid file not in rectrack's layout still merges, by rendering the events."""
    indented = BASE.replace(b"- date", b"  - date").replace(b"\n  by", b"\n    by")
    indented = indented.replace(b"\n  status", b"\n    status")
    outcome = merge_files(base=indented, ours=indented, theirs=indented + b"", path="x")
    assert outcome.data is not None
    assert events_of(outcome.data) == ["2020-01-01"]


def branch_and_merge(ledger: Path, ours: tuple[str, ...], theirs: tuple[str, ...]) -> str:
    git(ledger, "checkout", "-q", "-b", "theirs")
    assert rec(ledger, *theirs).exit_code == 0
    git(ledger, "checkout", "-q", "main")
    assert rec(ledger, *ours).exit_code == 0
    return git(ledger, "merge", "--no-edit", "theirs", check=False)


def test_git_merge_uses_the_driver(ledger_with_rec: Path) -> None:
    """A real `git merge` of two branches commenting on one recommendation has no conflict."""
    branch_and_merge(ledger_with_rec, ("comment", "1", "ours", "--date", "2020-01-05"),
                     ("comment", "1", "theirs", "--date", "2020-01-04"))  # fmt: skip
    assert git(ledger_with_rec, "status", "--porcelain") == ""
    text = (ledger_with_rec / "recs/1.yaml").read_text()
    assert text.index("comment: theirs") < text.index("comment: ours")
    assert rec(ledger_with_rec, "verify").exit_code == 0


def test_git_merge_keeps_a_correction_on_its_event(ledger_with_rec: Path) -> None:
    """Ours amends the comment it just added; their earlier-dated comment would move it by
    date, so the driver keeps ours first and the amendment still corrects our comment."""
    git(ledger_with_rec, "checkout", "-q", "-b", "theirs")
    assert rec(ledger_with_rec, "comment", "1", "theirs", "--date", "2020-01-04").exit_code == 0
    git(ledger_with_rec, "checkout", "-q", "main")
    assert rec(ledger_with_rec, "comment", "1", "ours, tpyo", "--date", "2020-01-05").exit_code == 0
    assert rec(ledger_with_rec, "amend", "1", "2", "ours, typo fixed").exit_code == 0
    git(ledger_with_rec, "merge", "--no-edit", "theirs")
    assert git(ledger_with_rec, "status", "--porcelain") == ""
    shown = rec(ledger_with_rec, "show", "1", "--json").stdout
    events = json.loads(shown)["events"]
    assert [(e["kind"], e.get("amended_text", e.get("text"))) for e in events] == [
        ("status", None), ("comment", "ours, typo fixed"), ("amend", "ours, typo fixed"),
        ("comment", "theirs"),
    ]  # fmt: skip
    assert events[2]["event"] == 2
    assert rec(ledger_with_rec, "verify").exit_code == 0


def hand_edit(ledger: Path, old: bytes, new: bytes) -> None:
    path = ledger / "recs/1.yaml"
    path.write_bytes(path.read_bytes().replace(old, new))
    git(ledger, "commit", "-qam", "hand edit")


def test_git_merge_conflict_is_a_normal_conflict(ledger_with_rec: Path) -> None:
    """Both sides editing a header line by hand leaves git's usual conflict markers."""
    git(ledger_with_rec, "checkout", "-q", "-b", "theirs")
    hand_edit(ledger_with_rec, b"owner: DCI Smith", b"owner: DCI Jones")
    git(ledger_with_rec, "checkout", "-q", "main")
    hand_edit(ledger_with_rec, b"owner: DCI Smith", b"owner: DCI Brown")
    completed = git(ledger_with_rec, "merge", "--no-edit", "theirs", check=False)
    assert "CONFLICT" in completed
    text = (ledger_with_rec / "recs/1.yaml").read_text()
    assert "<<<<<<< recs/1.yaml (ours)" in text and ">>>>>>> recs/1.yaml (theirs)" in text
    assert "UU recs/1.yaml" in git(ledger_with_rec, "status", "--porcelain")


def test_one_sided_hand_edit_is_not_merged_silently(ledger_with_rec: Path) -> None:
    """A header edited by hand on one side stops the merge for a human to look at."""
    git(ledger_with_rec, "checkout", "-q", "-b", "theirs")
    hand_edit(ledger_with_rec, b"owner: DCI Smith", b"owner: DCI Jones")
    git(ledger_with_rec, "checkout", "-q", "main")
    assert rec(ledger_with_rec, "comment", "1", "ours").exit_code == 0
    completed = git(ledger_with_rec, "merge", "--no-edit", "theirs", check=False)
    assert "CONFLICT" in completed
