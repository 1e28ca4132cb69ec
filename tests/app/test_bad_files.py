"""Reports survive a bad file: each is left out with one warning, and writes to it are refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import git, new_rec, rec, snapshot


def _symlink_out(path: Path) -> None:
    outside = path.parent.parent.parent / "elsewhere.yaml"
    outside.write_text("title: Not in this ledger\nevents: []\n")
    path.symlink_to(outside)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "notes.txt").write_text("a folder where a file should be\n")


#: How a file under recs/ goes bad, and what the warning (and a write) says about it.
BAD: dict[str, tuple[Callable[[Path], object], str]] = {
    "merge-gone-wrong": (
        lambda p: p.write_text("title: x\n<<<<<<< HEAD\nevents: []\n=======\n>>>>>>> other\n"),
        "not valid YAML",
    ),
    "empty": (lambda p: p.write_bytes(b""), "the file is empty"),
    "binary": (lambda p: p.write_bytes(b"\x00\x01\x02\xff\xfe"), "not UTF-8"),
    "latin-1": (lambda p: p.write_bytes(b"title: caf\xe9\nevents: []\n"), "not UTF-8"),
    "no-events": (lambda p: p.write_text("title: Hand-made\n"), "no `events:` list"),
    "folder": (_folder, "is a folder, not a file"),
    "symlink-out": (_symlink_out, "outside the ledger: refused"),
}


@pytest.fixture
def good(ledger: Path) -> Path:
    """Recommendations 1 (overdue, open) and 2 (closed), committed."""
    new_rec(ledger, "--title", "Overdue one", "--due", "2020-01-01", "--date", "2019-01-01")
    new_rec(ledger, "--title", "Closed one", "--date", "2019-01-01")
    assert rec(ledger, "status", "2", "complete", "--date", "2019-02-01").exit_code == 0
    return ledger


def _first_commit(ledger: Path) -> str:
    return git(ledger, "rev-list", "--max-parents=0", "HEAD").strip()


def _reports(ledger: Path) -> dict[str, list[str]]:
    """Each report command, with JSON output where it has one."""
    return {
        "list": ["list", "--json"],
        "stats": ["stats", "--json"],
        "export": ["export", "--format", "json"],
        "remind": ["remind", "--format", "json"],
        "changes": ["changes", "--since", _first_commit(ledger), "--format", "json"],
    }


def _ids(command: str, stdout: str) -> list[int]:
    data = json.loads(stdout)
    if command == "stats":
        return [data["total"]]
    if command == "export":
        return [item["id"] for item in data["recommendations"]]
    return [item["id"] for item in data]


EXPECTED = {"list": [1, 2], "stats": [2], "export": [1, 2], "remind": [1], "changes": [1, 2]}


def _stderr(result: Result) -> list[str]:
    """stderr's lines but the provenance line JSON exports and changes print beside them."""
    return [line for line in result.stderr.splitlines() if not line.startswith("Built from ")]


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("command", EXPECTED)
def test_a_report_leaves_out_a_bad_file_with_one_warning(
    good: Path, kind: str, command: str
) -> None:
    """The report exits 0 with every good recommendation and one warning naming the file."""
    make, reason = BAD[kind]
    make(good / "recs/9.yaml")
    before = snapshot(good)
    result = rec(good, *_reports(good)[command])
    assert result.exit_code == 0, result.output
    assert _ids(command, result.stdout) == EXPECTED[command]
    lines = _stderr(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("rec: warning: recs/9.yaml: ") and reason in lines[0]
    assert snapshot(good) == before


@pytest.mark.parametrize("command", EXPECTED)
def test_strict_gives_the_output_then_exit_code_1(good: Path, command: str) -> None:
    """--strict still prints the report and the warnings, then fails with one error line."""
    (good / "recs/9.yaml").write_bytes(b"\xff")
    (good / "recs/10.yaml").write_text("")
    result = rec(good, *_reports(good)[command], "--strict")
    assert result.exit_code == 1, result.output
    assert _ids(command, result.stdout) == EXPECTED[command]
    lines = _stderr(result)
    assert lines[0].startswith("rec: warning: recs/9.yaml: not UTF-8")
    assert lines[1].startswith("rec: warning: recs/10.yaml: the file is empty")
    assert lines[2:] == [
        "rec: error: 2 file(s) under recs/ could not be read and were left out of the output "
        "above (--strict)"
    ]


@pytest.mark.parametrize("command", EXPECTED)
def test_strict_without_bad_files_exits_0_quietly(good: Path, command: str) -> None:
    """--strict changes nothing on a healthy ledger."""
    result = rec(good, *_reports(good)[command], "--strict")
    assert result.exit_code == 0, result.output
    assert _stderr(result) == []


@pytest.mark.parametrize("kind", BAD)
def test_writes_to_the_bad_file_are_refused_with_the_same_message(good: Path, kind: str) -> None:
    """A comment, status or set on the bad file fails with the warning's own words."""
    make, _reason = BAD[kind]
    make(good / "recs/9.yaml")
    git(good, "add", "-A")
    git(good, "commit", "-q", "-m", "a bad file, committed")
    listed = rec(good, "list").stderr
    assert listed.startswith("rec: warning: recs/9.yaml: "), listed
    warning = listed.strip().removeprefix("rec: warning: ")
    before = snapshot(good)
    for args in (["comment", "9", "x"], ["status", "9", "complete"], ["set", "9", "owner", "X"]):
        result = rec(good, *args)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("rec: error: ") and result.stderr.count("\n") == 1
        assert result.stderr.rstrip("\n").endswith(warning), (result.stderr, warning)
    assert snapshot(good) == before


def test_a_file_that_goes_bad_after_caching_is_warned_about_and_back_when_fixed(
    good: Path,
) -> None:
    """The read cache does not hide a file broken after it was cached, nor keep its warning."""
    assert rec(good, "list").stderr == ""  # cached
    path = good / "recs/1.yaml"
    kept = path.read_bytes()
    path.write_bytes(kept + b"  - [unclosed\n")
    broken = rec(good, "list", "--json")
    assert [item["id"] for item in json.loads(broken.stdout)] == [2]
    assert broken.stderr.startswith("rec: warning: recs/1.yaml: not valid YAML")
    path.write_bytes(kept)
    fixed = rec(good, "list", "--json")
    assert [item["id"] for item in json.loads(fixed.stdout)] == [1, 2]
    assert fixed.stderr == ""


def test_a_dangling_symlink_is_warned_about(good: Path) -> None:
    """A link to nothing is named as such rather than silently missing."""
    (good / "recs/9.yaml").symlink_to(good / "recs/nowhere.yaml")
    result = rec(good, "list")
    assert result.exit_code == 0, result.output
    assert result.stderr == "rec: warning: recs/9.yaml: is a symlink to a missing file\n"


def test_as_recorded_leaves_out_a_bad_committed_file(good: Path) -> None:
    """A bad file in the commit asked for is left out with a warning naming that commit."""
    (good / "recs/9.yaml").write_text("title: [unclosed\n")
    git(good, "add", "-A")
    git(good, "commit", "-q", "-m", "hand edit")
    git(good, "tag", "meeting")
    result = rec(good, "stats", "--json", "--as-recorded", "meeting")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 2
    assert result.stderr.startswith("rec: warning: recs/9.yaml: not valid YAML")
    assert "(as committed in meeting)" in result.stderr


def test_as_recorded_names_a_committed_folder(good: Path) -> None:
    """A folder named 9.yaml in the commit asked for is named, not silently ignored."""
    _folder(good / "recs/9.yaml")
    git(good, "add", "-A")
    git(good, "commit", "-q", "-m", "a folder")
    result = rec(good, "list", "--json", "--as-recorded", "HEAD")
    assert result.exit_code == 0, result.output
    assert [item["id"] for item in json.loads(result.stdout)] == [1, 2]
    assert result.stderr == (
        "rec: warning: recs/9.yaml: is a folder, not a file (as committed in HEAD)\n"
    )


def test_changes_leaves_out_a_file_bad_at_the_revision(good: Path) -> None:
    """A recommendation whose old version cannot be parsed is left out of changes, named."""
    path = good / "recs/1.yaml"
    kept = path.read_bytes()
    path.write_bytes(b"\xff")
    git(good, "commit", "-q", "-am", "broken")
    git(good, "tag", "broken")
    path.write_bytes(kept)
    git(good, "commit", "-q", "-am", "mended")
    assert rec(good, "comment", "2", "Later note").exit_code == 0
    result = rec(good, "changes", "--since", "broken", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [item["id"] for item in json.loads(result.stdout)] == [2]
    assert _stderr(result) == [
        "rec: warning: recs/1.yaml: not UTF-8 (invalid start byte) (as committed in broken)"
    ]


def test_the_fast_list_warns_too(good: Path) -> None:
    """Plain `rec list` (the typer-free front end, a real process) prints the same warning."""
    (good / "recs/9.yaml").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "rectrack", "list"], cwd=good, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "100"}, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Overdue one" in result.stdout and "2 recommendation(s)" in result.stdout
    assert result.stderr == "rec: warning: recs/9.yaml: the file is empty (no header, no events)\n"


def test_a_warning_shows_control_characters_as_escapes(good: Path) -> None:
    """A file name in a warning (here a symlink's target) cannot drive the terminal."""
    target = good.parent / "\x1b[31mred.yaml"
    target.write_text("title: x\nevents: []\n")
    (good / "recs/9.yaml").symlink_to(target)
    result = rec(good, "list")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr


@pytest.mark.parametrize("strict", [False, True])
def test_the_site_leaves_out_a_bad_committed_file(good: Path, tmp_path: Path, strict: bool) -> None:
    """`rec site` builds the other pages, warns about the file, and fails only with --strict."""
    (good / "recs/9.yaml").write_text("title: [unclosed\n")
    git(good, "add", "-A")
    git(good, "commit", "-q", "-m", "a bad file, committed")
    out = tmp_path / "site"
    result = rec(good, "site", "--output", str(out), *(["--strict"] if strict else []))
    assert result.exit_code == (1 if strict else 0), result.output
    assert (out / "index.html").is_file()
    warnings = [line for line in result.stderr.splitlines() if line.startswith("rec: warning")]
    assert len(warnings) == 1 and warnings[0].startswith("rec: warning: recs/9.yaml: not valid")
    assert result.stderr.endswith("(--strict)\n") == strict
