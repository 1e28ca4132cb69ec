"""`rec site`: a static website of the ledger, built from one commit, written safely.

The site shows the ledger exactly as committed at one commit (HEAD, or `--as-recorded
REV`), and every page's footer names it. "Today", for overdue flags and the headline
figures, is that commit's date, so two builds of the same commit are byte-identical
whenever and wherever they run. Uncommitted changes are never shown: the footer could
not name the history that produced them.

Reading is fast when the files on disk are exactly the commit's (vcs/worktree.py hashes
them as git does): the read cache serves them. Otherwise they are read from git itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rectrack.app import checkpoints
from rectrack.app.recorded import recorded_events
from rectrack.app.views import LedgerView, resolve_revision, view_ledger
from rectrack.domain.query import PointInTime, RecFilter
from rectrack.domain.skipped import SkippedFile
from rectrack.domain.state import Recommendation
from rectrack.errors import UnknownRevision
from rectrack.exporters.site import Checkpoint, RecordedEvent, SiteSource, build_site
from rectrack.exporters.site.changes import LATEST
from rectrack.store.evidence import EVIDENCE_DIR, read_stored
from rectrack.store.paths import Ledger
from rectrack.store.sitefolder import SITE_DIR, check_site_folder, write_site
from rectrack.vcs import blobs, refs, repo, worktree

DEFAULT_TITLE = "Recommendations"

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, kw_only=True)
class BuiltSite:
    """A site written: where, how many files and recommendations, from which commit."""

    folder: Path
    files: int
    recs: int
    commit: str
    committed: dt.datetime
    #: Things the user should know (an empty site, uncommitted changes left out...).
    notes: tuple[str, ...]
    #: Files under recs/ that could not be read and are not on the site (one warning each).
    skipped: tuple[SkippedFile, ...] = ()

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


@dataclass(frozen=True, kw_only=True)
class SiteInputs:
    """Everything build_site is given, gathered from the ledger and its history."""

    view: LedgerView
    source: SiteSource
    changes: list[RecordedEvent] | None
    evidence: dict[str, bytes]
    notes: tuple[str, ...]


def publish_site(
    ledger: Ledger,
    *,
    output: Path | None,
    rec_filter: RecFilter,
    when: PointInTime,
    title: str = DEFAULT_TITLE,
    force: bool = False,
    progress: Progress | None = None,
) -> BuiltSite:
    """Build the site of the recommendations matching `rec_filter` at `when` and write it to
    `output` (default: site/ in the ledger), replacing a previous site whole."""
    folder = check_site_folder(ledger, output or ledger.root / SITE_DIR, force=force)
    found = gather(ledger, rec_filter=rec_filter, when=when)
    steps = _Steps(progress)
    view = found.view
    files = build_site(recs=view.recs, workflow=view.workflow, today=view.today, title=title,
                       source=found.source, changes=found.changes, evidence=found.evidence,
                       progress=steps.building)  # fmt: skip
    write_site(folder, files, progress=steps.writing)
    return BuiltSite(
        folder=folder, files=len(files), recs=len(view.recs), commit=found.source.commit,
        committed=found.source.committed, notes=(*found.notes, *_ignore_note(ledger, folder)),
        skipped=tuple(view.skipped),
    )  # fmt: skip


def gather(ledger: Ledger, *, rec_filter: RecFilter, when: PointInTime) -> SiteInputs:
    """The recommendations at `when` as committed, and what their pages need from git."""
    if when.as_recorded is None and not refs.has_commits(ledger.git_root):
        raise UnknownRevision(rev="HEAD", reason="nothing is committed yet, and a site is "
                              "built from committed history")  # fmt: skip
    sha, committed = resolve_revision(ledger, when.as_recorded or "HEAD")
    view, notes = _read(ledger, sha=sha, committed=committed, rec_filter=rec_filter, when=when)
    # --as-at shows the ledger by its events' dates, so its feed is ordered by them too.
    changes = None
    if when.as_at is None:
        changes = recorded_events(ledger, commit=sha, recs=view.recs, limit=LATEST)
    if when.as_at is not None and view.note:
        notes.append(f"the site shows the ledger {view.note.split('; ')[-1]}")
    if not view.recs:
        notes.append("no recommendation matches: the site lists none")
    source = SiteSource(
        commit=sha, committed=committed, ledger_root=repo.root_commit(ledger.git_root, sha),
        checkpoint=latest_checkpoint(ledger, commit=sha),
    )  # fmt: skip
    evidence = _evidence(ledger, commit=sha, recs=view.recs)
    return SiteInputs(view=view, source=source, changes=changes, evidence=evidence,
                      notes=tuple(notes))  # fmt: skip


def latest_checkpoint(ledger: Ledger, *, commit: str) -> Checkpoint | None:
    """The newest checkpoint in `commit`'s history, for every page's footer."""
    found = checkpoints.latest_checkpoint(ledger, commit=commit)
    return None if found is None else Checkpoint(name=found[0], commit=found[1])


def _read(
    ledger: Ledger, *, sha: str, committed: dt.datetime, rec_filter: RecFilter, when: PointInTime
) -> tuple[LedgerView, list[str]]:
    """The view as committed in `sha`: from the read cache when the files on disk are
    exactly the commit's (checked before and after reading), else from git."""
    today = committed.date()
    on_disk = [ledger.recs_dir, ledger.config_path]
    if worktree.same_as_commit(ledger.git_root, rev=sha, paths=on_disk):
        view = view_ledger(ledger, when=PointInTime(as_at=when.as_at), today=today,
                           rec_filter=rec_filter)  # fmt: skip
        if worktree.same_as_commit(ledger.git_root, rev=sha, paths=on_disk):
            return view, []
    notes = []
    if when.as_recorded is None:
        notes.append(f"files on disk differ from commit {sha[:12]} (uncommitted changes?): "
                     "the site shows the ledger as committed")  # fmt: skip
    view = view_ledger(ledger, when=PointInTime(as_at=when.as_at, as_recorded=sha), today=today,
                       rec_filter=rec_filter)  # fmt: skip
    return view, notes


def _evidence(ledger: Ledger, *, commit: str, recs: Iterable[Recommendation]) -> dict[str, bytes]:
    """Stored evidence the recommendations cite: from disk (content-addressed, so any copy
    that hashes right is the one), else as committed; a file that is neither is left out."""
    cited = {event.sha256 for rec in recs for event in rec.evidence if event.url is None}
    found = read_stored(ledger, cited)
    missing = sorted(cited - found.keys())
    if not missing:
        return found
    folder = (ledger.root / EVIDENCE_DIR).relative_to(ledger.git_root).as_posix()
    with blobs.BlobReader(ledger.git_root) as reader:
        reader.prefetch(f"{commit}:{folder}/{sha256}" for sha256 in missing)
        for sha256 in missing:
            answer = reader.read(f"{commit}:{folder}/{sha256}")
            if answer is not None and hashlib.sha256(answer[1]).hexdigest() == sha256:
                found[sha256] = answer[1]
    return found


def _ignore_note(ledger: Ledger, folder: Path) -> list[str]:
    """A hint when the site sits in the git work tree and git would offer to commit it."""
    root = ledger.git_root.resolve()
    if not folder.is_relative_to(root) or worktree.is_ignored(root, folder):
        return []
    base = ledger.root.resolve() if folder.is_relative_to(ledger.root.resolve()) else root
    name = folder.relative_to(base).as_posix()
    return [f"git does not ignore {name}/: add the line `/{name}/` to {base / '.gitignore'} "
            "and commit it (`rec init` does this for new ledgers)"]  # fmt: skip


class _Steps:
    """One progress bar over both halves: rendering the pages, then writing the files."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.pages = 0

    def building(self, done: int, total: int) -> None:
        self.pages = total
        if self.progress is not None:
            self.progress(done, 2 * total)  # about as many files to write as pages

    def writing(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.pages + done, self.pages + total)
