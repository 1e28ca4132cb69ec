"""Checkpoint tags: annotated tags under refs/tags/rectrack/checkpoint/, and their remote
copies, fetched into refs/rectrack/remotes/<remote>/checkpoint/ so that a tag the remote
moved or deleted can be compared with ours instead of silently replacing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.runner import run, run_unchecked

CHECKPOINTS = "refs/tags/rectrack/checkpoint/"


def remote_checkpoints(remote: str) -> str:
    """Where a remote's checkpoints are fetched to (never over our own tags)."""
    return f"refs/rectrack/remotes/{remote}/checkpoint/"


@dataclass(frozen=True, kw_only=True)
class Tag:
    """A checkpoint tag: its name (after the prefix), tag object, the commit it names."""

    name: str
    obj: str
    commit: str
    date: str  # the tagger date (ISO 8601), "" for a lightweight tag


def list_tags(root: Path, prefix: str = CHECKPOINTS) -> dict[str, Tag]:
    """{name: Tag} under `prefix`, newest tag first."""
    out = run(root, "for-each-ref", "--sort=-refname", "--sort=-taggerdate",
              "--format=%(refname)%00%(objectname)%00%(*objectname)%00%(taggerdate:iso-strict)",
              prefix)  # fmt: skip
    tags: dict[str, Tag] = {}
    for line in out.splitlines():
        ref, obj, target, date = ([*line.split("\x00"), "", "", ""])[:4]
        name = ref.removeprefix(prefix)
        tags[name] = Tag(name=name, obj=obj, commit=target or obj, date=date)
    return tags


def create(root: Path, *, name: str, commit: str, message: str, sign: bool) -> Tag:
    """Make the annotated (with `sign`, signed) tag CHECKPOINTS+name on `commit`."""
    run(root, "tag", "-s" if sign else "-a", "-F", "-", f"rectrack/checkpoint/{name}", commit,
        stdin=message.encode(), tied=True)  # fmt: skip
    return list_tags(root)[name]


def message(root: Path, obj: str) -> str:
    """The message of a tag object ("" for a commit: a lightweight tag)."""
    raw = run(root, "cat-file", "-p", obj)
    if not raw.startswith("object "):
        return ""
    return raw.partition("\n\n")[2]


def fetch(root: Path, remote: str) -> None:
    """The remote's checkpoints into our private copy of them, deletions included."""
    spec = f"+{CHECKPOINTS}*:{remote_checkpoints(remote)}*"
    run(root, "fetch", "--quiet", "--no-tags", "--prune", remote, spec)


def adopt(root: Path, *, name: str, obj: str) -> None:
    """Make a fetched tag object one of our own checkpoint tags (never over an existing one)."""
    run(root, "update-ref", f"{CHECKPOINTS}{name}", obj, "0" * 40)


def push(root: Path, remote: str, names: Sequence[str]) -> str | None:
    """Push our checkpoint tags (never forced); None when done, else git's reason."""
    if not names:
        return None
    specs = [f"{CHECKPOINTS}{name}:{CHECKPOINTS}{name}" for name in names]
    completed = run_unchecked(root, "push", "--quiet", remote, *specs)
    if completed.returncode == 0:
        return None
    lines = completed.stderr.decode("utf-8", "replace").splitlines()
    return next((line.strip() for line in lines if line.strip()), "push failed")


def valid_name(root: Path, name: str) -> bool:
    try:
        run(root, "check-ref-format", f"{CHECKPOINTS}{name}")
    except GitError:
        return False
    return "/" not in name
