"""Trees edited and objects stored without git: exactly what git writes and reads."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectrack.vcs import objects
from tests.helpers import git


def _mktree(repo: Path, entries: dict[str, tuple[str, str]]) -> tuple[str, bytes]:
    """git's own tree for `entries` (name -> (mode, id)): its id and raw bytes."""
    listing = "".join(
        f"{mode} {'tree' if mode == '40000' else 'blob'} {oid}\t{name}\0"
        for name, (mode, oid) in entries.items()
    )
    made = subprocess.run(["git", "mktree", "-z", "--missing"], cwd=repo, check=True,
                          input=listing.encode(), capture_output=True)  # fmt: skip
    oid = made.stdout.decode().strip()
    return oid, subprocess.run(["git", "cat-file", "tree", oid], cwd=repo, check=True,
                               capture_output=True).stdout  # fmt: skip


def _blob(number: int) -> str:
    return objects.object_id("blob", str(number).encode())


NAMES = st.text(alphabet=st.sampled_from("ab1 .y\t"), min_size=1, max_size=8).filter(
    lambda name: name not in (".", "..") and "/" not in name
)


@settings(max_examples=25, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=6, unique=True), data=st.data())
def test_replace_entry_is_gits_tree(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], data: st.DataObject
) -> None:
    """Changing one entry's id gives the bytes git makes for the changed listing, or None
    when the entry cannot be told apart from another without walking the tree."""
    repo = tmp_path_factory.getbasetemp() / "mktree"
    if not repo.exists():
        git(repo.parent, "init", "-q", str(repo))
    modes = st.sampled_from(["100644", "100755", "40000"])
    entries = {name: (data.draw(modes), _blob(data.draw(st.integers(0, 3)))) for name in names}
    target = data.draw(st.sampled_from(names))
    mode, old = entries[target]
    _, tree = _mktree(repo, entries)
    changed = objects.replace_entry(tree, target, old, _blob(99))
    pattern = b" " + target.encode() + b"\0" + bytes.fromhex(old)
    if tree.find(pattern, tree.find(pattern) + 1) >= 0:  # two entries end that way
        assert changed is None
        return
    assert changed is not None
    expected_id, expected = _mktree(repo, {**entries, target: (mode, _blob(99))})
    assert changed == expected
    assert objects.object_id("tree", changed) == expected_id
    found = objects.file_mode(tree, target, old)
    assert found == (mode if mode != "40000" else None)


def test_loose_objects_are_gits(tmp_path: Path) -> None:
    """An object stored by rec is read back by git, read-only, with no temporary left."""
    git(tmp_path, "init", "-q", "repo")
    repo = tmp_path / "repo"
    data = b"100644 a\0" + bytes.fromhex(_blob(1))
    oid = objects.write_loose(repo / ".git" / "objects", "tree", data, level=1)
    assert git(repo, "cat-file", "-t", oid).strip() == "tree"
    shown = subprocess.run(["git", "cat-file", "tree", oid], cwd=repo, capture_output=True)
    assert shown.stdout == data
    path = repo / ".git" / "objects" / oid[:2] / oid[2:]
    assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    assert [p.name for p in path.parent.iterdir()] == [oid[2:]]
    again = objects.write_loose(repo / ".git" / "objects", "tree", data, level=9)
    assert again == oid
