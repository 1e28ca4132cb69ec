"""Where a report comes from: the commit it was built from and the latest checkpoint.

A paper built from the ledger says which head it shows, and the newest checkpoint
(app/checkpoints.py) that head contains, so anyone can later check, with
`rec verify --checkpoint COMMIT` on any clone, that the history behind it still stands.
Markdown and HTML documents carry the line; JSON and CSV (read by programs, and by
`rec import json`) keep their shape and the CLI prints the line on stderr.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from rectrack.app.checkpoints import latest_checkpoint
from rectrack.store.paths import Ledger
from rectrack.vcs import refs


@dataclass(frozen=True, kw_only=True)
class Provenance:
    """The commit a report was built from, and the newest checkpoint in its history."""

    head: str | None
    checkpoint: tuple[str, str] | None

    @property
    def line(self) -> str:
        """`Built from commit 1a2b…; latest checkpoint committee-2026-03 (9f8e…).`"""
        head = f"commit {self.head[:12]}" if self.head else "a ledger with no commits"
        if self.checkpoint is None:
            return f"Built from {head}; no checkpoint yet (`rec checkpoint`)."
        name, commit = self.checkpoint
        return f"Built from {head}; latest checkpoint {name} ({commit[:12]})."


def provenance(ledger: Ledger, *, revision: str | None = None) -> Provenance:
    """The provenance of a report built from `revision` (None: HEAD)."""
    head = refs.resolve(ledger.git_root, revision or "HEAD")
    return Provenance(head=head, checkpoint=latest_checkpoint(ledger) if head else None)


def stamp(text: str, *, fmt: str, source: Provenance) -> str:
    """`text` with the provenance line, where its format has room for one (md, html)."""
    if fmt == "md":
        return f"{text.rstrip()}\n\n_{source.line}_\n"
    if fmt == "html":
        line = f'<p class="provenance">{html.escape(source.line)}</p>'
        for anchor in ("</footer>", "</body>"):
            if anchor in text:
                return text.replace(anchor, line + anchor, 1)
    return text
