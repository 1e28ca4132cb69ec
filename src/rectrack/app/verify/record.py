"""The last commit `rec verify` passed, per branch, kept inside the git dir.

Stored in `<git common dir>/rectrack/verified` (one `<sha> <ref>` line per branch), never
in the work tree, so it is not part of what it vouches for. A later HEAD that does not
descend from it means verified history was rewritten (a force-push or a rebase). It is
an accelerator and a tripwire for this clone only, never the only evidence: checkpoints
(app/checkpoints.py) anchor history for every clone. A read-only checkout keeps no
record, and verify still runs.
"""

from __future__ import annotations

from pathlib import Path

from rectrack.app.verify.report import Violation
from rectrack.store import files
from rectrack.vcs import refs, repo


class VerifiedRecord:
    """The last commit verify passed, per branch, kept in <git common dir>/rectrack/."""

    def __init__(self, git_dir: Path) -> None:
        self.path = repo.common_dir(git_dir) / "rectrack" / "verified"

    def _load(self) -> dict[str, str]:
        try:
            lines = self.path.read_text().splitlines()
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return {}
        records: dict[str, str] = {}
        for line in lines:
            sha, _, ref = line.partition(" ")
            if ref:
                records[ref] = sha
        return records

    def rewrites(self, root: Path, *, ref: str) -> list[Violation]:
        verified = self._load().get(ref)
        if verified is None:
            return []
        found = refs.is_ancestor(root, verified)
        if found:
            return []
        state = "no longer exists" if found is None else "is no longer an ancestor of HEAD"
        return [
            Violation(
                rec="(history)", commit=verified[:8], author="", date="",
                problem=f"history rewritten: the verified commit {state} on {ref} "
                "(force-push or rebase?); check it, then run `rec verify --accept-history`",
            )
        ]  # fmt: skip

    def save(self, *, ref: str, sha: str) -> bool:
        """Record `sha` as verified on `ref`; False when the git dir cannot be written."""
        records = self._load()
        records[ref] = sha
        text = "".join(f"{sha_} {ref_}\n" for ref_, sha_ in sorted(records.items()))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(self.path, text.encode())
        except OSError:
            return False  # a read-only checkout: verified all the same, just not recorded
        return True
