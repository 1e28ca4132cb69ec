"""git's configuration as git itself reads it: one `git config -l -z` for a snapshot.

Reading the files directly would mean redoing what git does (includes, conditional
includes, `GIT_CONFIG_*` and `-c` in the environment, the system file's compiled-in
path...); one process (~1.5 ms) is cheaper than being wrong about a hook or signing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rectrack.vcs.runner import run_unchecked

_TRUE = frozenset(("true", "yes", "on", "1"))
_FALSE = frozenset(("false", "no", "off", "0", ""))
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@dataclass(frozen=True, kw_only=True)
class GitConfig:
    """Every configured value by key (section and name lower-cased, as git lists them);
    None for a key written without `=` (git reads that as true)."""

    values: Mapping[str, tuple[str | None, ...]]

    def last(self, key: str) -> str | None:
        """The value git uses for a single-valued key (the last one set), else None."""
        found = self.values.get(key)
        return found[-1] if found else None

    def has(self, key: str) -> bool:
        return key in self.values

    def keys_under(self, section: str) -> list[str]:
        """The keys set in `section` (any subsection): `hook`, `maintenance`..."""
        return [key for key in self.values if key.split(".", 1)[0] == section]

    def boolean(self, key: str, *, default: bool) -> bool | None:
        """git's boolean for `key`; None when the value is not one git reads as a boolean."""
        if key not in self.values:
            return default
        value = self.values[key][-1]
        if value is None:
            return True
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        number = _integer(lowered)
        return None if number is None else number != 0

    def integer(self, key: str, *, default: int) -> int | None:
        """git's integer for `key` (with its k, m, g units); None if git would not read it."""
        value = self.last(key) if key in self.values else str(default)
        return None if value is None else _integer(value.strip().lower())


def _integer(text: str) -> int | None:
    number, unit = (text[:-1], text[-1]) if text[-1:] in ("k", "m", "g") else (text, "")
    try:
        return int(number) * _UNITS[unit]
    except ValueError:
        return None


def read_config(root: Path) -> GitConfig | None:
    """The repository's configuration as git sees it from `root`; None if git cannot say."""
    completed = run_unchecked(root, "config", "--list", "-z")
    if completed.returncode != 0:
        return None
    values: dict[str, list[str | None]] = {}
    for record in completed.stdout.split(b"\0"):
        if not record:
            continue
        try:
            text = record.decode("utf-8")
        except UnicodeDecodeError:
            return None  # values git may read in ways this snapshot cannot follow
        key, newline, value = text.partition("\n")
        values.setdefault(key, []).append(value if newline else None)
    return GitConfig(values={key: tuple(found) for key, found in values.items()})
