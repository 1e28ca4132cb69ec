"""Where a ledger is on disk: finding its folder, naming its files, listing its IDs.

Cheap on purpose: no YAML, no git process. Reading files is recfile's job; which git
repository holds the ledger is the vcs package's (app/ledger.py joins the two).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rectrack.domain.identifiers import rec_id_of_file
from rectrack.errors import NotInLedger

if TYPE_CHECKING:
    from rectrack.domain.workflow import Workflow

CONFIG_NAME = "rectrack.yaml"
RECS_DIR = "recs"


@dataclass(frozen=True)
class Ledger:
    """A ledger: the folder holding rectrack.yaml and recs/, inside a git work tree."""

    root: Path
    git_root: Path
    git_dir: Path
    #: What the layers above work out once per command (app/ledger.git_config: git's
    #: configuration, which the identity and the write both read): not what a ledger is.
    computed: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def recs_dir(self) -> Path:
        return self.root / RECS_DIR

    @property
    def journal_marker(self) -> Path:
        """The write-ahead marker a write leaves while it runs (app/journal.py)."""
        return self.git_dir / "rectrack" / "pending"

    def rec_path(self, rec_id: int) -> Path:
        return self.recs_dir / f"{rec_id}.yaml"

    def rec_ids(self) -> list[int]:
        """Every recommendation ID, from file names alone (nothing is parsed)."""
        try:
            entries = os.listdir(self.recs_dir)
        except FileNotFoundError:
            return []
        return sorted(number for name in entries if (number := rec_id_of_file(name)) is not None)

    @property
    def config_cache(self) -> Path:
        """Where rectrack.yaml's parse is kept between commands (never committed)."""
        return self.git_dir / "rectrack" / "config.cache"

    @cached_property
    def workflow(self) -> Workflow:
        from rectrack.store.config import read_workflow

        return read_workflow(self.config_path, cache=self.config_cache)

    @cached_property
    def text_limit(self) -> int:
        """The largest text value a write may store (rectrack.yaml's `limits.text_bytes`)."""
        from rectrack.store.config import read_text_limit

        return read_text_limit(self.config_path, cache=self.config_cache)


def find_root(*, start: Path, explicit: str | None = None) -> Path:
    """The ledger folder at `explicit` (or $REC_LEDGER), else the nearest one above `start`."""
    pointer = explicit or os.environ.get("REC_LEDGER")
    if pointer:
        root = Path(pointer).expanduser().resolve()
        if not (root / CONFIG_NAME).is_file():
            raise NotInLedger(start=root)
        return root
    here = start.resolve()
    found = next((d for d in (here, *here.parents) if (d / CONFIG_NAME).is_file()), None)
    if found is None:
        raise NotInLedger(start=here)
    return found
