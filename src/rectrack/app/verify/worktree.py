"""The files on disk, before they are committed: what the pre-commit hook checks.

Every file under recs/ must parse, and only append to HEAD's version, under the rules
in force at HEAD. Who would commit it is not known yet, so rules that name a person are
left to the commit's own check. A file byte for byte HEAD's version was checked where
that version was committed, so only files that differ are parsed; which those are comes
from hashing them as git would, skipping a file whose stat data show it unchanged since
the last run hashed it (store/treehashes.py; never git's index, which `--assume-unchanged`
can make lie).
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from rectrack.app.verify.checker import Checker
from rectrack.app.verify.judge import Where
from rectrack.domain.identifiers import REC_FILE
from rectrack.errors import LedgerFormatError
from rectrack.store import files
from rectrack.store.treehashes import TreeHashes, cache_path
from rectrack.vcs import blobs


def check_tree(
    checker: Checker, *, head: str | None, tree: dict[str, str], walked: bool, full: bool
) -> None:
    """Every file on disk parses, follows the workflow and only appends to HEAD's.

    `tree`: HEAD's files in recs/ (name -> blob); `walked`: the walk saw every one of
    them committed (not so with `--since`); `full`: trust no hash kept from earlier runs.
    """
    ledger = checker.ledger
    workflow = checker.book.state_of(head).workflow if head else ledger.workflow
    where = Where(None, workflow=workflow)
    judge = checker.judge
    on_disk = _yaml_files(ledger.recs_dir)
    inside = files.folder_inside_ledger(ledger.recs_dir)
    hashes = TreeHashes(cache_path(ledger.git_dir, ledger.recs_dir), use=inside and not full)
    for name in sorted(on_disk.keys() | tree.keys()):
        path = f"{checker.pathspec}/{name}"
        info = on_disk.get(name)
        if info is None:
            judge.flag(where, path, "recommendation file deleted (not committed)")
            continue
        if not REC_FILE.fullmatch(name):
            judge.flag(where, path, "file name is not a recommendation ID (<id>.yaml)")
        head_blob = tree.get(name)
        if walked and head_blob is not None and hashes.known(name, info) == head_blob:
            continue  # unchanged since a run found it to be HEAD's version
        try:
            data = files.read_bytes(ledger.recs_dir / name)
        except LedgerFormatError as error:
            judge.flag(where, path, str(error.details.get("detail", error)))
            continue
        digest = blobs.blob_hash(data)
        hashes.remember(name, info, digest)
        if head_blob == digest:
            if not walked:  # committed before the commits walked: check it here
                checker.version(head_blob, path=path, where=where)
            continue
        _check_changed(checker, where, path, data=data, head_blob=head_blob)
    hashes.save()


def _check_changed(
    checker: Checker, where: Where, path: str, *, data: bytes, head_blob: str | None
) -> None:
    """A file on disk that differs from HEAD's version: it may only append to it."""
    judge = checker.judge
    after = checker.parse(data, path=path, where=where)
    before = checker.version(head_blob, path=path)
    if after is None:
        return
    if before is None:
        judge.appended(where, path, after.events, start=0, old=None, new=None,
                       header=after.header)  # fmt: skip
    elif checker.compare(where, path, before=before, after=after):
        judge.appended(where, path, after.events, start=len(before.events), old=head_blob,
                       new=None, header=after.header)  # fmt: skip


def _yaml_files(folder: Path) -> dict[str, os.stat_result]:
    """Each `*.yaml` in `folder` with its stat data, not following symlinks."""
    found: dict[str, os.stat_result] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".yaml"):
                    with suppress(FileNotFoundError):  # gone meanwhile: as if never there
                        found[entry.name] = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return {}
    return found
