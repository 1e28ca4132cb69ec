"""Index entries read from git's index file: git's own answer (`ls-files -s -v`), or none."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.vcs import indexfile
from tests.helpers import git


def _repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "files")
    return root


def _git_says(root: Path, name: str) -> tuple[str, str] | None:
    """(mode, id) of `name` if `git ls-files -s -v` shows one clean stage-0 entry (`H`)."""
    lines = git(root, "--literal-pathspecs", "ls-files", "-s", "-v", "--", name).splitlines()
    if len(lines) != 1 or not lines[0].startswith("H "):
        return None
    _, mode, oid, stage = lines[0].split("\t")[0].split(" ")
    return (mode, oid) if stage == "0" else None


FILES = {"recs/1.yaml": "one\n", "a/recs/1.yaml": "other\n", "recs/11.yaml": "x\n",
         "run.sh": "#!/bin/sh\n", "recs/2.yaml": "two\n", "rectrack.yaml": "cfg\n"}  # fmt: skip


def test_entries_are_gits_own(tmp_path: Path) -> None:
    """Modes and ids as git lists them, a path inside another path's name not confused."""
    root = _repo(tmp_path / "r", FILES)
    git(root, "update-index", "--chmod=+x", "run.sh")
    names = sorted(FILES)
    found = indexfile.entries(root / ".git" / "index", names)
    assert found == {name: _git_says(root, name) for name in names}
    assert found["run.sh"][0] == "100755"


@pytest.mark.parametrize(
    "setup",
    [
        ["update-index", "--assume-unchanged", "recs/1.yaml"],
        ["update-index", "--skip-worktree", "recs/1.yaml"],
        ["rm", "-q", "--cached", "recs/1.yaml"],
        ["update-index", "--index-version", "4"],
        ["update-index", "--split-index"],
    ],
)
def test_flags_and_formats_it_cannot_be_sure_of_give_none(tmp_path: Path, setup: list[str]) -> None:
    """Assume-unchanged, skip-worktree, untracked, format 4, a split index: no answer."""
    root = _repo(tmp_path / "r", FILES)
    git(root, *setup)
    assert indexfile.entries(root / ".git" / "index", ["recs/1.yaml"]) is None


def test_format_3_with_an_intent_to_add_entry(tmp_path: Path) -> None:
    """Format 3 (an extended flag elsewhere): other entries still read; that one refused."""
    root = _repo(tmp_path / "r", FILES)
    (root / "recs" / "3.yaml").write_text("new\n")
    git(root, "add", "-N", "recs/3.yaml")
    index = root / ".git" / "index"
    assert index.read_bytes()[4:8] == b"\0\0\0\3"
    assert indexfile.entries(index, ["recs/1.yaml"]) == {
        "recs/1.yaml": _git_says(root, "recs/1.yaml")
    }
    assert indexfile.entries(index, ["recs/3.yaml"]) is None


def test_a_conflicted_path_gives_none(tmp_path: Path) -> None:
    """Stages 1-3 after a conflicting merge: never taken for a clean entry."""
    root = _repo(tmp_path / "r", FILES)
    git(root, "checkout", "-q", "-b", "side")
    (root / "recs" / "1.yaml").write_text("side\n")
    git(root, "commit", "-q", "-am", "side")
    git(root, "checkout", "-q", "main")
    (root / "recs" / "1.yaml").write_text("main\n")
    git(root, "commit", "-q", "-am", "main")
    git(root, "merge", "-q", "side", check=False)
    assert indexfile.entries(root / ".git" / "index", ["recs/1.yaml"]) is None


NAME = st.text(alphabet="ab1./_-", min_size=1, max_size=8).filter(
    lambda n: not n.startswith((".", "/")) and "//" not in n and "/." not in n
    and not n.endswith("/") and ".." not in n
)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.sets(NAME, min_size=1, max_size=8))
def test_any_set_of_paths_reads_as_git_lists_it(
    tmp_path_factory: pytest.TempPathFactory, names: set[str]
) -> None:
    """Whatever the paths (prefixes and suffixes of one another), the answer is git's or none."""
    root = tmp_path_factory.mktemp("r")
    files: dict[str, str] = {}
    for name in sorted(names, key=len):
        if not any(
            other != name and (name.startswith(other + "/") or other.startswith(name + "/"))
            for other in files
        ):
            files[name] = name
    _repo(root, files)
    for name in files:
        found = indexfile.entries(root / ".git" / "index", [name])
        assert found is None or found == {name: _git_says(root, name)}
        assert found is not None


@pytest.mark.parametrize("stage", ["1", "2", "3"])
def test_a_lone_entry_at_another_stage_gives_none(tmp_path: Path, stage: str) -> None:
    """One entry for the path, but not at stage 0 (half a conflict): no answer."""
    root = _repo(tmp_path / "r", FILES)
    oid = git(root, "rev-parse", "HEAD:recs/1.yaml").strip()
    git(root, "rm", "-q", "--cached", "recs/1.yaml")
    record = f"100644 {oid} {stage}\trecs/1.yaml\n".encode()
    subprocess.run(["git", "update-index", "--index-info"], cwd=root, input=record, check=True)
    assert indexfile.entries(root / ".git" / "index", ["recs/1.yaml"]) is None
