"""What a commit written with plumbing (vcs/directcommit.py) builds on, read while the
files are checked for uncommitted changes, before rec touches them.

`prepare` answers only when that path may be taken and each file is provably clean:

- the repository needs nothing of `git commit` itself (vcs/porcelain.py: hooks, signing...);
- HEAD names a branch with commits;
- each file is tracked, at stage 0 with no index flag, and the same in the work tree, the
  index and HEAD, mode included (what `git status` shows as clean).

One process reads it all: `git cat-file --batch` (HEAD's trees along the paths and the
files' blobs there); the index entries come from the index file (vcs/indexfile.py), or
from `git ls-files` where that cannot be sure. Otherwise it answers
None, and `git status` checks the files and `git commit --only` commits them, as before.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rectrack.vcs import indexfile, objects
from rectrack.vcs.gitconfig import GitConfig, read_config
from rectrack.vcs.porcelain import loose_level, needs_porcelain
from rectrack.vcs.repo import common_dir, head_branch
from rectrack.vcs.runner import popen, run

#: The largest file the plumbing path reads to check it (rec's own limit is 16 MiB).
_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class Base:
    """What a plumbing commit builds on, read and checked while the files were untouched."""

    root: Path
    git_dir: Path
    head: str
    #: each file (relative, POSIX) -> (mode, blob id): the same in work tree, index, HEAD
    files: Mapping[str, tuple[str, str]]
    #: each folder along the files' paths ("" is the top) -> (tree id, raw tree) in HEAD
    trees: Mapping[str, tuple[str, bytes]]
    common: Path
    level: int
    config: GitConfig

    def holds(self, path: Path, data: bytes) -> bool:
        """Whether `data` are the bytes checked for `path` (the file was not changed since)."""
        found = self.files.get(relative_name(self.root, path))
        return found is not None and objects.object_id("blob", data) == found[1]


def prepare(
    root: Path, git_dir: Path, paths: Sequence[Path], *, config: GitConfig | None = None
) -> Base | None:
    """The base for a plumbing commit of `paths`, or None: then `git status` checks the
    files and `git commit --only` commits them, as without this module. `config`: git's
    configuration if the command has read it already (vcs/gitconfig.read_config)."""
    relative = [relative_name(root, path) for path in paths]
    branch = head_branch(git_dir)
    if branch is None or any("\n" in name or not name for name in relative):
        return None
    common = common_dir(git_dir)
    config = config or read_config(root)
    level = None if config is None else loose_level(config)
    if config is None or level is None:
        return None
    if needs_porcelain(root, git_dir=git_dir, common=common, config=config):
        return None
    index = indexfile.entries(git_dir / "index", relative) or _index_entries(root, relative)
    head = _head_objects(root, branch[1], relative)
    if index is None or head is None:
        return None
    trees, in_head = head
    filemode = config.boolean("core.filemode", default=True)
    files = {}
    for name, path in zip(relative, paths, strict=True):
        entry = _clean_entry(
            path, name, index.get(name), in_head.get(name), trees, filemode=filemode
        )
        if entry is None:
            return None
        files[name] = entry
    return Base(
        root=root, git_dir=git_dir, head=branch[1], files=files, trees=trees, common=common, level=level,
        config=config,
    )  # fmt: skip


def relative_name(root: Path, path: Path) -> str:
    """A path as git names it: relative to the work tree's top, with forward slashes."""
    return path.relative_to(root).as_posix()


def _index_entries(root: Path, relative: Sequence[str]) -> dict[str, tuple[str, str]] | None:
    """(mode, id) of each path's index entry: exactly one, at stage 0, with no flag set
    (`H`: not assume-unchanged, skip-worktree...). None if any is otherwise."""
    listing = run(root, "--literal-pathspecs", "ls-files", "-s", "-v", "-z", "--", *relative)
    found: dict[str, tuple[str, str]] = {}
    for record in listing.split("\0"):
        if not record:
            continue
        fields, _, name = record.partition("\t")
        tag, mode, oid, stage = [*fields.split(" "), "", "", "", ""][:4]
        if tag != "H" or stage != "0" or name in found or name not in relative:
            return None
        found[name] = (mode, oid)
    return found if len(found) == len(relative) else None


def _head_objects(
    root: Path, head: str, relative: Sequence[str]
) -> tuple[dict[str, tuple[str, bytes]], dict[str, str]] | None:
    """HEAD's trees along each path and each file's blob id there (one `git cat-file`)."""
    folders = {split_name(name)[0] for name in relative}
    wanted = sorted({"", *(p for f in folders for p in _ancestors(f))})
    names = [f"{head}^{{tree}}" if not f else f"{head}:{f}" for f in wanted]
    names += [f"{head}:{name}" for name in relative]
    answers = _cat_file(root, names)
    if answers is None:
        return None
    trees = {folder: answers[i] for i, folder in enumerate(wanted)}
    blobs = {name: answers[len(wanted) + i] for i, name in enumerate(relative)}
    if any(kind != "tree" for kind, _, _ in trees.values()):
        return None
    if any(kind != "blob" for kind, _, _ in blobs.values()):
        return None
    return (
        {folder: (oid, data) for folder, (_, oid, data) in trees.items()},
        {name: oid for name, (_, oid, _) in blobs.items()},
    )


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _cat_file(root: Path, names: Sequence[str]) -> list[tuple[str, str, bytes]] | None:
    """(type, id, content) of each object name, from one `git cat-file --batch`."""
    process = popen(root, "cat-file", "--batch", stdin=True)
    output, _ = process.communicate(("\n".join(names) + "\n").encode())
    if process.returncode != 0:
        return None
    found = []
    at = 0
    for _ in names:
        end = output.find(b"\n", at)
        header = output[at:end].decode("ascii", "replace").split(" ")
        if end < 0 or len(header) != 3 or not header[2].isdigit():
            return None  # "NAME missing", "NAME ambiguous"
        oid, kind, size = header[0], header[1], int(header[2])
        found.append((kind, oid, output[end + 1 : end + 1 + size]))
        at = end + 1 + size + 1
    return found


def _clean_entry(
    path: Path,
    name: str,
    index: tuple[str, str] | None,
    head: str | None,
    trees: Mapping[str, tuple[str, bytes]],
    *,
    filemode: bool | None,
) -> tuple[str, str] | None:
    """(mode, id) if the file is the same in the work tree, the index and HEAD, else None."""
    if index is None or head is None or index[1] != head or filemode is None:
        return None
    folder, base = split_name(name)
    mode = objects.file_mode(trees[folder][1], base, head)
    if mode is None or mode != index[0]:
        return None
    current = _read_regular(path)
    if current is None or objects.object_id("blob", current[0]) != head:
        return None
    if filemode and bool(current[1] & stat.S_IXUSR) != (mode == "100755"):
        return None  # `git status` would show the mode change
    return mode, head


def split_name(name: str) -> tuple[str, str]:
    """(folder, file name) of a relative POSIX path; the top folder is ""."""
    folder, _, base = name.rpartition("/")
    return folder, base


def _read_regular(path: Path) -> tuple[bytes, int] | None:
    """The bytes and mode of a regular file (no symlink, not huge); None otherwise."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_size > _MAX_BYTES:
            return None
        return stream.read(), found.st_mode
