"""Evidence: content-addressed files and vouched-for URLs, checked later by hash."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from rectrack.app.ledger import find_ledger
from rectrack.app.reading import get_recommendation
from rectrack.store.evidence import check_evidence
from tests.helpers import commit_count, git, log_subjects, rec, snapshot


def test_files_are_stored_by_hash_in_one_commit(ledger_with_rec: Path, tmp_path: Path) -> None:
    """Two files: two evidence events and both copies in evidence/<sha256>, one commit."""
    first, second = tmp_path / "report.pdf", tmp_path / "minutes.txt"
    first.write_bytes(b"%PDF-1.7 closure report")
    second.write_text("Board minute 14: closure authorised.\n")
    count = commit_count(ledger_with_rec)
    result = rec(
        ledger_with_rec, "evidence", "1", str(first), str(second), "--comment", "For closure"
    )
    assert result.exit_code == 0, result.output
    assert commit_count(ledger_with_rec) == count + 1
    assert log_subjects(ledger_with_rec)[0] == "rec 1: evidence report.pdf, minutes.txt"
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    stored = ledger_with_rec / "evidence" / digest
    assert stored.read_bytes() == first.read_bytes()
    changed = git(ledger_with_rec, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == sorted(["recs/1.yaml", f"evidence/{digest}",
                                      f"evidence/{hashlib.sha256(second.read_bytes()).hexdigest()}"])  # fmt: skip
    events = json.loads(rec(ledger_with_rec, "show", "1", "--json").stdout)["events"]
    assert events[-3] == {"number": len(events) - 2, "date": events[-3]["date"], "by": "Alex Auditor", "kind": "evidence",
                          "name": "report.pdf", "sha256": digest, "size": 23, "url": None}  # fmt: skip
    assert events[-1]["kind"] == "comment"
    assert (
        f"report.pdf (23 bytes, sha256 {digest[:16]}…)" in rec(ledger_with_rec, "show", "1").stdout
    )


def test_url_evidence_records_the_vouched_hash(ledger_with_rec: Path) -> None:
    """--url with --sha256 records a document kept elsewhere, without copying anything."""
    digest = "ab" * 32
    result = rec(ledger_with_rec, "evidence", "1", "--url", "https://sharepoint.example/doc/closure.docx",
                 "--sha256", digest.upper())  # fmt: skip
    assert result.exit_code == 0, result.output
    event = json.loads(rec(ledger_with_rec, "show", "1", "--json").stdout)["events"][-1]
    assert (event["name"], event["sha256"], event["url"], event["size"]) == (
        "closure.docx", digest, "https://sharepoint.example/doc/closure.docx", None)  # fmt: skip
    assert not (ledger_with_rec / "evidence").exists()


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, ["missing.pdf"], "no such file"),
        ("folder", ["folder"], "it is a folder"),
        (None, [], "name at least one FILE"),
        (None, ["--url", "https://x.example/a", "--sha256", "1234"], "64-hex-digit SHA-256"),
        (None, ["--url", "https://x.example/a"], "64-hex-digit SHA-256"),
        (None, ["--url", "not a url", "--sha256", "a" * 64], "full address"),
    ],
)
def test_bad_evidence_is_refused(
    ledger_with_rec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    make: str | None, args: list[str], message: str,
) -> None:  # fmt: skip
    """Missing files, folders and bad hashes are one-line errors that write nothing."""
    monkeypatch.chdir(tmp_path)
    if make == "folder":
        (tmp_path / "folder").mkdir()
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "evidence", "1", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(ledger_with_rec) == before


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_unreadable_file_is_refused(ledger_with_rec: Path) -> None:
    """A file that cannot be read (even by root: /proc/self/mem fails with EIO) is refused."""
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "evidence", "1", "/proc/self/mem")
    assert result.exit_code == 1, result.output
    assert "cannot record evidence /proc/self/mem: Input/output error" in result.stderr
    assert snapshot(ledger_with_rec) == before


def test_check_evidence_finds_missing_and_altered_files(
    ledger_with_rec: Path, tmp_path: Path
) -> None:
    """Re-hashing reports a stored file that was changed or removed, by recommendation and name."""
    doc = tmp_path / "report.pdf"
    doc.write_bytes(b"original")
    rec(ledger_with_rec, "evidence", "1", str(doc))
    ledger = find_ledger(start=ledger_with_rec)
    recs = [get_recommendation(ledger, rec_id=1)]
    assert check_evidence(ledger, recs) == []
    stored = ledger_with_rec / "evidence" / hashlib.sha256(b"original").hexdigest()
    stored.chmod(0o644)
    stored.write_bytes(b"tampered")
    [problem] = check_evidence(ledger, recs)
    assert (problem.rec_id, problem.name, problem.problem) == (
        1,
        "report.pdf",
        "altered (its SHA-256 no longer matches)",
    )
    stored.unlink()
    assert check_evidence(ledger, recs)[0].problem == "missing"


def test_same_document_twice_is_stored_once(ledger_with_rec: Path, tmp_path: Path) -> None:
    """Content addressing: the same bytes under two names share one stored file."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("same")
    b.write_text("same")
    assert rec(ledger_with_rec, "evidence", "1", str(a), str(b)).exit_code == 0
    assert rec(ledger_with_rec, "evidence", "1", str(a)).exit_code == 0
    assert len(list((ledger_with_rec / "evidence").iterdir())) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("link to a secret", "it is a symbolic link; name the file itself"),
        ("link to a folder", "it is a symbolic link; name the file itself"),
        ("dangling link", "it is a symbolic link; name the file itself"),
        ("pipe", "it is not a regular file"),
        ("device", "it is not a regular file"),
    ],
)
def test_only_regular_files_become_evidence(
    ledger_with_rec: Path, tmp_path: Path, make: str, message: str
) -> None:
    """A symlink (to /etc/shadow, say), a pipe or a device is refused, never copied in;
    a pipe is refused at once, without waiting for a writer."""
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n")
    path = tmp_path / "closure.pdf"
    if make == "link to a secret":
        path.symlink_to(secret)
    elif make == "link to a folder":
        path.symlink_to(tmp_path)
    elif make == "dangling link":
        path.symlink_to(tmp_path / "gone")
    elif make == "pipe":
        os.mkfifo(path)
    else:
        path = Path("/dev/null")
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "evidence", "1", str(path))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"rec: error: cannot record evidence {path}: {message}\n"
    assert snapshot(ledger_with_rec) == before
    assert not (ledger_with_rec / "evidence").exists()
