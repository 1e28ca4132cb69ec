"""What changed since a revision or date: the "since the last meeting" section of a paper.

Because files are append-only, the events added to a recommendation since REV are exactly
those past the number it had at REV; a recommendation absent at REV is new.
"""

from __future__ import annotations

from typing import Literal

from rectrack.app.reading import get_recommendation
from rectrack.app.views import find_revision
from rectrack.domain.changes import ChangeSet, RecChanges
from rectrack.store import files, recfile
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs

ChangesFormat = Literal["md", "html", "json"]
FORMATS: tuple[ChangesFormat, ...] = ("md", "html", "json")


def changes_document(ledger: Ledger, *, since: str, fmt: str) -> str:
    """`rec changes`: what changed since `since`, as Markdown, HTML or JSON (md and html say
    the commit they were built from and the latest checkpoint)."""
    from rectrack.app.provenance import provenance, stamp
    from rectrack.exporters import changes as documents

    change_set = changes_since(ledger, since=since)
    if fmt == "json":
        return documents.as_json(change_set) + "\n"
    if fmt == "html":
        text = documents.as_html(change_set, workflow=ledger.workflow)
    else:
        text = documents.as_markdown(change_set, workflow=ledger.workflow)
    return stamp(text, fmt=fmt, source=provenance(ledger))


def changes_since(ledger: Ledger, *, since: str) -> ChangeSet:
    """Compare the recommendations now with those committed at `since` (a date before the
    first commit: with nothing, so everything is new)."""
    found = find_revision(ledger, since)
    commit, committed = found if found is not None else (None, None)
    before = {} if commit is None else blobs.read_tree(ledger.git_root, commit, ledger.recs_dir)
    changes: list[RecChanges] = []
    for number in ledger.rec_ids():
        old_bytes = before.get(f"{number}.yaml")
        path = ledger.rec_path(number)
        if old_bytes is not None and files.read_bytes(path) == old_bytes:
            continue
        rec = get_recommendation(ledger, rec_id=number)
        if old_bytes is None:
            changes.append(RecChanges(rec=rec, new=True, events=rec.events))
            continue
        old = recfile.parse_recommendation(old_bytes, rec_id=number, path=f"{since}:{path.name}")
        if added := rec.events[len(old.events) :]:
            changes.append(RecChanges(rec=rec, new=False, events=added))
    return ChangeSet(since=since, commit=commit, committed=committed, changes=changes)
