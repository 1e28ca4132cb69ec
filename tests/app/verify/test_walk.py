"""`rec verify` against real repositories whose history was tampered with by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from rectrack.app.ledger import find_ledger
from rectrack.app.verify.walk import verify_ledger
from tests.helpers import AUTHOR_A, git, rec


def commit_edit(ledger: Path, rel: str, old: bytes, new: bytes, *, message: str = "edit") -> str:
    """Replace bytes in a file by hand and commit it; the commit's short hash."""
    path = ledger / rel
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    git(ledger, "commit", "-qam", message)
    return git(ledger, "rev-parse", "--short=8", "HEAD").strip()


def append_raw(ledger: Path, rel: str, extra: bytes, *, message: str = "append") -> str:
    with (ledger / rel).open("ab") as stream:
        stream.write(extra)
    git(ledger, "commit", "-qam", message)
    return git(ledger, "rev-parse", "--short=8", "HEAD").strip()


@pytest.fixture
def busy(ledger_with_rec: Path) -> Path:
    """Recommendation 1 with two comments and a status change, all made by rec."""
    for args in (("comment", "1", "first note"), ("comment", "1", "second note"),
                 ("status", "1", "being-progressed")):  # fmt: skip
        result = rec(ledger_with_rec, *args, "--date", "2018-01-01")
        assert result.exit_code == 0, result.output
    return ledger_with_rec


def violations(ledger: Path, *args: str) -> list[str]:
    result = rec(ledger, "verify", *args)
    assert result.exit_code == 1, result.output
    assert "violation(s)" in result.stderr
    return result.stdout.splitlines()


def test_clean_history_passes_and_is_recorded(busy: Path) -> None:
    """A ledger written only by rec verifies, and HEAD is recorded inside the git dir."""
    result = rec(busy, "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 5 commit(s), 4 file version(s) verified")
    head = git(busy, "rev-parse", "HEAD").strip()
    assert (busy / ".git" / "rectrack" / "verified").read_text() == f"{head} refs/heads/main\n"
    assert git(busy, "status", "--porcelain") == ""


def test_appends_take_the_fast_path(busy: Path) -> None:
    """Every rec-made append is proven by the byte-prefix fast path, without a full parse."""
    report = verify_ledger(find_ledger(start=busy))
    assert report.ok
    assert report.fast == 3


def test_edited_event_text_is_caught(busy: Path) -> None:
    """Editing an old comment's text is reported with recommendation, commit and author."""
    short = commit_edit(busy, "recs/1.yaml", b"first note", b"first nope")
    date = git(busy, "log", "-1", "--format=%as").strip()
    assert violations(busy) == [
        f"recommendation 1, commit {short} ({AUTHOR_A[0]}, {date}): event 2 text edited"
    ]


def test_removed_event_is_caught(busy: Path) -> None:
    """Deleting an event's lines is reported as that event removed."""
    short = commit_edit(busy, "recs/1.yaml", b"- date: 2018-01-01\n  by: Alex Auditor\n"
                        b"  comment: first note\n", b"")  # fmt: skip
    assert [line.split(": ", 1)[1] for line in violations(busy)] == ["event 2 removed"]
    assert short in violations(busy)[0]


def test_reordered_events_are_caught(busy: Path) -> None:
    """Swapping two events is reported as a reordering."""
    commit_edit(busy, "recs/1.yaml", b"first note", b"TEMP")
    git(busy, "reset", "-q", "--hard", "HEAD~1")
    data = (busy / "recs/1.yaml").read_bytes()
    swapped = data.replace(b"first note", b"TEMP").replace(b"second note", b"first note")
    (busy / "recs/1.yaml").write_bytes(swapped.replace(b"TEMP", b"second note"))
    git(busy, "commit", "-qam", "swap")
    assert violations(busy, "--accept-history")[0].endswith("events reordered (from event 2)")


def test_append_that_extends_the_last_event_is_caught(busy: Path) -> None:
    """One more indented line at the end changes the last event: caught, not fast-pathed."""
    rec(busy, "comment", "1", "last words", "--date", "2018-02-01")
    append_raw(busy, "recs/1.yaml", b"    and more words\n")
    assert violations(busy)[0].endswith("event 5 text edited")


def test_key_after_events_is_caught(busy: Path) -> None:
    """A top-level key appended after the events is refused."""
    append_raw(busy, "recs/1.yaml", b"verdict: accepted\n")
    assert violations(busy)[0].endswith("does not parse: `events:` must be the last key")


def test_header_edited_by_hand_is_caught(busy: Path) -> None:
    """A header line changed in a commit is a violation: headers change through `set`."""
    commit_edit(busy, "recs/1.yaml", b"owner: DCI Smith", b"owner: DCI Jones")
    assert violations(busy)[0].endswith("header field owner edited by hand")


def test_rec_set_is_not_a_header_edit(busy: Path) -> None:
    """Changing a field with `rec set` appends an event and verifies."""
    assert rec(busy, "set", "1", "owner", "DCI Jones").exit_code == 0
    assert rec(busy, "verify").exit_code == 0


def test_deleted_file_is_caught(busy: Path) -> None:
    """Removing a recommendation file from history is a violation."""
    git(busy, "rm", "-q", "recs/1.yaml")
    git(busy, "commit", "-qm", "drop")
    assert violations(busy)[0].endswith("recommendation file deleted")


def test_json_output(busy: Path) -> None:
    """--json gives the violations as objects for tools."""
    short = commit_edit(busy, "recs/1.yaml", b"second note", b"second nope")
    result = rec(busy, "verify", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["violations"] == [
        {"rec": "1", "commit": short, "author": AUTHOR_A[0],
         "date": git(busy, "log", "-1", "--format=%as").strip(),
         "problem": "event 3 text edited"}
    ]  # fmt: skip


def test_since_checks_only_later_commits(busy: Path) -> None:
    """--since REV leaves out commits REV already contains."""
    commit_edit(busy, "recs/1.yaml", b"first note", b"first nope")
    mark = git(busy, "rev-parse", "HEAD").strip()
    rec(busy, "comment", "1", "later")
    assert rec(busy, "verify", "--since", mark).exit_code == 0
    assert rec(busy, "verify").exit_code == 1


def test_uncommitted_hand_edit_is_caught(busy: Path) -> None:
    """A hand edit not yet committed is reported against the working tree (pre-commit use)."""
    path = busy / "recs/1.yaml"
    path.write_bytes(path.read_bytes().replace(b"second note", b"other"))
    assert violations(busy) == ["recommendation 1, working tree: event 3 text edited"]


def test_merge_that_lost_events_is_caught(busy: Path) -> None:
    """A merge whose result drops the other side's event breaks the interleaving rule."""
    git(busy, "checkout", "-q", "-b", "side")
    rec(busy, "comment", "1", "side note")
    git(busy, "checkout", "-q", "main")
    rec(busy, "comment", "1", "main note")
    git(busy, "merge", "-q", "-s", "ours", "--no-edit", "side")
    assert violations(busy)[0].endswith("merge lost event(s) 5 of the second parent")


def test_merge_made_by_the_driver_verifies(busy: Path) -> None:
    """Concurrent appends merged by rec's driver satisfy verify."""
    git(busy, "checkout", "-q", "-b", "side")
    rec(busy, "comment", "1", "side note", "--date", "2019-01-02")
    git(busy, "checkout", "-q", "main")
    rec(busy, "comment", "1", "main note", "--date", "2019-01-01")
    git(busy, "merge", "-q", "--no-edit", "side")
    assert rec(busy, "verify").exit_code == 0
    text = (busy / "recs/1.yaml").read_text()
    assert text.index("main note") < text.index("side note")


def test_rewritten_history_is_reported(busy: Path) -> None:
    """After a verified HEAD is dropped by a reset, verify reports the rewrite."""
    assert rec(busy, "verify").exit_code == 0
    git(busy, "reset", "-q", "--hard", "HEAD~1")
    rec(busy, "comment", "1", "a different future")
    lines = violations(busy)
    assert len(lines) == 1
    assert "history rewritten: the verified commit is no longer an ancestor of HEAD" in lines[0]
    assert rec(busy, "verify", "--accept-history").exit_code == 0
    assert rec(busy, "verify").exit_code == 0


def test_workflow_violation_is_caught(busy: Path) -> None:
    """A status the workflow does not know, committed by hand, is reported."""
    append_raw(busy, "recs/1.yaml", b"- date: 2019-01-01\n  by: x\n  status: abandoned\n")
    assert "event 5: unknown status 'abandoned'" in violations(busy)[0]


def test_symlink_out_of_the_ledger_is_refused(busy: Path, tmp_path: Path) -> None:
    """A recommendation file that links outside the ledger is reported, not read."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: x\nevents: []\n")
    (busy / "recs" / "2.yaml").symlink_to(secret)
    assert "outside the ledger: refused" in violations(busy)[0]


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_signed_requires_good_signatures(busy: Path, tmp_path: Path) -> None:
    """--signed accepts commits signed with an allowed ssh key and flags unsigned ones."""
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    allowed = tmp_path / "allowed"
    allowed.write_text(f"{AUTHOR_A[1]} {key.with_suffix('.pub').read_text()}")
    settings = {
        "gpg.format": "ssh",
        "user.signingkey": str(key),
        "gpg.ssh.allowedSignersFile": str(allowed),
        "commit.gpgsign": "true",
    }
    for name, value in settings.items():
        git(busy, "config", name, value)
    fresh = busy.parent / "fresh"
    git(busy.parent, "init", "-q", str(fresh))
    for name in ("gpg.format", "user.signingkey", "gpg.ssh.allowedSignersFile", "commit.gpgsign"):
        git(fresh, "config", name, git(busy, "config", name).strip())
    assert rec(fresh, "init", str(fresh)).exit_code == 0
    assert rec(fresh, "new", "--title", "Signed one").exit_code == 0
    assert rec(fresh, "comment", "1", "signed too").exit_code == 0
    result = rec(fresh, "verify", "--signed")
    assert result.exit_code == 0, result.output
    append_raw(fresh, "recs/1.yaml", b"- date: 2019-01-01\n  by: x\n  comment: unsigned\n")
    git(fresh, "-c", "commit.gpgsign=false", "commit", "--amend", "-qm", "unsigned")
    assert violations(fresh, "--signed")[0].endswith("commit is not signed")


def test_bad_since_revision_is_one_clear_line(busy: Path) -> None:
    """An unknown --since revision is reported by git's own words, exit 1, no traceback."""
    result = rec(busy, "verify", "--since", "no-such-rev")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: git log failed: fatal: bad revision 'no-such-rev..HEAD'\n"
    )


def test_verify_of_a_ledger_without_recommendations(ledger: Path) -> None:
    """A fresh ledger verifies (nothing to check yet)."""
    result = rec(ledger, "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 1 commit(s)")


def test_merge_that_took_the_other_side_whole_is_caught(busy: Path) -> None:
    """A merge whose result is exactly the second parent's (its diff there is empty) still
    has to hold the first parent's events."""
    git(busy, "checkout", "-q", "-b", "side")
    rec(busy, "comment", "1", "side note")
    git(busy, "checkout", "-q", "main")
    rec(busy, "comment", "1", "main note")
    git(busy, "merge", "-q", "--no-commit", "-s", "ours", "side")
    git(busy, "checkout", "side", "--", "recs/1.yaml")
    git(busy, "commit", "-qm", "take theirs")
    assert git(busy, "diff", "side", "HEAD") == ""
    assert violations(busy)[0].endswith("merge lost event(s) 5 of the first parent")


def test_a_repository_git_cannot_read_never_passes_as_empty(busy: Path) -> None:
    """When git refuses the repository (here a broken HEAD; elsewhere one owned by another
    user), verify fails with git's reason instead of reporting `ok: 0 commit(s)`."""
    (busy / ".git" / "HEAD").write_text("garbage\n")
    result = rec(busy, "verify")
    assert result.exit_code == 1
    assert result.stderr.startswith("rec: error: git rev-parse failed: fatal:")
    assert result.stdout == ""
