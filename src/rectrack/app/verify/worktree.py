"""The files on disk, before they are committed: what the pre-commit hook checks.

Every file under recs/ must parse, and only append to HEAD's version, under the rules
in force at HEAD. Who would commit it is not known yet, so rules that name a person are
left to the commit's own check.
"""

from __future__ import annotations

import os
from pathlib import Path

from rectrack.app.verify.checker import Checker
from rectrack.app.verify.judge import Where
from rectrack.domain.identifiers import REC_FILE
from rectrack.errors import LedgerFormatError
from rectrack.store import files
from rectrack.vcs import blobs, refs


def check_tree(checker: Checker) -> None:
    """Every file on disk parses, follows the workflow and only appends to HEAD's."""
    ledger = checker.ledger
    head = refs.resolve(ledger.git_root, "HEAD")
    where = Where(None, workflow=checker.book.state_of(head).workflow if head else ledger.workflow)
    judge = checker.judge
    on_disk = _yaml_names(ledger.recs_dir)
    in_head = blobs.list_tree(ledger.git_root, rev="HEAD", path=checker.pathspec)
    for name in sorted(on_disk | set(in_head)):
        path = f"{checker.pathspec}/{name}"
        if name not in on_disk:
            judge.flag(where, path, "recommendation file deleted (not committed)")
            continue
        if not REC_FILE.fullmatch(name):
            judge.flag(where, path, "file name is not a recommendation ID (<id>.yaml)")
        try:
            data = files.read_bytes(ledger.recs_dir / name)
        except LedgerFormatError as error:
            judge.flag(where, path, str(error.details.get("detail", error)))
            continue
        head_blob = in_head.get(name)
        if head_blob == blobs.blob_hash(data):
            checker.version(head_blob, path=path, where=where)
            continue
        after = checker.parse(data, path=path, where=where)
        before = checker.version(head_blob, path=path)
        if after is None:
            continue
        if before is None:
            judge.appended(where, path, after.events, start=0, old=None, new=None,
                           header=after.header)  # fmt: skip
        elif checker.compare(where, path, before=before, after=after):
            judge.appended(where, path, after.events, start=len(before.events), old=head_blob,
                           new=None, header=after.header)  # fmt: skip


def _yaml_names(folder: Path) -> set[str]:
    try:
        return {name for name in os.listdir(folder) if name.endswith(".yaml")}
    except FileNotFoundError:
        return set()
