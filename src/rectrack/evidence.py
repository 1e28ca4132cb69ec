"""Evidence: documents a closure rests on, kept content-addressed so they provably never change.

A stored document is copied to `evidence/<sha256>` in the ledger (git LFS takes it over
transparently when the repository's .gitattributes routes `evidence/**` to LFS) and an
`evidence` event records its original name, hash and size. A document kept elsewhere is
recorded by URL with the hash the user vouches for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rectrack import gitrepo, store
from rectrack.domain.events import Comment, Event, EvidenceAdded
from rectrack.domain.state import Recommendation
from rectrack.errors import EmptyComment, EvidenceError, UnknownRecommendation
from rectrack.ledger import Ledger, parse_id
from rectrack.usecases import Stamp, WriteResult, resolve_stamp

EVIDENCE_DIR = "evidence"
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_CHUNK = 1 << 20


@dataclass(frozen=True, kw_only=True)
class EvidenceProblem:
    """A stored evidence file that is missing or no longer matches its recorded hash."""

    rec_id: int
    name: str
    sha256: str
    problem: str


def sha256_of(path: Path) -> tuple[str, int]:
    """(hex SHA-256, size in bytes) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


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
    if url is not None:
        events: list[Event] = [_url_event(url=url, sha256=sha256, files=files, when=when, by=by)]
        copies: dict[Path, Path] = {}
    else:
        events, copies = _file_events(ledger, files=files, when=when, by=by)
    if comment is not None:
        events.append(Comment(date=when, by=by, text=comment))
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    with gitrepo.LedgerLock(ledger.git_dir):
        if not path.is_file():
            raise UnknownRecommendation(rec_id=number)
        gitrepo.check_unchanged(ledger.git_root, path)
        old = store.read_bytes(path)
        rec = store.parse_recommendation(old, rec_id=number, path=path)
        new = store.append_events(old, tuple(events), rec=rec, path=path)
        written = _copy_in(copies)
        store.write_atomic(path, new)
        names = ", ".join(e.name for e in events if isinstance(e, EvidenceAdded))
        message = f"rec {number}: evidence {names}"
        try:
            commit = gitrepo.commit_paths(
                ledger.git_root, [path, *written], new=written, message=message, author=author
            )
        except BaseException:
            store.write_atomic(path, old)
            for target in written:
                target.unlink(missing_ok=True)
            raise
    return WriteResult(rec_id=number, commit=commit, message=message, events=tuple(events))


def _url_event(
    *, url: str, sha256: str | None, files: list[Path], when: dt.date, by: str
) -> EvidenceAdded:
    if files:
        raise EvidenceError(what=url, reason="give either files or --url, not both")
    if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", url):
        raise EvidenceError(what=url, reason="--url must be a full address such as https://...")
    if sha256 is None or not _HEX64.fullmatch(sha256):
        raise EvidenceError(what=url, reason="--sha256 must be the document's 64-hex-digit SHA-256")
    name = url.rstrip("/").rsplit("/", 1)[-1] or url
    return EvidenceAdded(date=when, by=by, name=name, sha256=sha256.lower(), url=url)


def _file_events(
    ledger: Ledger, *, files: list[Path], when: dt.date, by: str
) -> tuple[list[Event], dict[Path, Path]]:
    if not files:
        raise EvidenceError(what="", reason="name at least one FILE, or --url with --sha256")
    events: list[Event] = []
    copies: dict[Path, Path] = {}
    for source in files:
        if source.is_dir():
            raise EvidenceError(what=str(source), reason="it is a folder; name the files in it")
        if not source.is_file():
            raise EvidenceError(what=str(source), reason="no such file")
        try:
            digest, size = sha256_of(source)
        except OSError as error:
            raise EvidenceError(what=str(source), reason=error.strerror or str(error)) from None
        events.append(EvidenceAdded(date=when, by=by, name=source.name, sha256=digest, size=size))
        target = ledger.root / EVIDENCE_DIR / digest
        if not target.exists() and target not in copies.values():
            copies[source] = target
    return events, copies


def _copy_in(copies: dict[Path, Path]) -> list[Path]:
    """Copy each file to its content address atomically; the targets written."""
    written: list[Path] = []
    for source, target in copies.items():
        target.parent.mkdir(exist_ok=True)
        store.write_atomic(target, source.read_bytes())
        os.chmod(target, 0o444)  # a reminder that evidence is never edited in place
        written.append(target)
    return written


def check_evidence(ledger: Ledger, recs: list[Recommendation]) -> list[EvidenceProblem]:
    """Re-hash every stored evidence file the recommendations name."""
    problems: list[EvidenceProblem] = []
    for rec in recs:
        for event in rec.evidence:
            if event.url is not None:
                continue
            target = ledger.root / EVIDENCE_DIR / event.sha256
            if not target.is_file():
                problem = "missing"
            elif sha256_of(target)[0] != event.sha256:
                problem = "altered (its SHA-256 no longer matches)"
            else:
                continue
            problems.append(
                EvidenceProblem(
                    rec_id=rec.id, name=event.name, sha256=event.sha256, problem=problem
                )
            )
    return problems
