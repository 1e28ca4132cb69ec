"""The rules in force at each commit: rectrack.yaml, the signers, the accepted file.

verify judges every commit by the rules as committed at that commit, never by today's:
deleting `rules:` later does not excuse what was done under them, and adding oneself to
a role later does not make an earlier sign-off one's own. The walk follows the graph:
a commit's rules are its first parent's, changed by its own diff. Only commits that
change a rules file cost anything (their blobs are read through the walk's blob
reader); a parent the walk did not see (`--since`, or a resumed walk's older commits) is
read once as `<commit>:<path>`, and a resumed walk starts from the rules its record kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from rectrack.app.verify.people import NotInRecord
from rectrack.domain.signers import AllowedSigners, parse_allowed_signers
from rectrack.domain.workflow import Workflow
from rectrack.errors import RectrackError
from rectrack.store.accepted import ACCEPTED_NAME, Acceptance, parse_accepted
from rectrack.store.config import parse_workflow
from rectrack.store.paths import CONFIG_NAME, Ledger
from rectrack.vcs import blobs, history

SIGNERS_NAME = ".rectrack/allowed_signers"


@dataclass(frozen=True, kw_only=True)
class RulesState:
    """The rules files of one commit (path -> blob) and what they say."""

    blobs: dict[str, str] = field(default_factory=dict)
    workflow: Workflow
    signers: AllowedSigners | None = None
    accepted: tuple[Acceptance, ...] = ()
    #: The rectrack.yaml blob whose workflow is in force (None: the ledger's default); not
    #: `blobs`' own when that one cannot be used (the rules before it stay in force).
    workflow_blob: str | None = None


class RulesBook:
    """The rules state of every commit the walk has seen, and of parents it reads."""

    def __init__(self, ledger: Ledger, reader: blobs.BlobReader) -> None:
        folder = ledger.root.relative_to(ledger.git_root).as_posix()
        prefix = "" if folder == "." else f"{folder}/"
        self.config = prefix + CONFIG_NAME
        self.signers = prefix + SIGNERS_NAME
        self.accepted = prefix + ACCEPTED_NAME
        self.files = (self.config, self.signers, self.accepted, ".mailmap", ".gitattributes",
                      *([f"{prefix}.gitattributes"] if prefix else []))  # fmt: skip
        self.folder = f"{prefix}.rectrack/"
        self.watch = (*self.files, self.folder)
        self._reader = reader
        self._fallback = ledger.workflow
        self._states: dict[str | None, RulesState] = {None: RulesState(workflow=self._fallback)}
        self._parsed: dict[tuple[str, str], object] = {}
        #: (path, blob) -> why it could not be read; reported where it was committed.
        self.broken: dict[tuple[str, str], str] = {}
        #: A resumed walk: a commit it did not see whose rectrack.yaml cannot be used ends
        #: the resume (the full walk knows which rules were kept in force there).
        self.strict = False

    def is_rules_path(self, path: str) -> bool:
        return path in self.files or path.startswith(self.folder)

    def before(self, commit: history.CommitChanges) -> RulesState:
        """The rules in force when `commit` was made: its first parent's."""
        return self.state_of(commit.parents[0] if commit.parents else None)

    def enter(self, commit: history.CommitChanges) -> tuple[RulesState, list[str]]:
        """The commit's own rules, and the rules paths it changed itself.

        A merge changed a path itself only when its version matches no parent's: a rules
        change it brings in from a parent was judged where that parent made it.
        """
        before = self.before(commit)
        mine = [c for c in commit.diffs[0].changes if self.is_rules_path(c.path)]
        state = before
        if mine:
            found = dict(before.blobs)
            for change in mine:
                if change.path in self.files:
                    if change.new_blob is None:
                        found.pop(change.path, None)
                    else:
                        found[change.path] = change.new_blob
            state = self._state(found, previous=before)
        self._states[commit.sha] = state
        changed = [c.path for c in mine if all(_differs(d, c.path) for d in commit.diffs)]
        return state, sorted(set(changed))

    def state_of(self, sha: str | None) -> RulesState:
        """The rules of a commit seen by the walk, or read from git for one it did not see."""
        found = self._states.get(sha)
        if found is None:
            assert sha is not None
            read = {path: blob[0] for path in self.files
                    if (blob := self._reader.read(f"{sha}:{path}")) is not None}  # fmt: skip
            found = self._states[sha] = self._state(read, previous=self._states[None])
            if self.strict and found.workflow_blob != read.get(self.config):
                raise NotInRecord(sha)
        return found

    def seed(self, sha: str, *, blobs: dict[str, str], workflow_blob: str | None) -> None:
        """Start from a walk record: `sha`'s rules files, and the config in force there."""
        workflow = self._parse(self.config, workflow_blob, self._fallback)
        assert isinstance(workflow, Workflow)
        previous = RulesState(workflow=workflow, workflow_blob=workflow_blob)
        self._states[sha] = self._state(dict(blobs), previous=previous)

    def _state(self, found: dict[str, str], *, previous: RulesState) -> RulesState:
        workflow = self._parse(self.config, found.get(self.config), previous.workflow)
        signers = self._parse(self.signers, found.get(self.signers), None)
        accepted = self._parse(self.accepted, found.get(self.accepted), ())
        assert isinstance(workflow, Workflow)
        assert signers is None or isinstance(signers, AllowedSigners)
        assert isinstance(accepted, tuple)
        config = found.get(self.config)
        if config is not None and self._parsed.get((self.config, config)) is None:
            config = previous.workflow_blob  # cannot be used: the rules before it stay
        return RulesState(blobs=found, workflow=workflow, signers=signers, accepted=accepted,
                          workflow_blob=config)  # fmt: skip

    def _parse(self, path: str, blob: str | None, fallback: object) -> object:
        """A rules file's meaning, cached by blob; the fallback when absent or unreadable."""
        if blob is None:
            return self._fallback if path == self.config else fallback
        key = (path, blob)
        if key not in self._parsed:
            data = self._reader.read(blob)
            try:
                if data is None:
                    raise RectrackError(detail="cannot be read")
                self._parsed[key] = _meaning(path, data[1], self)
            except RectrackError as error:
                self.broken[key] = error.message
                self._parsed[key] = None
        parsed = self._parsed[key]
        return fallback if parsed is None else parsed

    def signers_bytes(self, state: RulesState) -> bytes | None:
        blob = state.blobs.get(self.signers)
        found = None if blob is None else self._reader.read(blob)
        return None if found is None else found[1]


def _meaning(path: str, data: bytes, book: RulesBook) -> object:
    name = PurePosixPath(path).as_posix()
    if name == book.config:
        return parse_workflow(data, path=path)
    if name == book.signers:
        return parse_allowed_signers(data)
    return parse_accepted(data, path=path)


def _differs(diff: history.ParentDiff, path: str) -> bool:
    return any(change.path == path for change in diff.changes)
