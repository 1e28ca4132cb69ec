"""`rec verify` after an earlier run walks only the commits after its walk record, and
still reports everything a whole walk would: rewrites of older history, tampered files,
forged sign-offs, and a record it cannot trust."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from rectrack.app.ledger import find_ledger
from rectrack.app.verify import resume
from rectrack.app.verify.walk import verify_ledger
from rectrack.store import treehashes
from tests.app.verify.test_forgery import append_and_commit, attach_evidence
from tests.helpers import AUDITORS, AUTHOR_B, AUTHOR_C, as_author, git, new_rec, rec


def walked(ledger: Path, *, full: bool = False, signed: bool = False) -> int:
    """How many commits changing the ledger one `rec verify` walked."""
    ticks: list[int] = []
    verify_ledger(find_ledger(start=ledger), full=full, signed=signed,
                  progress=lambda done, total: ticks.append(done))  # fmt: skip
    return len(ticks)


def report(ledger: Path, *args: str) -> dict[str, object]:
    """`rec verify --json` as data, without the head (the same in both runs compared)."""
    result = rec(ledger, "verify", "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return dict(json.loads(result.stdout))


def problems(ledger: Path, *args: str) -> list[str]:
    return [v["problem"] for v in report(ledger, *args)["violations"]]  # type: ignore[attr-defined]


def same_as_full(ledger: Path) -> dict[str, object]:
    """The resumed report, checked equal to a whole walk's."""
    resumed = report(ledger)
    assert resumed == report(ledger, "--full")
    return resumed


@pytest.fixture
def busy(ledger_with_rec: Path) -> Path:
    """Recommendation 1 with two comments and a status change, verified once."""
    for args in (("comment", "1", "first note"), ("comment", "1", "second note"),
                 ("status", "1", "being-progressed")):  # fmt: skip
        assert rec(ledger_with_rec, *args, "--date", "2018-01-01").exit_code == 0
    assert walked(ledger_with_rec) == 5
    return ledger_with_rec


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    """An audit ledger whose rec 1 Alex implemented with evidence, verified once."""
    root = tmp_path / "audit"
    assert rec(root, "init", str(root), "--workflow", "audit", *AUDITORS).exit_code == 0
    new_rec(root, "--title", "Review call handling")
    assert rec(root, "status", "1", "implemented").exit_code == 0
    attach_evidence(root)
    assert rec(root, "verify").exit_code == 0
    return root


def test_a_second_run_walks_only_the_new_commit(busy: Path) -> None:
    """After a verified run, one new commit is the only commit walked, nothing when none
    is new, and the report is the whole walk's."""
    assert walked(busy) == 0
    assert rec(busy, "comment", "1", "third note").exit_code == 0
    assert walked(busy) == 1
    assert walked(busy, full=True) == 6
    assert same_as_full(busy)["commits"] == 6


def test_resumed_and_full_walks_agree_through_violations_and_merges(busy: Path) -> None:
    """Step by step (a hand edit, a branch, a merge, a hand-dated warning), each resumed
    report equals the whole walk's."""
    path = busy / "recs/1.yaml"
    path.write_bytes(path.read_bytes().replace(b"first note", b"first nope"))
    git(busy, "commit", "-qam", "edit by hand")
    assert same_as_full(busy)["violations"]
    git(busy, "checkout", "-q", "-b", "side")
    assert rec(busy, "comment", "1", "side note", "--date", "2019-01-02").exit_code == 0
    git(busy, "checkout", "-q", "main")
    backdated = {"GIT_AUTHOR_DATE": "2018-06-01T12:00:00+0000"}
    result = rec(busy, "comment", "1", "main note", "--date", "2019-01-01", env=backdated)
    assert result.exit_code == 0, result.output
    same_as_full(busy)
    git(busy, "merge", "-q", "--no-ff", "side", "-m", "merge side")
    found = same_as_full(busy)
    assert [v["problem"] for v in found["warnings"]] == [  # type: ignore[attr-defined]
        "event 5 is dated 2019-01-01, after the day it was recorded (2018-06-01)"
    ]
    assert walked(busy) == 0


def test_a_rewrite_older_than_the_record_is_reported_by_a_whole_walk(busy: Path) -> None:
    """filter-branch editing only the commit that added a comment (as a force-push would
    bring): the record's commit is gone, so history is walked whole and both the rewrite
    and the edit (undone by the next commit) are found."""
    target = git(busy, "log", "--format=%H", "-1", "--grep", "first note").strip()
    script = (
        f'if [ "$GIT_COMMIT" = {target} ]; then sed -i s/first.note/first.nope/ recs/1.yaml; fi'
    )
    git(busy, "filter-branch", "-f", "--tree-filter", script, "HEAD~4..HEAD",
        env={"FILTER_BRANCH_SQUELCH_WARNING": "1"})  # fmt: skip
    assert walked(busy) == 5
    found = problems(busy)
    assert found[:2] == ["event 2 removed", "2 event(s) inserted before event 3"]
    assert found[2].startswith("history rewritten: the verified commit is no longer an ancestor")
    assert len(found) == 3
    assert walked(busy) == 0  # the new history's record, kept though it has violations


def test_a_file_tampered_after_the_record_is_caught(busy: Path) -> None:
    """An event edited in the working tree (same size, old modification time put back, after
    a run trusted the file's stat data) and then the same edit committed are both reported."""
    time.sleep(treehashes.RACY_NS / 1e9 + 0.1)  # until the files are past the racy window
    assert walked(busy) == 0  # hashes every file and keeps them, trusted from now on
    path = busy / "recs/1.yaml"
    info = path.stat()
    path.write_bytes(path.read_bytes().replace(b"first note", b"first nope"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    time.sleep(treehashes.RACY_NS / 1e9 + 0.1)  # a verify run later: only the ctime tells
    assert problems(busy) == ["event 2 text edited"]
    git(busy, "commit", "-qam", "edit by hand")
    assert walked(busy) == 1
    assert problems(busy) == ["event 2 text edited"]


def test_a_forged_sign_off_after_the_record_is_reported(audit: Path) -> None:
    """Alex verifying his own work, and Carol (no auditor) verifying, each added after the
    record, are reported by the run that walks only them."""
    append_and_commit(audit)
    assert walked(audit) == 1
    assert problems(audit) == [
        "event 4 (verified) was set by alex@example.org, who also set implemented (event 2): "
        "the rule needs a second person"
    ]
    git(audit, "reset", "-q", "--hard", "HEAD~1")
    append_and_commit(audit, env=as_author(AUTHOR_C))
    found = problems(audit, "--accept-history")
    assert found[0].startswith("event 4 (verified) was set by carol@example.org, who is not")
    assert walked(audit) == 0
    assert rec(audit, "status", "1", "verified", env=as_author(AUTHOR_B)).exit_code == 1


def test_a_record_that_does_not_hold_is_not_used(busy: Path) -> None:
    """A record edited by hand, cut short, or copied from another branch is ignored: the
    whole history is walked and the report is the whole walk's."""
    ledger = find_ledger(start=busy)
    path = resume.record_path(ledger, "refs/heads/main")
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert walked(busy) == 5
    path.write_bytes(data[: len(data) // 2])
    assert walked(busy) == 5
    git(busy, "checkout", "-q", "-b", "other")
    resume.record_path(ledger, "refs/heads/other").write_bytes(path.read_bytes())
    path.write_bytes(data)
    assert walked(busy) == 5
    assert walked(busy) == 0


def test_a_record_is_not_used_when_the_config_on_disk_changes(busy: Path) -> None:
    """rectrack.yaml edited but not committed changes the rules of commits with none:
    the record is not used."""
    config = busy / "rectrack.yaml"
    config.write_text(config.read_text() + "\n")
    assert walked(busy) == 5


def test_signed_never_resumes_from_a_plain_run(busy: Path) -> None:
    """A record made without --signed holds no signature findings: `--signed` checks every
    commit, as a whole walk does."""
    found = report(busy, "--signed")
    assert found["signatures"] == 5 and len(found["violations"]) == 5  # type: ignore[arg-type]
    assert found == report(busy, "--signed", "--full")
    assert walked(busy, signed=True) == 0


def test_since_keeps_no_record(busy: Path) -> None:
    """`--since` walks part of history, so it neither uses nor replaces the record."""
    assert rec(busy, "comment", "1", "third note").exit_code == 0
    assert rec(busy, "verify", "--since", "HEAD~1").exit_code == 0
    assert walked(busy) == 1


def test_an_unwritable_git_dir_still_verifies(busy: Path) -> None:
    """Where .git/rectrack cannot be written verify passes with a note, walking all."""
    records = busy / ".git/rectrack"
    for child in records.iterdir():
        child.unlink()
    records.rmdir()
    records.write_text("not a folder")
    for _ in range(2):
        result = rec(busy, "verify")
        assert result.exit_code == 0, result.output
        assert "note: the git dir is read-only: this run was not recorded" in result.stdout
    assert walked(busy) == 5
