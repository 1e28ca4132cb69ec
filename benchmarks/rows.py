"""The rows measured on one synthetic ledger: writes, reads, the site and verify."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import generate  # a sibling script, not a package
from setting import BENCH_NAME, COMMENT, TODAY, copy_ledger, hand_edit, rec_offers, taskwarrior
from timing import Command, Row, Sample, alternate, measure

HAND = "printf >> file; git add; git commit"


@dataclass(frozen=True, kw_only=True)
class Bench:
    """One private clone of a cached ledger, and how to run commands in it."""

    rec: str
    repo: Path
    build: Path
    env: dict[str, str]
    meta: dict[str, object]
    repeat: int
    slow_repeat: int  # for whole-ledger commands (a full verify, the site) on big ledgers

    def run(
        self, a: Command, b: Command | None, *, slow: bool = False
    ) -> tuple[Sample, Sample | None]:
        repeat = self.slow_repeat if slow else self.repeat
        return alternate(a, b, repeat=repeat, cwd=self.repo, env=self.env)

    @property
    def write_id(self) -> str:
        return str(self.meta["write_id"])


def write_rows(bench: Bench) -> list[Row]:
    """`rec comment` and `rec status` against the same event appended by hand."""
    rec, write_id, path = bench.rec, bench.write_id, f"recs/{bench.write_id}.yaml"
    comment_event = f"- date: {TODAY}\n  by: {BENCH_NAME}\n  comment: {COMMENT}\n"
    a, b = bench.run(
        lambda i: [rec, "comment", write_id, COMMENT],
        lambda i: hand_edit(path, comment_event, f"rec {write_id}: comment by hand"),
    )
    rows = [Row("comment", "rec comment", a, HAND, b)]
    # rec always moves to being-progressed, the hand edit back to awaiting-review.
    status_event = f"- date: {TODAY}\n  by: {BENCH_NAME}\n  status: awaiting-review\n"
    a, b = bench.run(
        lambda i: [rec, "status", write_id, "being-progressed"],
        lambda i: hand_edit(path, status_event, f"rec {write_id}: status by hand"),
    )
    return [*rows, Row("status", "rec status", a, HAND, b)]


def first_list_rows(bench: Bench) -> list[Row]:
    """The first `rec list` in a fresh clone (no read cache yet), each run its own clone."""
    cold = Sample()
    runs = max(1, min(bench.repeat, 3))
    for index in range(runs):
        scratch = bench.repo.parent / f"cold-{index}"
        scratch.mkdir()
        clone = copy_ledger(bench.build, scratch)
        measure([bench.rec, "list"], cwd=clone, env=bench.env, sample=cold)
        shutil.rmtree(scratch)
    return [Row("list-cold", f"rec list, first run after clone ({runs} clones)", cold)]


def list_rows(bench: Bench, *, peers: bool) -> list[Row]:
    """`rec list` (cache warm) against Taskwarrior's `task list` over the same items."""
    task_env = taskwarrior(bench.build, bench.repo.parent, bench.env) if peers else None
    note = "skipped task list: Taskwarrior (`task`) is not installed" if peers else ""
    list_a, list_b = alternate(
        lambda i: [bench.rec, "list"],
        None if task_env is None else (lambda i: ["task", "list"]),
        repeat=bench.repeat, cwd=bench.repo, env=bench.env, b_env=task_env,
    )  # fmt: skip
    label = "task list (to a pipe)"
    return [
        Row("list", "rec list (to a pipe)", list_a, label, list_b, note if not task_env else "")
    ]


def show_rows(bench: Bench) -> list[Row]:
    a, _ = bench.run(lambda i: [bench.rec, "show", str(bench.meta["show_id"])], None)
    return [Row("show", f"rec show (a {generate.SHOW_EVENTS}-event rec)", a)]


def site_rows(bench: Bench) -> list[Row]:
    """`rec site` building the whole ledger's website into a folder beside the clone; each
    run replaces the last run's site (the warm-up fills the read cache, as a first build would)."""
    output = str(bench.repo.parent / "site")
    a, _ = bench.run(lambda i: [bench.rec, "site", "--output", output], None, slow=True)
    return [Row("site", "rec site (whole ledger, to a folder)", a)]


def verify_rows(bench: Bench) -> list[Row]:
    """A full `rec verify` against `git log --raw`, then verify after one new commit."""
    if not rec_offers(bench.repo, bench.env, "verify"):
        return [Row("verify", "rec verify", Sample(), note="skipped: rec verify not available")]
    full = ["--full"] if rec_offers(bench.repo, bench.env, "verify", "--full") else []
    a, b = bench.run(
        lambda i: [bench.rec, "verify", *full],
        lambda i: ["git", "log", "--raw", "--no-abbrev"],
        slow=True,
    )
    rows = [
        Row("verify", f"rec verify {' '.join(full)}".strip(), a, "git log --raw --no-abbrev", b)
    ]
    return [*rows, _verify_after_one_commit(bench)]


def _verify_after_one_commit(bench: Bench) -> Row:
    """Each run: `rec comment` (not timed), then `rec verify` on a history verified before."""
    sample = Sample()
    for index in range(bench.repeat + 1):
        subprocess.run([bench.rec, "comment", bench.write_id, f"{COMMENT} ({index})"],
                       cwd=bench.repo, env=bench.env, check=True, capture_output=True)  # fmt: skip
        target = sample if index > 0 else Sample()  # the warm-up may walk everything
        measure([bench.rec, "verify"], cwd=bench.repo, env=bench.env, sample=target)
        if index == 0:
            sample.failures.extend(target.failures)
    return Row("verify-new", "rec verify after one new commit", sample)


def baseline_rows(bench: Bench, baseline: str) -> list[Row]:
    """This build against another (e.g. before a change), alternating, on the same ledger."""
    rec, write_id, show_id = bench.rec, bench.write_id, str(bench.meta["show_id"])
    label = f"baseline {baseline}"
    a, b = bench.run(
        lambda i: [rec, "comment", write_id, COMMENT],
        lambda i: [baseline, "comment", write_id, COMMENT],
    )
    rows = [Row("base-comment", "rec comment", a, f"{label} comment", b)]
    # This build moves it to being-progressed, the baseline back to awaiting-review.
    a, b = bench.run(
        lambda i: [rec, "status", write_id, "being-progressed"],
        lambda i: [baseline, "status", write_id, "awaiting-review"],
    )
    rows.append(Row("base-status", "rec status", a, f"{label} status", b))
    a, b = bench.run(lambda i: [rec, "show", show_id], lambda i: [baseline, "show", show_id])
    return [*rows, Row("base-show", "rec show (200 events)", a, f"{label} show", b)]


#: The rows `--only` can pick out, each measured alone on a fresh clone.
ROWS: dict[str, Callable[[Bench], list[Row]]] = {
    "site": site_rows,
    "verify": verify_rows,
    "list-cold": first_list_rows,
}
