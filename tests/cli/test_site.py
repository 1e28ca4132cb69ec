"""`rec site`: the website of the ledger as committed, written safely, the same every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git, log_subjects, new_rec, rec, snapshot

TAG = "committee-2026-03"


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def ok(ledger: Path, *args: str) -> tuple[str, str]:
    """Run `rec site ARGS`, insist on success; (stdout, stderr)."""
    result = rec(ledger, "site", *args)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


@pytest.fixture
def published(ledger: Path, tmp_path: Path) -> Path:
    """Two recommendations, the second with stored evidence; tagged TAG; then a third."""
    new_rec(ledger, "--title", "Map organised crime groups", "--owner", "DCI Smith",
            "--due", "2026-06-30", "--date", "2026-01-05")  # fmt: skip
    new_rec(ledger, "--title", "Publish the stop and search digest", "--date", "2026-01-06")
    evidence = tmp_path / "digest.txt"
    evidence.write_text("Quarter 1 digest, as published.\n")
    assert rec(ledger, "evidence", "2", str(evidence), "--date", "2026-02-01").exit_code == 0
    assert (
        rec(ledger, "comment", "1", "Mapping moved to the ROCU", "--date", "2026-03-02").exit_code
        == 0
    )
    git(ledger, "tag", TAG)
    new_rec(ledger, "--title", "Review custody records", "--date", "2026-04-01")
    return ledger


def test_rec_site_writes_the_site_folder_and_changes_nothing_else(published: Path) -> None:
    """The default folder is site/ in the ledger (ignored by git); no commit, no other file."""
    before = snapshot(published)
    stdout, stderr = ok(published, "--title", "Force X")
    head = git(published, "rev-parse", "HEAD").strip()
    day = git(published, "log", "-1", "--format=%cd", "--date=format:%Y-%m-%d %H:%M").strip()
    assert stdout == (
        f"wrote 12 files (3 recommendations) to {published / 'site'}, "
        f"from commit {head[:12]} of {day}\n"
    )
    assert stderr == ""
    site = published / "site"
    assert {"index.html", "recs/1.html", "recs/3.html", "feed.xml", ".rectrack-site"} <= set(
        files_in(site)
    )
    assert "<title>All recommendations · Force X</title>" in (site / "index.html").read_text()
    assert head in (site / "recs" / "1.html").read_text()
    evidence = json.loads((site / "data.json").read_text())["recommendations"][1]["events"][1]
    assert (
        site / "evidence" / evidence["sha256"]
    ).read_text() == "Quarter 1 digest, as published.\n"
    assert snapshot(published)[:2] == before[:2]  # HEAD and `git status` as they were
    assert log_subjects(published)[0] == 'rec 3: new "Review custody records"'


def test_output_is_relative_to_the_current_folder(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--output names a folder from where the user stands, created if its parent exists."""
    (tmp_path / "share").mkdir()
    monkeypatch.chdir(tmp_path / "share")
    ok(published, "--output", "tracker")
    assert (tmp_path / "share" / "tracker" / "index.html").is_file()
    assert not (published / "site").exists()


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("file", ["--output", "out"], "rec: error: cannot write out: it is a file; name a folder"),
        ("foreign", ["--output", "out"], "rec: error: cannot write out: it holds 1 file(s) `rec site` did not write (thesis.docx); add --force to replace the folder"),
        ("", ["--output", "out", "--as-recorded", "no-such-tag"], "rec: error: no commit matches 'no-such-tag': give a commit, a tag, a branch or a date"),
        ("", ["--output", "out", "--status", "done"], "rec: error: unknown status 'done'"),
        ("", ["--output", "LEDGER/recs/site"], "it is inside the ledger's own recs"),
        ("", ["--output", "LEDGER", "--force"], "replacing it would remove"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_write_nothing(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    setup: str, args: list[str], message: str,
) -> None:  # fmt: skip
    """Each refusal: exit 1, one line on stderr, the output and the ledger as they were."""
    monkeypatch.chdir(tmp_path)
    if setup == "file":
        (tmp_path / "out").write_text("not a folder")
    elif setup == "foreign":
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "thesis.docx").write_bytes(b"mine")
    args = [arg.replace("LEDGER", str(published)) for arg in args]
    before, outside = snapshot(published), files_in(tmp_path / "out") if setup else None
    result = rec(published, "site", *args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(published) == before
    if setup == "file":
        assert (tmp_path / "out").read_text() == "not a folder"
    elif setup:
        assert files_in(tmp_path / "out") == outside
    else:
        assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_force_replaces_a_folder_of_other_files(published: Path, tmp_path: Path) -> None:
    """With --force the user's folder is replaced by the site."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.html").write_text("old")
    ok(published, "--output", str(tmp_path / "out"), "--force")
    assert not (tmp_path / "out" / "old.html").exists()
    assert (tmp_path / "out" / "index.html").is_file()


def test_filters_that_match_nothing_build_an_empty_site_and_say_so(published: Path) -> None:
    """An empty but whole site, and a note on stderr."""
    stdout, stderr = ok(published, "--status", "complete")
    assert "(0 recommendations)" in stdout
    assert stderr == "rec: note: no recommendation matches: the site lists none\n"
    index = (published / "site" / "index.html").read_text()
    assert "0 recommendations as at" in index and "<tbody>" in index
    assert sorted(files_in(published / "site" / "recs")) == []


def test_filters_narrow_the_site(published: Path) -> None:
    """The filters of `rec list` choose the recommendations the site shows."""
    ok(published, "--owner", "dci smith")
    assert sorted(files_in(published / "site" / "recs")) == ["1.html"]


def test_two_builds_of_the_same_commit_are_byte_identical(published: Path, tmp_path: Path) -> None:
    """Built twice from HEAD, the two sites are the same bytes, file for file."""
    ok(published, "--output", str(tmp_path / "a"))
    ok(published, "--output", str(tmp_path / "b"))
    assert files_in(tmp_path / "a") == files_in(tmp_path / "b")


def test_as_recorded_rebuilds_the_site_exactly_as_it_stood(published: Path, tmp_path: Path) -> None:
    """The site built at the tag is rebuilt byte for byte later, from history, with
    --as-recorded TAG; the later site differs."""
    git(published, "checkout", "-q", TAG)
    ok(published, "--output", str(tmp_path / "then"))
    git(published, "checkout", "-q", "main")
    assert rec(published, "comment", "2", "Second quarter out").exit_code == 0
    ok(published, "--output", str(tmp_path / "again"), "--as-recorded", TAG)
    assert files_in(tmp_path / "then") == files_in(tmp_path / "again")
    ok(published, "--output", str(tmp_path / "now"))
    assert files_in(tmp_path / "now") != files_in(tmp_path / "then")
    assert "recs/3.html" in files_in(tmp_path / "now")


def test_uncommitted_changes_never_reach_the_site(published: Path) -> None:
    """An edit on disk (even hidden from `git status` by --assume-unchanged) is left out:
    the pages show what the footer's commit holds, and the user is told."""
    path = published / "recs" / "1.yaml"
    with path.open("a") as stream:
        stream.write("- date: 2026-05-01\n  by: Someone\n  comment: Never committed\n")
    _, stderr = ok(published)
    assert "files on disk differ from commit" in stderr
    page = (published / "site" / "recs" / "1.html").read_text()
    assert "Never committed" not in page and "Mapping moved to the ROCU" in page
    git(published, "update-index", "--assume-unchanged", "recs/1.yaml")
    assert git(published, "status", "--porcelain") == ""
    ok(published)
    assert "Never committed" not in (published / "site" / "recs" / "1.html").read_text()


def test_a_ledger_that_does_not_ignore_site_is_told_how(published: Path) -> None:
    """Without `/site/` in .gitignore the user is told what line to add; no file changes."""
    git(published, "rm", "-q", ".gitignore")
    git(published, "commit", "-qm", "no ignore file")
    _, stderr = ok(published)
    assert stderr == (
        f"rec: note: git does not ignore site/: add the line `/site/` to "
        f"{published / '.gitignore'} and commit it (`rec init` does this for new ledgers)\n"
    )
    assert not (published / ".gitignore").exists()
    assert git(published, "status", "--porcelain") == "?? site/\n"


def test_as_at_is_said(published: Path) -> None:
    """--as-at builds the ledger as it stood on a date, and says so."""
    _, stderr = ok(published, "--as-at", "2026-01-31")
    assert stderr == "rec: note: the site shows the ledger as at 2026-01-31\n"
    assert "Mapping moved" not in (published / "site" / "recs" / "1.html").read_text()


def test_open_hands_index_html_to_the_browser(published: Path, tmp_path: Path) -> None:
    """--open starts $BROWSER with the site's index.html as a file:// address."""
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {record}\n')
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser), "REC_LEDGER": str(published)}
    done = subprocess.run([sys.executable, "-m", "rectrack", "site", "--open"],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert record.read_text() == (published / "site" / "index.html").as_uri() + "\n"


def test_a_ledger_with_nothing_committed_is_refused(tmp_path: Path) -> None:
    """A site is built from committed history: before the first commit there is none."""
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q")
    (root / "rectrack.yaml").write_text("workflow:\n  statuses: [open, closed]\n")
    result = rec(root, "site")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: no commit matches 'HEAD': nothing is committed yet, and a site is built "
        "from committed history\n"
    )
    assert not (root / "site").exists()


def test_a_new_ledger_builds_an_empty_site(ledger: Path) -> None:
    """Right after `rec init` the site is whole and says it lists nothing."""
    stdout, stderr = ok(ledger)
    assert "(0 recommendations)" in stdout and "lists none" in stderr
    assert (ledger / "site" / "feed.xml").is_file()
