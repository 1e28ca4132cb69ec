"""A cache of parsed recommendations, so `rec list` does not re-parse 10,000 YAML files.

It lives in the git dir (`<git dir>/rectrack/`, never committed) and never gives a stale
answer: any write changes a file's ctime (which no program can set back), a rename (rec's
atomic writes, `git checkout`) its inode; a file changed within RACY_NS of the cache's
save ("racy git") is compared byte for byte with its digest before it is trusted.

Two files, both marshal (stdlib, fast) of plain tuples (the encoding is store/cacheformat.py):
the index (`recs-<hash>.cache`: stat key, digest and folded state per file, all `rec
list` needs) and the bodies (`.bodies`: header and events, each used only if its digest
is the index's). What marshal cannot hold exactly is not cached; a cache that is missing,
unreadable or unwritable is done without. Correctness never depends on it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import marshal
import os
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.errors import LedgerFormatError, RectrackError, UnknownRecommendation
from rectrack.store.cacheformat import Body, Entry, StatKey, decode, decode_summary, entry_of
from rectrack.store.files import folder_inside_ledger, not_a_file, read_bytes, write_atomic
from rectrack.store.parallelread import Parse, helper_for
from rectrack.store.recfile import parse_recommendation

#: Bump when the payload's shape (store/cacheformat.py) changes.
FORMAT = 6
#: Files changed this close to the cache's save time are checked byte for byte.
RACY_NS = 2_000_000_000
_TAG = f"rectrack-readcache-{FORMAT}-{sys.implementation.cache_tag}"

NO_ENTRY: Entry = ((0, 0, 0, 0), b"", ())


def cache_path(git_dir: Path, recs_dir: Path) -> Path:
    """Where the cache of one ledger's recs/ lives (several ledgers may share a repo)."""
    name = hashlib.sha1(str(recs_dir.resolve()).encode()).hexdigest()[:16]
    return git_dir / "rectrack" / f"recs-{name}.cache"


def read_recommendations(
    *,
    recs_dir: Path,
    ids: Iterable[int],
    cache_file: Path,
    skipped: list[SkippedFile] | None = None,
) -> list[Recommendation]:
    """Every recommendation in `ids`, from the cache where it is provably current. A file
    that cannot be read raises, or with `skipped` is added there and left out."""
    walked, fresh = _walk(
        recs_dir=recs_dir, ids=ids, cache_file=cache_file, summarize=False, skipped=skipped
    )
    bodies_file = cache_file.with_suffix(".bodies")
    _, bodies = _load(bodies_file)
    with _no_gc():
        dates: dict[int, dt.date] = {}
        kept: dict[int, Body] = {}
        result = []
        for rec_id, entry, rec in walked:
            # Parsed during the walk (here or by the helper process): never an older body.
            body = fresh.get(rec_id) if rec is not None or rec_id in fresh else bodies.get(rec_id)
            if rec is None and (body is None or body[0] != entry[1]):
                # The bodies file is older than the index: parse (and cache) this one.
                name = f"{recs_dir}/{rec_id}.yaml"
                try:
                    rec, parsed = _parse(name, rec_id=rec_id, key=entry[0], inside=False)
                except (RectrackError, OSError) as error:  # changed since the walk, just now
                    _skip(error, recs_dir=recs_dir, rec_id=rec_id, skipped=skipped)
                    continue
                body = None if parsed is None else parsed[1]
            if body is not None:
                kept[rec_id] = body
            if rec is None:
                assert body is not None  # checked against the index just above
                rec = decode(rec_id, body, dates)
            result.append(rec)
        if kept != bodies:
            _save(bodies_file, kept)
        return result


def read_summaries(
    *,
    recs_dir: Path,
    ids: Iterable[int],
    cache_file: Path,
    skipped: list[SkippedFile] | None = None,
) -> list[RecSummary]:
    """The current state of every recommendation in `ids`, without reading any event
    (`skipped` as for read_recommendations)."""
    walked, _ = _walk(
        recs_dir=recs_dir, ids=ids, cache_file=cache_file, summarize=True, skipped=skipped
    )
    with _no_gc():
        dates: dict[int, dt.date] = {}
        return [
            rec if rec is not None else decode_summary(rec_id, entry, dates)
            for rec_id, entry, rec in walked
        ]


@contextmanager
def _no_gc() -> Iterator[None]:
    # Decoding builds many objects and frees none: the cyclic GC would walk them again and
    # again for nothing (a third of the time at 10,000 recommendations).
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


Walked = list[tuple[int, Entry, Any]]
if TYPE_CHECKING:  # imported when a file is bad, not on every `rec list`
    from rectrack.domain.skipped import SkippedFile

    #: Where files that cannot be read are noted; None: the first one raises.
    Skips = list[SkippedFile] | None


@dataclass
class _Walked:
    """What a walk found: entries to keep, results in ID order, bodies parsed on the way."""

    summarize: bool
    kept: dict[int, Entry] = field(default_factory=dict)
    found: Walked = field(default_factory=list)
    fresh: dict[int, Body] = field(default_factory=dict)
    dirty: bool = False

    def cached(self, rec_id: int, entry: Entry, *, trusted: bool) -> None:
        self.kept[rec_id] = entry
        self.found.append((rec_id, entry, None))
        self.dirty = self.dirty or not trusted  # saved again, it is trusted on stat alone

    def parsed(
        self, rec_id: int, rec: Recommendation | None, pair: tuple[Entry, Body] | None
    ) -> None:
        """A file parsed just now, here (`rec`) or by the helper process (`pair` only)."""
        if pair is not None:
            self.kept[rec_id] = pair[0]
            if not self.summarize:
                self.fresh[rec_id] = pair[1]
        result = RecSummary.of(rec) if rec is not None and self.summarize else rec
        self.found.append((rec_id, self.kept.get(rec_id, NO_ENTRY), result))
        self.dirty = True


def _walk(
    *, recs_dir: Path, ids: Iterable[int], cache_file: Path, summarize: bool, skipped: Skips
) -> tuple[Walked, dict[int, Body]]:
    """(id, index entry, the recommendation if it had to be parsed) for each ID, and the
    bodies of those parsed; the index is saved again if anything changed. With
    `summarize`, parsed ones come as RecSummary and no body is kept (less memory)."""
    ids = list(ids)
    saved_at, entries = _load(cache_file)
    walked = _Walked(summarize=summarize)
    folder = str(recs_dir)
    inside = folder_inside_ledger(recs_dir)  # then each file needs no path resolution
    missing = [rec_id for rec_id in ids if rec_id not in entries]
    with helper_for(missing, parse=_parser(folder, inside)) as helper:
        for rec_id in ids:
            name = f"{folder}/{rec_id}.yaml"  # a str, not a Path: 10,000 Paths cost ~50 ms
            try:  # free unless raised (3.11): a good file pays nothing for a bad one's warning
                key = _stat_key(name, rec_id=rec_id)
                entry = entries.get(rec_id)
                if entry is not None and entry[0] == key:
                    trusted = key[1] < saved_at - RACY_NS and key[2] < saved_at - RACY_NS
                    if trusted or _digest(read_bytes(name, folder_checked=inside)) == entry[1]:
                        walked.cached(rec_id, entry, trusted=trusted)
                        continue
                helped = helper.get(rec_id, key=key)
                rec, pair = (
                    (None, helped)
                    if helped
                    else _parse(name, rec_id=rec_id, key=key, inside=inside)
                )
            except (RectrackError, OSError) as error:
                _skip(error, recs_dir=recs_dir, rec_id=rec_id, skipped=skipped)
                continue  # no entry kept: the index is saved without it
            walked.parsed(rec_id, rec, pair)
    if walked.dirty or walked.kept.keys() != entries.keys():
        _save(cache_file, walked.kept)
    return walked.found, walked.fresh


def _parser(folder: str, inside: bool) -> Parse:
    """How the helper process parses one file: exactly as the walk would."""

    def parse(rec_id: int) -> tuple[Entry, Body] | None:
        name = f"{folder}/{rec_id}.yaml"
        key = _stat_key(name, rec_id=rec_id)
        return _parse(name, rec_id=rec_id, key=key, inside=inside)[1]

    return parse


def _skip(error: RectrackError | OSError, *, recs_dir: Path, rec_id: int, skipped: Skips) -> None:
    """Note a file that cannot be read in `skipped`; without that list, raise."""
    if skipped is None:
        raise error
    from rectrack.domain.skipped import SkippedFile

    skipped.append(SkippedFile.because(error, path=f"{recs_dir.name}/{rec_id}.yaml"))


def _stat_key(path: str, *, rec_id: int) -> StatKey:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise LedgerFormatError(path=path, detail="is a symlink to a missing file") from None
        raise UnknownRecommendation(rec_id=rec_id) from None
    if not stat.S_ISREG(info.st_mode):
        raise LedgerFormatError(path=path, detail=not_a_file(info.st_mode))
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _parse(
    name: str, *, rec_id: int, key: StatKey, inside: bool
) -> tuple[Recommendation, tuple[Entry, Body] | None]:
    data = read_bytes(name, folder_checked=inside)
    rec = parse_recommendation(data, rec_id=rec_id, path=name)
    return rec, entry_of(rec, key=key, digest=_digest(data))


def _load(cache_file: Path) -> tuple[int, dict[int, Any]]:
    try:
        # One read, then loads: marshal.load on a file reads object by object (10x slower).
        data = cache_file.read_bytes()
        with _no_gc():
            tag, saved_at, entries = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return 0, {}
    if tag != _TAG or not isinstance(saved_at, int) or not isinstance(entries, dict):
        return 0, {}
    return saved_at, entries


def _save(cache_file: Path, entries: dict[int, Entry] | dict[int, Body]) -> None:
    data = marshal.dumps((_TAG, time.time_ns(), entries))
    with suppress(OSError):  # a cache we cannot write is a cache we do without
        cache_file.parent.mkdir(exist_ok=True)
        write_atomic(cache_file, data, durable=False)  # readers see the old cache or the new
