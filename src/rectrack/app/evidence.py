"""`rec evidence`: record the documents a closure rests on, in one commit.

A stored document is copied into the ledger under its content address (store/evidence.py)
and an `evidence` event records its original name, hash and size. A document kept
elsewhere is recorded by URL with the hash the user vouches for.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
from pathlib import Path

from rectrack.app.stamp import Stamp, check_on_record, resolve_stamp
from rectrack.app.writepath import WriteResult, append_and_commit
from rectrack.domain.events import Comment, Event, EvidenceAdded
from rectrack.domain.identifiers import SHA256
from rectrack.domain.state import Recommendation
from rectrack.errors import EmptyComment, EvidenceError
from rectrack.store.evidence import EVIDENCE_DIR
from rectrack.store.paths import Ledger


def add_evidence(
    ledger: Ledger,
    *,
    rec_id: str,
    files: list[Path],
    url: str | None,
    sha256: str | None,
    comment: str | None,
    stamp: Stamp,
    today: dt.date,
) -> WriteResult:
    """Record evidence (files copied into the ledger, or one URL with its hash): one commit."""
    if comment is not None and not comment.strip():
        raise EmptyComment()
    when, by, author = resolve_stamp(ledger, stamp, today=today)
    copies: dict[Path, bytes] = {}
    if url is not None:
        events: list[Event] = [_url_event(url=url, sha256=sha256, files=files, when=when, by=by)]
    else:
        events = _file_events(ledger, files=files, when=when, by=by, copies=copies)
    if comment is not None:
        events.append(Comment(date=when, by=by, text=comment))
    names = ", ".join(e.name for e in events if isinstance(e, EvidenceAdded))

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        check_on_record(rec, when, today=today)
        return tuple(events), f"rec {rec.id}: evidence {names}"

    return append_and_commit(ledger, rec_id=rec_id, build=build, author=author, new_files=copies)


def _url_event(
    *, url: str, sha256: str | None, files: list[Path], when: dt.date, by: str
) -> EvidenceAdded:
    if files:
        raise EvidenceError(what=url, reason="give either files or --url, not both")
    if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", url):
        raise EvidenceError(what=url, reason="--url must be a full address such as https://...")
    if sha256 is None or not SHA256.fullmatch(sha256.lower()):
        raise EvidenceError(what=url, reason="--sha256 must be the document's 64-hex-digit SHA-256")
    name = url.rstrip("/").rsplit("/", 1)[-1] or url
    return EvidenceAdded(date=when, by=by, name=name, sha256=sha256.lower(), url=url)


def _file_events(
    ledger: Ledger, *, files: list[Path], when: dt.date, by: str, copies: dict[Path, bytes]
) -> list[Event]:
    """One event per file; `copies` gains each file's bytes under its content address."""
    if not files:
        raise EvidenceError(what="", reason="name at least one FILE, or --url with --sha256")
    events: list[Event] = []
    for source in files:
        data = _read_regular_file(source)
        digest = hashlib.sha256(data).hexdigest()
        events.append(
            EvidenceAdded(date=when, by=by, name=source.name, sha256=digest, size=len(data))
        )
        copies[ledger.root / EVIDENCE_DIR / digest] = data
    return events


def _read_regular_file(source: Path) -> bytes:
    """The bytes of a regular file named directly: never a symlink's target, a folder, a
    pipe or a device (a link to /etc/shadow in a shared folder must not enter the ledger).

    The file is opened without following a link and without blocking, then checked by
    its open descriptor, so it cannot be swapped for a link between the check and the read.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        descriptor = os.open(source, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            reason = "it is a symbolic link; name the file itself"
        elif error.errno == errno.ENOENT:
            reason = "no such file"
        else:
            reason = error.strerror or str(error)
        raise EvidenceError(what=str(source), reason=reason) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        reason = "it is a folder; name the files in it" if stat.S_ISDIR(mode) else ""
        raise EvidenceError(what=str(source), reason=reason or "it is not a regular file")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            return stream.read()
        except OSError as error:
            raise EvidenceError(what=str(source), reason=error.strerror or str(error)) from None
