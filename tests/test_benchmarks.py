"""A smoke run of the benchmark generator and runner at 100 recommendations."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rectrack.domain.events import Comment, StatusChange
from rectrack.store import recfile
from tests.helpers import rec

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import generate  # noqa: E402  (a script folder, not a package)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bench-cache"
    monkeypatch.setenv("RECTRACK_BENCH_CACHE", str(folder))
    monkeypatch.setattr(generate, "CACHE", folder)
    return folder


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def test_generated_ledger_is_a_valid_append_only_ledger(cache: Path) -> None:
    """N files in the documented format, C commits that only ever add lines, a 200-event rec."""
    build = generate.build(recs=100, commits=300, seed=3, quiet=True)
    assert build.parent == cache
    meta = json.loads((build / "meta.json").read_text())
    repo = build / "repo"
    files = sorted((repo / "recs").glob("*.yaml"))
    assert len(files) == 100
    recs = {
        int(path.stem): recfile.parse_recommendation(path.read_bytes(), rec_id=int(path.stem),
                                                   path=path)
        for path in files
    }  # fmt: skip
    assert len(recs[meta["show_id"]].events) == generate.SHOW_EVENTS
    assert recs[meta["write_id"]].status != "being-progressed"
    assert int(git_out(repo, "rev-list", "--count", "HEAD")) == 300
    assert git_out(repo, "status", "--porcelain") == ""
    removed = [
        line
        for line in git_out(repo, "log", "-p", "--format=", "--", "recs").splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == []
    verified = rec(repo, "verify")  # as a real ledger would: no event recorded before its date
    assert verified.exit_code == 0 and "warning" not in verified.output, verified.output
    assert generate.build(recs=100, commits=300, seed=3) == build  # cached, not rebuilt


def test_hand_rendered_events_match_the_store() -> None:
    """The generator writes events byte for byte as the store would."""
    day = dt.date(2018, 3, 27)
    for kind, value, event in (
        ("comment", "One line.", Comment(date=day, by="Jo Densford", text="One line.")),
        ("comment", "Two\nlines.", Comment(date=day, by="Jo Densford", text="Two\nlines.")),
        ("status", "complete", StatusChange(date=day, by="Jo Densford", status="complete")),
    ):
        ours = generate.render_event(date=day, by="Jo Densford", kind=kind, value=value)
        assert ours == recfile.render_events([event])


def test_runner_prints_the_tables(cache: Path) -> None:
    """One repeat at 100 recommendations: every pair measured, a Markdown table printed."""
    env = {**os.environ, "RECTRACK_BENCH_CACHE": str(cache)}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--recs", "100", "--commits", "150",
         "--repeat", "1", "--scale", "100", "--commits-per-rec", "2"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "| rec comment |" in out and "| rec status |" in out and "| rec show" in out
    assert "| rec list (to a pipe) |" in out and "| rec site (whole ledger, to a folder) |" in out
    assert "failed run" not in out
    assert "| rec verify" in out and "| rec verify after one new commit |" in out
    assert "| rec list, first run after clone (1 clones) |" in out
    assert "## Scaling" in out and "| 100 | 200 |" in out


def test_only_runs_the_rows_named(cache: Path) -> None:
    """`--only site` measures `rec site` alone; an unknown row name is a usage error."""
    env = {**os.environ, "RECTRACK_BENCH_CACHE": str(cache)}
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--recs", "100", "--commits", "150",
               "--repeat", "1", "--no-peers"]  # fmt: skip
    result = subprocess.run([*command, "--only", "site"], capture_output=True, text=True,
                            env=env, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "| rec site (whole ledger, to a folder) |" in result.stdout
    assert "| rec comment |" not in result.stdout and "failed run" not in result.stdout
    refused = subprocess.run([*command, "--only", "everything"], capture_output=True,
                             text=True, env=env, timeout=120, check=False)  # fmt: skip
    assert refused.returncode == 2 and "--only takes site, verify" in refused.stderr


def test_import_rows_are_measured(tmp_path: Path) -> None:
    """`--imports 20`: pages and council rows imported into fresh ledgers, none failing."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--imports", "20", "--repeat", "1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "| rec import tracker: 20 pages, new ledger |" in out
    assert "| rec import tracker: the 20 again (skipped) |" in out
    assert "| rec import csv: 20 council rows |" in out
    assert "failed" not in out and out.count(" | 1 |") == 3
