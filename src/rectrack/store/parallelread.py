"""A second process parsing half of the files the read cache does not hold yet.

A fresh clone has no cache: the first `rec list` parses every file (10,000 at once), and
parsing is pure CPU. With a second core, a forked child parses the later half while this
process parses the earlier half, and hands back plain cache entries through a pipe. The
child reads the files exactly as this process would; anything it could not parse is
simply left out and parsed (and reported) here, and an entry is used only if the file's
stat key is still the one the child saw. Nothing depends on the child: a missing or
garbled answer means this process parses that half itself.
"""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from rectrack.store.cacheformat import Body, Entry, StatKey

#: Fewer files than this are parsed in one process: a fork is not worth it.
PARALLEL_FROM = 1000

Parse = Callable[[int], tuple[Entry, Body] | None]
Pair = tuple[Entry, Body]


class HelperParse:
    """The child's parsed entries, collected the first time one is asked for."""

    def __init__(self, *, ids: Sequence[int], parse: Parse | None) -> None:
        self.ids = frozenset(ids) if parse is not None else frozenset()
        self._results: dict[int, Pair] | None = None if self.ids else {}
        self._child = _start(ids, parse) if parse is not None and self.ids else None

    def get(self, rec_id: int, *, key: StatKey) -> Pair | None:
        """The child's entry for `rec_id` if it parsed the file as it is now (`key`)."""
        if rec_id not in self.ids:
            return None
        pair = self._collected().get(rec_id)
        return pair if pair is not None and pair[0][0] == key else None

    def _collected(self) -> dict[int, Pair]:
        if self._results is None:
            assert self._child is not None
            self._results = _collect(*self._child)
        return self._results

    def __enter__(self) -> HelperParse:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._collected()  # reap the child even if the walk raised before asking it


def helper_for(missing: Sequence[int], *, parse: Parse) -> HelperParse:
    """A child parsing the later half of `missing`; one doing nothing when a single process
    does better (few files, one core) or cannot fork."""
    # A fork copies one thread only: with others running, a lock one holds stays held.
    alone = threading.active_count() == 1
    if len(missing) < PARALLEL_FROM or len(os.sched_getaffinity(0)) < 2 or not alone:
        return HelperParse(ids=(), parse=None)
    try:
        return HelperParse(ids=missing[len(missing) // 2 :], parse=parse)
    except OSError:  # no fork here (process limits, memory): parse everything in this one
        return HelperParse(ids=(), parse=None)


def _start(ids: Sequence[int], parse: Parse) -> tuple[int, int]:
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        raise
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 1
        try:
            os.close(reader)
            results: dict[int, Any] = {}
            for rec_id in ids:
                try:
                    pair = parse(rec_id)
                except Exception:  # the parent parses it again, and reports it
                    continue
                if pair is not None:
                    results[rec_id] = pair
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(marshal.dumps(results))
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int) -> dict[int, Pair]:
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return {}
    try:
        results = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    return results if isinstance(results, dict) else {}
