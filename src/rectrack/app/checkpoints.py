"""Checkpoints: history anchored beyond one clone.

A clone made after someone rewrote the remote's history (and its tags) cannot see the
rewrite on its own; anyone who kept an earlier head can. `rec checkpoint` records the
head as an annotated tag under refs/tags/rectrack/checkpoint/ (signed when the ledger
signs), `rec sync` pushes checkpoints and fetches others', and `rec verify` checks that
every checkpoint it knows is still in the history, and that history after it only
appended. Each clone also keeps what it saw in `<git dir>/rectrack/checkpoints`, so a tag
moved or deleted later is noticed; `rec verify --checkpoint COMMIT` checks a head kept
outside git (a committee paper, the site's footer) against any clone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rectrack.app.verify.report import Violation
from rectrack.errors import InvalidValue
from rectrack.store import files
from rectrack.store.paths import Ledger
from rectrack.vcs import refs, repo, signingconfig, tags


@dataclass(frozen=True, kw_only=True)
class Checkpoint:
    """A checkpoint: its name and the commit it anchors."""

    name: str
    commit: str
    signed: bool = False


class SeenRecord:
    """What this clone saw: `<commit> <name> [<remote>,...]` lines in the git dir."""

    def __init__(self, ledger: Ledger) -> None:
        self.path = repo.common_dir(ledger.git_dir) / "rectrack" / "checkpoints"

    def load(self) -> dict[str, tuple[str, set[str]]]:
        """{name: (commit, remotes it was seen on)}."""
        try:
            lines = self.path.read_text().splitlines()
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return {}
        found: dict[str, tuple[str, set[str]]] = {}
        for line in lines:
            commit, _, rest = line.partition(" ")
            name, _, remotes = rest.partition(" ")
            if name:
                found[name] = (commit, {r for r in remotes.split(",") if r})
        return found

    def add(self, name: str, commit: str, *, remote: str | None = None) -> None:
        """Remember a checkpoint (and that `remote` has it); silently not on a read-only clone."""
        self.add_all([(name, commit)], remote=remote)

    def add_all(self, seen: list[tuple[str, str]], *, remote: str | None = None) -> None:
        """Remember checkpoints (name, commit), in one write."""
        found = self.load()
        before = dict(found)
        for name, commit in seen:
            old_commit, remotes = found.get(name, (commit, set()))
            if (
                old_commit == commit
            ):  # never overwrite what was seen: the difference is the evidence
                found[name] = (commit, remotes | ({remote} if remote else set()))
        if found == before:
            return
        text = "".join(f"{c} {n} {','.join(sorted(r))}".rstrip() + "\n"
                       for n, (c, r) in sorted(found.items()))  # fmt: skip
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(self.path, text.encode())
        except OSError:
            pass


def make_checkpoint(ledger: Ledger, *, name: str | None = None, today: dt.date) -> Checkpoint:
    """Tag HEAD as a checkpoint, after `rec verify` passes on it."""
    from rectrack.app.verify.walk import verify_ledger

    root = ledger.git_root
    if not refs.has_commits(root):
        raise InvalidValue(what="checkpoint", reason="the ledger has no commits yet")
    existing = tags.list_tags(root)
    name = name or _free_name(today.isoformat(), existing)
    if name in existing:
        raise InvalidValue(
            what=f"checkpoint name {name!r}",
            reason=f"it exists already (commit {existing[name].commit[:12]})",
        )
    if not tags.valid_name(root, name):
        raise InvalidValue(what=f"checkpoint name {name!r}", reason="use letters, digits, . - _")
    report = verify_ledger(ledger)
    report.check()
    head = report.head or refs.head_ref(root)[1]
    sign = _signing(ledger)
    message = (
        f"rectrack checkpoint {name}\n\nhead: {head}\n"
        f"recommendations: {len(ledger.rec_ids())}\ncommits verified: {report.commits}\n"
    )
    tag = tags.create(root, name=name, commit=head, message=message, sign=sign)
    SeenRecord(ledger).add(name, tag.commit)
    return Checkpoint(name=name, commit=tag.commit, signed=sign)


def _free_name(base: str, existing: dict[str, tags.Tag]) -> str:
    if base not in existing:
        return base
    number = 2
    while f"{base}.{number}" in existing:
        number += 1
    return f"{base}.{number}"


def _signing(ledger: Ledger) -> bool:
    """Sign when the ledger has signers and this person has a signing key."""
    return (ledger.root / ".rectrack" / "allowed_signers").is_file() and signingconfig.signs(
        ledger.git_root
    )


def latest_checkpoint(ledger: Ledger, *, commit: str = "HEAD") -> tuple[str, str] | None:
    """(name, commit) of the newest checkpoint in `commit`'s history, or None.

    For reports, exports and the site: "built from HEAD X; latest checkpoint Y".
    """
    root = ledger.git_root
    if not refs.has_commits(root):
        return None
    for tag in tags.list_tags(root).values():  # newest first
        if refs.is_ancestor(root, tag.commit, commit):
            return tag.name, tag.commit
    return None


def checkpoint_problems(
    ledger: Ledger, *, given: str | None = None
) -> tuple[list[Violation], dict[str, str], list[str]]:
    """(violations, {name: commit} checked, notes) for every checkpoint this clone knows."""
    root = ledger.git_root
    found = tags.list_tags(root)
    seen = SeenRecord(ledger).load()
    problems: list[tuple[str, str]] = []
    notes: list[str] = []
    checked: dict[str, str] = {}
    for name, (commit, _) in sorted(seen.items()):
        tag = found.get(name)
        if tag is None:
            notes.append(f"checkpoint {name} ({commit[:12]}) was seen here but its tag is gone")
        elif tag.commit != commit:
            problems.append((commit, f"checkpoint {name} was moved: this clone saw it on "
                             f"{commit[:12]}, the tag now names {tag.commit[:12]}"))  # fmt: skip
        problems += _in_history(root, name, commit)
        checked[name] = commit
    for name, tag in sorted(found.items()):
        if name not in seen:
            problems += _in_history(root, name, tag.commit)
            checked[name] = tag.commit
    if given is not None:
        resolved = refs.resolve(root, given)
        if resolved is None:
            problems.append((given, f"checkpoint {given}: no such commit here: this history "
                             "does not contain the head you kept (rewritten, or not fetched)"))  # fmt: skip
        else:
            problems += _in_history(root, given, resolved)
            checked[given] = resolved
    violations = [Violation(rec="(checkpoint)", commit=commit[:8], author="", date="",
                            problem=text) for commit, text in problems]  # fmt: skip
    return violations, checked, notes


def _in_history(root: Path, name: str, commit: str) -> list[tuple[str, str]]:
    found = refs.is_ancestor(root, commit)
    if found:
        return []
    state = "no longer exists here" if found is None else "is not an ancestor of HEAD"
    return [(commit, f"checkpoint {name}: commit {commit[:12]} {state}: history was "
             "rewritten after it")]  # fmt: skip
