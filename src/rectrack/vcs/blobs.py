"""Git's objects: blob hashes, one file at a revision, a whole folder at a revision, a
long-lived `git cat-file --batch` for reading many blobs while the caller works, and many
blobs stored at once."""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.runner import LEAN, first_error, popen, run, run_unchecked


def blob_hash(data: bytes) -> str:
    """The hash git gives a blob with these bytes (no git process needed)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def is_blob(data: bytes, sha: str) -> bool:
    """Whether `data` is the blob `sha` names (a SHA-1 or, by its length, a SHA-256 ID)."""
    if len(sha) == 64:
        return hashlib.sha256(b"blob %d\0" % len(data) + data).hexdigest() == sha
    return blob_hash(data) == sha


def store_blobs(root: Path, contents: Iterable[bytes]) -> None:
    """Store blobs in the repository as one pack (one `git fast-import`, no commit).

    `git add` of thousands of new files writes thousands of loose object files (~1.5 ms
    each here); with their blobs already packed it only hashes the files. A blob that no
    commit ends up using is harmless: git's gc prunes it.
    """
    stream = b"".join(b"blob\ndata %d\n%b\n" % (len(data), data) for data in contents)
    if stream:
        run(root, "fast-import", "--quiet", stdin=stream, tied=True)


def read_blob(root: Path, spec: str) -> bytes | None:
    """The bytes of blob `spec` (e.g. `HEAD:recs/5.yaml`), or None if there is none."""
    completed = run_unchecked(root, "cat-file", "blob", spec)
    return completed.stdout if completed.returncode == 0 else None


def read_tree(root: Path, rev: str, folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as committed in `rev`: path relative to `folder` -> bytes.

    One `git ls-tree` and one `git cat-file --batch`, however many files there are.
    """
    prefix = folder.relative_to(root).as_posix()
    listing = run(root, "ls-tree", "-r", "-z", rev, "--", prefix if prefix != "." else "")
    entries: list[tuple[str, str]] = []
    for record in listing.split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        _mode, kind, sha = meta.split()
        if kind == "blob":
            relative = path[len(prefix) + 1 :] if prefix not in ("", ".") else path
            entries.append((relative, sha))
    if not entries:
        return {}
    batch = "".join(f"{sha}\n" for _, sha in entries).encode()
    completed = run_unchecked(root, "cat-file", "--batch", stdin=batch)
    if completed.returncode != 0:
        raise GitError(command="cat-file", detail=first_error(completed.stderr))
    out = completed.stdout
    files: dict[str, bytes] = {}
    position = 0
    for relative, _sha in entries:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        files[relative] = out[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return files


def list_tree(root: Path, *, rev: str, path: str) -> dict[str, str]:
    """{file name: blob hash} of the blobs directly in folder `path` at `rev` ({} if none)."""
    try:
        listing = run(root, "ls-tree", "-z", f"{rev}:{path}")
    except GitError:
        return {}
    entries = {}
    for entry in listing.split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            entries[name] = parts[2]
    return entries


class BlobReader:
    """Blobs by hash (or `rev:path`) through one long-lived `git cat-file --batch`.

    A reader thread drains git's answers as they come, so `prefetch` can ask for the next
    batch of blobs while the caller is still checking the current one: git unpacks while
    Python parses. Answers come back in the order asked; `read` waits for its own.
    """

    def __init__(self, root: Path) -> None:
        self._process = popen(root, *LEAN, "cat-file", "--batch", stdin=True)
        self._changed = threading.Condition()
        self._pending: deque[str] = deque()  # asked, answer not yet read from git
        self._ready: dict[str, tuple[int, tuple[str, bytes] | None]] = {}
        self._asked: set[str] = set()  # pending or ready
        self._batch = 0
        self._closed = False
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        with suppress(BrokenPipeError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        self._process.kill()
        self._process.wait()
        self._reader.join()

    def prefetch(self, specs: Iterable[str]) -> None:
        """Ask for many blobs now, to be read later without waiting on each."""
        with self._changed:
            self._batch += 1
            stale = [spec for spec, (batch, _) in self._ready.items() if batch < self._batch - 2]
            for spec in stale:  # fetched for an earlier batch and never needed
                del self._ready[spec]
                self._asked.discard(spec)
            wanted = [spec for spec in dict.fromkeys(specs) if spec not in self._asked]
        self._ask(wanted)

    def read(self, spec: str) -> tuple[str, bytes] | None:
        """(hash, bytes) of a blob, or None if there is no such object (or not a blob)."""
        with self._changed:
            asked = spec in self._asked
        if not asked:
            self._ask([spec])
        with self._changed:
            while spec not in self._ready:
                self._changed.wait()
            self._asked.discard(spec)
            return self._ready.pop(spec)[1]

    def _ask(self, specs: list[str]) -> None:
        if not specs:
            return
        with self._changed:
            self._pending.extend(specs)
            self._asked.update(specs)
            self._changed.notify_all()
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write("".join(f"{spec}\n" for spec in specs).encode())
            stdin.flush()
        except BrokenPipeError:
            raise GitError(command="cat-file", detail="git cat-file stopped") from None

    def _drain(self) -> None:
        while True:
            with self._changed:
                while not self._pending and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                spec = self._pending[0]
            try:
                answer = self._answer()
            except (ValueError, OSError):  # git died mid-answer: the rest read as missing
                answer = None
            with self._changed:
                self._pending.popleft()
                self._ready[spec] = (self._batch, answer)
                self._changed.notify_all()

    def _answer(self) -> tuple[str, bytes] | None:
        stdout = self._process.stdout
        assert stdout is not None
        header = stdout.readline().split()
        if len(header) != 3:
            return None  # "<spec> missing", or git is gone
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after every object
        return (header[0].decode(), data) if header[1] == b"blob" else None
