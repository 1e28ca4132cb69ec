"""`.rectrack/accepted`: violations a ledger has looked at and accepts, with why and by whom.

History is never rewritten, so an old mistake (a hand edit made before the rules were
kept, a rebase by an older rectrack) stays in it for ever. Instead of failing for ever,
`rec verify` honours an entry here and reports the violation as accepted. The file is
one of the ledger's rules: changing it is a rules change (docs/integrity.md).

    - commit: d1087a6ec3b1643f4a0b8b6074e2f6b7c4545b72   # the commit verify names
      rec: 5
      problems:                                            # verify's words, exactly
      - header field title edited by hand
      why: The demo's recommendation was regenerated from the seed page.
      by: Jo Densford, ledger admin
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import ConfigError
from rectrack.store.yamldoc import load_yaml

ACCEPTED_NAME = ".rectrack/accepted"
_COMMIT = re.compile(r"[0-9a-f]{8,40}")


@dataclass(frozen=True, kw_only=True)
class Acceptance:
    """One accepted violation (or several of one commit and recommendation)."""

    commit: str
    rec: str
    problems: tuple[str, ...]
    why: str
    by: str

    def covers(self, *, rec: str, commit: str, problem: str) -> bool:
        """Whether this entry accepts a violation (commits match by their common prefix)."""
        shorter = min(len(self.commit), len(commit))
        return (
            rec == self.rec
            and shorter >= 8
            and self.commit[:shorter] == commit[:shorter]
            and problem in self.problems
        )


def parse_accepted(data: bytes, *, path: Path | str = ACCEPTED_NAME) -> tuple[Acceptance, ...]:
    """The entries of an accepted file; a malformed one is a ConfigError naming the entry."""
    document = load_yaml(data, path=path)
    if document is None:
        return ()
    if not isinstance(document, list):
        raise ConfigError(path=path, detail="a list of accepted violations")
    return tuple(_entry(item, number, path) for number, item in enumerate(document, 1))


def _entry(item: object, number: int, path: Path | str) -> Acceptance:
    where = f"entry {number}"
    if not isinstance(item, dict) or not {"commit", "rec", "why", "by"} <= item.keys():
        raise ConfigError(path=path, detail=f"{where} needs commit, rec, problems, why and by")
    commit = str(item["commit"]).lower()
    if not _COMMIT.fullmatch(commit):
        raise ConfigError(path=path, detail=f"{where}: commit is 8 to 40 hex digits")
    problems = item.get("problems")
    if not isinstance(problems, list) or not problems:
        raise ConfigError(path=path, detail=f"{where}: problems is a list of verify's lines")
    for key in ("why", "by"):
        if not str(item[key] or "").strip():
            raise ConfigError(path=path, detail=f"{where}: say {key}")
    return Acceptance(
        commit=commit, rec=str(item["rec"]), problems=tuple(str(p) for p in problems),
        why=str(item["why"]).strip(), by=str(item["by"]).strip(),
    )  # fmt: skip
