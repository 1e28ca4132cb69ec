"""git objects written without a git process: a tree with one entry's id changed, stored
as a loose object exactly as git stores one.

A tree is `MODE SP NAME NUL ID` entries; an id is 20 raw bytes that may hold any byte,
NUL and space included, so a tree can only be walked from its start. An entry whose name
and old id are known is found without walking: the entry is surely in the tree, so if
`SP NAME NUL ID` occurs exactly once, that occurrence is the entry. (Anything else, e.g.
a second file with the same name suffix and the same bytes, answers None: the caller
lets git do the work.)
"""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path

#: Modes of a regular file in a tree (git writes no other for a file it tracks).
FILE_MODES = frozenset(("100644", "100755"))


def object_id(kind: str, data: bytes) -> str:
    """The id git gives an object of this kind holding these bytes (SHA-1 repositories)."""
    digest = hashlib.sha1(b"%s %d\0" % (kind.encode(), len(data)), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


def _locate(tree: bytes, name: str, old: str) -> int | None:
    """Where the entry `name` with id `old` starts its ` NAME NUL ID` part, if certain."""
    pattern = b" " + os.fsencode(name) + b"\0" + bytes.fromhex(old)
    at = tree.find(pattern)
    if at < 0 or tree.find(pattern, at + 1) >= 0:
        return None
    return at


def file_mode(tree: bytes, name: str, old: str) -> str | None:
    """The mode of file `name` (id `old`) in `tree`: 100644 or 100755, else None.

    Modes are at least five characters (`40000`), so six characters that read 100644 or
    100755 right before the name can only be the entry's own mode.
    """
    at = _locate(tree, name, old)
    if at is None:
        return None
    mode = tree[max(0, at - 6) : at].decode("ascii", "replace")
    return mode if mode in FILE_MODES else None


def replace_entry(tree: bytes, name: str, old: str, new: str) -> bytes | None:
    """`tree` with entry `name` pointing at `new` instead of `old`; None if not certain."""
    at = _locate(tree, name, old)
    if at is None:
        return None
    start = at + 1 + len(os.fsencode(name)) + 1
    return tree[:start] + bytes.fromhex(new) + tree[start + 20 :]


def write_loose(objects: Path, kind: str, data: bytes, *, level: int) -> str:
    """Store an object as git does (zlib-compressed, `objects/xx/rest`, read-only, written
    to a temporary file and linked into place); its id. Already there: left as it is."""
    oid = object_id(kind, data)
    folder = objects / oid[:2]
    final = folder / oid[2:]
    if final.exists():
        return oid
    compressor = zlib.compressobj(level)
    body = compressor.compress(b"%s %d\0" % (kind.encode(), len(data)))
    body += compressor.compress(data) + compressor.flush()
    folder.mkdir(exist_ok=True)
    # git's own name for its temporary object files: its gc removes any a kill leaves
    temporary = folder / f"tmp_obj_{os.urandom(4).hex()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(body)
        try:
            os.link(temporary, final)
        except FileExistsError:
            pass  # someone stored the same object meanwhile: same bytes
        except OSError:  # no hard links here: git renames instead
            os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    return oid
