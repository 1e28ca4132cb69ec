"""A few entries of git's index file, read without a git process (formats 2 and 3).

An entry is 40 bytes of stat data, its 20-byte id, two bytes of flags (the low 12 bits
the path's length), two more in format 3 if the flags say so, the path, and NUL padding.
Entries cannot be found without walking from the first, except by their path: a path
holds no NUL, so `PATH NUL` preceded by flags naming that length can only be the entry
for PATH (see `_at`). Anything else (format 4, a split index, an entry not found, found twice or at
another stage than 0, a flag git treats specially) answers None, and the caller asks
`git ls-files` instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

_HEADER = 12
_STAT = 40
#: assume-valid, and (format 3) skip-worktree and intent-to-add.
_VALID, _EXTENDED, _STAGE = 0x8000, 0x4000, 0x3000
_LENGTH = 0x0FFF


def entries(index: Path, names: Sequence[str]) -> dict[str, tuple[str, str]] | None:
    """(mode, id) of each path's entry in the index file, if each is certain: one entry,
    stage 0, no flag set (as `git ls-files -s -v` shows `H`); else None."""
    try:
        data = index.read_bytes()
        if any(name.startswith("sharedindex.") for name in os.listdir(index.parent)):
            return None  # a split index: entries may live in the shared file, or be deleted
    except OSError:
        return None
    if data[:4] != b"DIRC" or data[4:8] not in (b"\0\0\0\2", b"\0\0\0\3"):
        return None
    found: dict[str, tuple[str, str]] = {}
    for name in names:
        entry = _entry(data, os.fsencode(name))
        if entry is None:
            return None
        found[name] = entry
    return found


def _entry(data: bytes, path: bytes) -> tuple[str, str] | None:
    if not path or len(path) >= _LENGTH:
        return None
    starts = [start for start in _candidates(data, path) if start is not None]
    if len(starts) != 1:
        return None
    start = starts[0]
    mode = int.from_bytes(data[start + 24 : start + 28], "big")
    oid = data[start + _STAT : start + _STAT + 20].hex()
    return f"{mode:o}", oid


def _candidates(data: bytes, path: bytes) -> list[int | None]:
    """Where each `PATH NUL` in the file begins its entry (None: not an entry's path)."""
    found = []
    at = data.find(path + b"\0", _HEADER)
    while at >= 0:
        found.append(_at(data, at, len(path)))
        at = data.find(path + b"\0", at + 1)
    return found


def _at(data: bytes, at: int, length: int) -> int | None:
    """The entry start for a path found at `at`, if the bytes before it are its flags.

    Two bytes before the path are either the flags (their low 12 bits its length, never
    0) or format 3's extended flags (low 12 bits always 0, the flags two bytes earlier).
    The byte before a path's first byte is never a path byte with a NUL before it, since
    a path holds no NUL: so a match inside another path cannot look like this. Any flag
    set (assume-valid, a stage, skip-worktree, intent-to-add) counts as uncertain.
    """
    flags = int.from_bytes(data[at - 2 : at], "big")
    if flags & _LENGTH == length and not flags & (_VALID | _EXTENDED | _STAGE):
        start = at - 2 - 20 - _STAT
    elif flags & _LENGTH == 0 and data[4:8] == b"\0\0\0\3":
        outer = int.from_bytes(data[at - 4 : at - 2], "big")
        if outer & _LENGTH != length or not outer & _EXTENDED or flags:
            return None
        start = at - 4 - 20 - _STAT
    else:
        return None
    return start if start >= _HEADER else None
