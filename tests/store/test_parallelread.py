"""The helper process that parses half of a cold cache's files: same answers, or none."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from rectrack.store import parallelread, readcache
from tests.helpers import git, new_rec, rec

TWO_CORES = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: no helper")
GOOD_PAIR: Any = (((10, 1, 2, 3), b"digest", ()), (b"digest", (), b""))


@pytest.fixture
def eight(ledger: Path) -> Path:
    """Eight recommendations, one with a comment, committed; no read cache yet."""
    for number in range(8):
        new_rec(ledger, "--title", f"Recommendation number {number}", "--owner", "AAAA")
    assert rec(ledger, "comment", "7", "Seen by the board").exit_code == 0
    shutil.rmtree(ledger / ".git" / "rectrack", ignore_errors=True)
    return ledger


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[parallelread.HelperParse]:
    """Every helper a walk starts, forking from two missing files on."""
    monkeypatch.setattr(parallelread, "PARALLEL_FROM", 2)
    started: list[parallelread.HelperParse] = []

    def recorded(missing: Any, *, parse: Any) -> parallelread.HelperParse:
        helper = parallelread.helper_for(missing, parse=parse)
        started.append(helper)
        return helper

    monkeypatch.setattr(readcache, "helper_for", recorded)
    return started


def cold(ledger: Path, *args: str) -> tuple[int, str, str]:
    shutil.rmtree(ledger / ".git" / "rectrack", ignore_errors=True)
    result = rec(ledger, *args)
    return result.exit_code, result.stdout, result.stderr


@TWO_CORES
def test_a_cold_read_with_a_helper_gives_what_one_process_gives(
    eight: Path, helpers: list[parallelread.HelperParse], monkeypatch: pytest.MonkeyPatch
) -> None:
    """List and export, cold, with the later half parsed in a child: identical output."""
    listing, export = cold(eight, "list", "--json"), cold(eight, "export", "--format", "json")
    assert helpers and all(len(helper.ids) == 4 for helper in helpers)
    assert all(len(helper._collected()) == 4 for helper in helpers)
    warm = rec(eight, "export", "--format", "json")
    monkeypatch.setattr(parallelread, "PARALLEL_FROM", 10**9)
    assert listing == cold(eight, "list", "--json")
    assert export == cold(eight, "export", "--format", "json")
    assert export[1] == warm.stdout
    assert len(json.loads(listing[1])) == 8 and git(eight, "status", "--porcelain") == ""


@TWO_CORES
def test_a_bad_file_in_the_helpers_half_is_reported_once(
    eight: Path, helpers: list[parallelread.HelperParse]
) -> None:
    """The child leaves a bad file out; this process reports it once, as it always does."""
    (eight / "recs" / "7.yaml").write_bytes(b"title: [unclosed\n")
    code, out, err = cold(eight, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 7
    assert err.count("recs/7.yaml") == 1
    assert 7 not in helpers[0]._collected() and len(helpers[0]._collected()) == 3
    code, _, err = cold(eight, "list", "--strict")
    assert code == 1 and "recs/7.yaml" in err


def test_an_entry_is_used_only_for_the_file_the_child_saw() -> None:
    """Another stat key (the file changed since), or a child that failed: no entry."""
    with parallelread.HelperParse(ids=[1, 2], parse=lambda rec_id: GOOD_PAIR) as helper:
        assert helper.get(1, key=(10, 1, 2, 3)) == GOOD_PAIR
        assert helper.get(2, key=(11, 1, 2, 3)) is None
        assert helper.get(3, key=(10, 1, 2, 3)) is None

    def broken(rec_id: int) -> Any:
        raise OSError("gone")

    with parallelread.HelperParse(ids=[1], parse=broken) as helper:
        assert helper.get(1, key=(10, 1, 2, 3)) is None


@TWO_CORES
def test_no_fork_for_few_files_or_beside_other_threads() -> None:
    """Below PARALLEL_FROM, or with another thread running, no child is started."""
    assert parallelread.helper_for([1, 2, 3], parse=lambda rec_id: GOOD_PAIR).ids == frozenset()
    many = list(range(parallelread.PARALLEL_FROM * 2))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallelread.helper_for(many, parse=lambda rec_id: GOOD_PAIR).ids == frozenset()
    finally:
        stop.set()
        other.join()
    with parallelread.helper_for(many, parse=lambda rec_id: GOOD_PAIR) as helper:
        assert len(helper.ids) == parallelread.PARALLEL_FROM
        assert helper.get(many[-1], key=(10, 1, 2, 3)) == GOOD_PAIR
