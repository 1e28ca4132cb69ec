"""Time rec against its peers, side by side, and print Markdown tables (docs/performance.md).

    python benchmarks/run.py --recs 10000 --commits 100000 --repeat 7 --scale 1000,10000

Each pair runs alternately (A, B, A, B, ...) after one warm-up of each, on a fresh copy of
a cached synthetic ledger (benchmarks/generate.py). Every run is a real process: the
installed `rec` console script, git, sh, Taskwarrior's `task`. Wall time is measured
around each process; peak memory is the largest resident set of the process and anything
it waited for (`os.wait4`). Tables give medians and the ratio of the medians (A / B).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # a sibling script, not a package

ROOT = Path(__file__).resolve().parent.parent
COMMENT = "Force confirms the mapping has moved to the regional unit; evidence seen."
TODAY = time.strftime("%Y-%m-%d")
BENCH_NAME = "Bench Runner"
BENCH_EMAIL = "bench@example.org"


@dataclass
class Sample:
    """One command's runs: wall seconds and peak resident memory (KiB) of each."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else float("nan")

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024 if self.peak_kib else float("nan")


@dataclass
class Row:
    """A table row: what A and B are, and their samples (B may be absent)."""

    name: str
    a_label: str
    a: Sample
    b_label: str = ""
    b: Sample | None = None
    note: str = ""


Command = Callable[[int], list[str]]  # run index -> argv


def measure(argv: Sequence[str], *, cwd: Path, env: dict[str, str], sample: Sample) -> None:
    """Run one process to completion, its output read through a pipe and thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    while process.stdout.read(1 << 16):
        pass
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        sample.failures.append(f"{argv[0]} exit {process.returncode}: {error.decode()[:200]}")
        return
    sample.seconds.append(elapsed)
    sample.peak_kib.append(usage.ru_maxrss)


def alternate(
    a: Command,
    b: Command | None,
    *,
    repeat: int,
    cwd: Path,
    env: dict[str, str],
    b_env: dict[str, str] | None = None,
) -> tuple[Sample, Sample | None]:
    """A, B, A, B, ...: one uncounted warm-up of each, then `repeat` counted runs."""
    samples = (Sample(), Sample() if b is not None else None)
    for index in range(repeat + 1):
        counted = index > 0
        for command, sample, its_env in ((a, samples[0], env), (b, samples[1], b_env or env)):
            if command is None or sample is None:
                continue
            target = sample if counted else Sample()
            measure(command(index), cwd=cwd, env=its_env, sample=target)
            if not counted and target.failures:
                sample.failures.extend(target.failures)
    return samples


# --- the setting ---------------------------------------------------------------------------


def environment(home: Path) -> dict[str, str]:
    """A clean environment: own HOME, no user or system git config, a fixed identity."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "REC_", "TASK"))
    }
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME=BENCH_NAME,
        GIT_AUTHOR_EMAIL=BENCH_EMAIL,
        GIT_COMMITTER_NAME=BENCH_NAME,
        GIT_COMMITTER_EMAIL=BENCH_EMAIL,
        NO_COLOR="1",
        LC_ALL="C.UTF-8",
    )
    return env


def copy_ledger(build: Path, into: Path) -> Path:
    """A private clone of the cached ledger (objects hard-linked, so it is quick)."""
    repo = into / "repo"
    subprocess.run(
        ["git", "clone", "-q", "--local", str(build / "repo"), str(repo)],
        check=True,
        env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull},
    )
    return repo


def taskwarrior(build: Path, into: Path, env: dict[str, str]) -> dict[str, str] | None:
    """TASKDATA holding the ledger's recommendations as tasks, imported once and cached."""
    task = shutil.which("task")
    if task is None:
        return None
    data = build / "taskdata"
    rc = into / "taskrc"
    rc.write_text("confirmation=off\nverbose=nothing\ngc=off\nhooks=off\nnews.version=2.6.2\n")
    task_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    if not (data / "pending.data").is_file():
        work = build / "taskdata.tmp"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        subprocess.run(
            [task, "import", str(build / "tasks.json")],
            env={**task_env, "TASKDATA": str(work)},
            check=True,
            capture_output=True,
        )
        work.rename(data)
    private = into / "taskdata"
    shutil.copytree(data, private)
    return {**task_env, "TASKDATA": str(private)}


def rec_verify_available(repo: Path, env: dict[str, str]) -> bool:
    done = subprocess.run([rec_bin(), "verify", "--help"], cwd=repo, env=env, capture_output=True)
    return done.returncode == 0


#: The `rec` beside the Python running this script: whatever venv it was started from.
REC_BIN = [str(Path(sys.executable).parent / "rec")]


def rec_bin() -> str:
    """The `rec` console script measured: this interpreter's venv unless --rec says otherwise."""
    return REC_BIN[0]


def hand_edit(path: str, event: str, message: str) -> list[str]:
    """Append the event's bytes with printf, then `git add` and `git commit`: no Python."""
    script = 'printf "%s" "$1" >> "$2" && git add -- "$2" && git commit -q -m "$3"'
    return ["sh", "-c", script, "hand-edit", event, path, message]


# --- the measurements ----------------------------------------------------------------------


def measure_ledger(
    *,
    recs: int,
    commits: int,
    repeat: int,
    seed: int,
    peers: bool,
    baseline: str | None = None,
    only: frozenset[str] = frozenset(),
) -> tuple[list[Row], dict[str, object]]:
    """Every row for one ledger size (or only the rows named in `only`)."""
    build = generate.build(recs=recs, commits=commits, seed=seed)
    meta = json.loads((build / "meta.json").read_text())
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="rec-bench-") as scratch:
        scratch_path = Path(scratch)
        (scratch_path / "home").mkdir()
        env = environment(scratch_path / "home")
        repo = copy_ledger(build, scratch_path)
        rec = rec_bin()
        write_id = str(meta["write_id"])
        path = f"recs/{write_id}.yaml"

        def run(a: Command, b: Command | None) -> tuple[Sample, Sample | None]:
            return alternate(a, b, repeat=repeat, cwd=repo, env=env)

        if only:
            return [row for name in sorted(only) for row in ROWS[name](rec, repo, run)], meta
        comment_event = f"- date: {TODAY}\n  by: {BENCH_NAME}\n  comment: {COMMENT}\n"
        a, b = run(
            lambda i: [rec, "comment", write_id, COMMENT],
            lambda i: hand_edit(path, comment_event, f"rec {write_id}: comment by hand"),
        )
        rows.append(Row("comment", "rec comment", a, "printf >> file; git add; git commit", b))

        # rec always moves to being-progressed, the hand edit back to awaiting-review.
        status_event = f"- date: {TODAY}\n  by: {BENCH_NAME}\n  status: awaiting-review\n"
        a, b = run(
            lambda i: [rec, "status", write_id, "being-progressed"],
            lambda i: hand_edit(path, status_event, f"rec {write_id}: status by hand"),
        )
        rows.append(Row("status", "rec status", a, "printf >> file; git add; git commit", b))

        task_env = taskwarrior(build, scratch_path, env) if peers else None
        cold = Sample()  # the clone has no read cache yet: this run parses every file
        measure([rec, "list"], cwd=repo, env=env, sample=cold)
        rows.append(Row("list-cold", "rec list, first run (no cache yet; 1 run)", cold))
        note = ""
        if task_env is None:
            note = "skipped task list: Taskwarrior (`task`) is not installed" if peers else ""
        list_a, list_b = alternate(
            lambda i: [rec, "list"],
            None if task_env is None else (lambda i: ["task", "list"]),
            repeat=repeat, cwd=repo, env=env, b_env=task_env,
        )  # fmt: skip
        rows.append(
            Row("list", "rec list (to a pipe)", list_a, "task list (to a pipe)", list_b, note)
        )

        a, _ = run(lambda i: [rec, "show", str(meta["show_id"])], None)
        rows.append(Row("show", f"rec show (a {generate.SHOW_EVENTS}-event rec)", a))
        rows += measure_site(rec, repo, run)

        if rec_verify_available(repo, env):
            a, b = run(lambda i: [rec, "verify"], lambda i: ["git", "log", "--raw", "--no-abbrev"])
            rows.append(Row("verify", "rec verify", a, "git log --raw --no-abbrev", b))
        else:
            rows.append(
                Row("verify", "rec verify", Sample(), note="skipped: rec verify not available")
            )
        if baseline is not None:
            rows += against_baseline(rec, baseline, meta=meta, run=run)
    return rows, meta


Runner = Callable[[Command, Command | None], tuple[Sample, Sample | None]]


def measure_site(rec: str, repo: Path, run: Runner) -> list[Row]:
    """`rec site` building the whole ledger's website into a folder beside the clone; each
    run replaces the last run's site (the warm-up fills the read cache, as a first build would)."""
    output = str(repo.parent / "site")
    a, _ = run(lambda i: [rec, "site", "--output", output], None)
    return [Row("site", "rec site (whole ledger, to a folder)", a)]


#: The rows `--only` can pick out, each measured alone on a fresh clone.
ROWS: dict[str, Callable[[str, Path, Runner], list[Row]]] = {"site": measure_site}


def against_baseline(
    rec: str,
    baseline: str,
    *,
    meta: dict[str, object],
    run: Runner,
) -> list[Row]:
    """This build against another (e.g. before a change), alternating, on the same ledger."""
    write_id, show_id = str(meta["write_id"]), str(meta["show_id"])
    label = f"baseline {baseline}"
    rows = []
    a, b = run(
        lambda i: [rec, "comment", write_id, COMMENT],
        lambda i: [baseline, "comment", write_id, COMMENT],
    )
    rows.append(Row("base-comment", "rec comment", a, f"{label} comment", b))
    # This build moves it to being-progressed, the baseline back to awaiting-review.
    a, b = run(
        lambda i: [rec, "status", write_id, "being-progressed"],
        lambda i: [baseline, "status", write_id, "awaiting-review"],
    )
    rows.append(Row("base-status", "rec status", a, f"{label} status", b))
    a, b = run(lambda i: [rec, "show", show_id], lambda i: [baseline, "show", show_id])
    rows.append(Row("base-show", "rec show (200 events)", a, f"{label} show", b))
    return rows


# --- imports: N generated pages or rows into a fresh ledger --------------------------------


def measure_imports(sizes: Sequence[int], *, repeat: int, seed: int) -> list[Row]:
    """`rec import tracker` of N pages and `rec import csv` of N rows, each into a ledger
    just made by `rec init`; and the pages again into the same ledger (all skipped)."""
    import import_inputs

    rows = []
    with tempfile.TemporaryDirectory(prefix="rec-bench-import-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        env = environment(root / "home")
        for size in sizes:
            pages = root / f"pages-{size}"
            import_inputs.write_pages(pages, count=size, seed=seed)
            sheet = import_inputs.write_rows(root / f"rows-{size}.csv", count=size, seed=seed)
            fresh, again, csv_rows = Sample(), Sample(), Sample()
            for index in range(repeat + 1):
                counted = index > 0
                ledger = root / f"ledger-{size}-{index}"
                subprocess.run([rec_bin(), "init", str(ledger)], env=env, check=True,
                               capture_output=True)  # fmt: skip
                tracker = [rec_bin(), "import", "tracker", "--date", TODAY, str(pages)]
                measure(tracker, cwd=ledger, env=env, sample=fresh if counted else Sample())
                measure(tracker, cwd=ledger, env=env, sample=again if counted else Sample())
                table = [rec_bin(), "import", "csv", str(sheet), *import_inputs.ROW_OPTIONS]
                other = root / f"ledger-{size}-{index}-csv"
                subprocess.run([rec_bin(), "init", str(other)], env=env, check=True,
                               capture_output=True)  # fmt: skip
                measure(table, cwd=other, env=env, sample=csv_rows if counted else Sample())
                shutil.rmtree(ledger)
                shutil.rmtree(other)
            rows += [
                Row(f"import-{size}", f"rec import tracker: {size} pages, new ledger", fresh),
                Row(f"reimport-{size}", f"rec import tracker: the {size} again (skipped)", again),
                Row(f"import-csv-{size}", f"rec import csv: {size} council rows", csv_rows),
            ]
    return rows


def imports_table(rows: list[Row]) -> str:
    lines = ["| import | median | peak RSS | runs |", "| --- | ---: | ---: | ---: |"]
    for row in rows:
        failed = f" ({len(row.a.failures)} failed: {row.a.failures[0]})" if row.a.failures else ""
        lines.append(f"| {row.a_label} | {_ms(row.a)} | {_mib(row.a)} | "
                     f"{len(row.a.seconds)}{failed} |")  # fmt: skip
    return "\n".join(lines)


# --- the tables ----------------------------------------------------------------------------


def _ms(sample: Sample | None) -> str:
    return "" if sample is None or not sample.seconds else f"{sample.median_ms:.0f} ms"


def _mib(sample: Sample | None) -> str:
    return "" if sample is None or not sample.peak_kib else f"{sample.peak_mib:.0f} MiB"


def pairs_table(rows: list[Row]) -> str:
    lines = [
        "| command (A) | A median | A peak RSS | peer (B) | B median | B peak RSS | A / B |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    notes = []
    for row in rows:
        ratio = ""
        if row.b is not None and row.a.seconds and row.b.seconds:
            ratio = f"{row.a.median_ms / row.b.median_ms:.2f}x"
        lines.append(
            f"| {row.a_label} | {_ms(row.a)} | {_mib(row.a)} | {row.b_label} | {_ms(row.b)} "
            f"| {_mib(row.b)} | {ratio} |"
        )
        if row.note:
            notes.append(f"- {row.name}: {row.note}")
        for sample in (row.a, row.b):
            if sample is not None and sample.failures:
                notes.append(
                    f"- {row.name}: {len(sample.failures)} failed run(s): {sample.failures[0]}"
                )
    return "\n".join(lines + (["", *notes] if notes else []))


def scaling_table(results: list[tuple[dict[str, object], list[Row]]]) -> str:
    names = ["comment", "status", "list", "show", "verify", "site"]
    head = (
        "| recs | commits | "
        + " | ".join(f"rec {name}" for name in names)
        + " | hand edit | peak RSS (max) |"
    )
    lines = [head, "|" + " ---: |" * (len(names) + 4)]
    for meta, rows in results:
        by_name = {row.name: row for row in rows}
        cells = [_ms(by_name[name].a) if name in by_name else "" for name in names]
        hand = by_name["comment"].b if "comment" in by_name else None
        peak = max((row.a.peak_mib for row in rows if row.a.peak_kib), default=float("nan"))
        lines.append(
            f"| {meta['recs']} | {meta['commits']} | "
            + " | ".join(cells)
            + f" | {_ms(hand)} | {peak:.0f} MiB |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    task = shutil.which("task")
    task_version = (
        subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()
        if task
        else "not installed"
    )
    python = subprocess.run([sys.executable, "-V"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}; "
        f"{python}; {git}; Taskwarrior {task_version}; load average {load}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time rec against its peers.")
    parser.add_argument("--recs", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7, help="counted runs of each command")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--scale",
        default="",
        help="also a scaling table at these sizes: RECS[:COMMITS],... e.g. 1000,10000:100000",
    )
    parser.add_argument(
        "--commits-per-rec", type=int, default=10, help="history size of each scaling row"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip Taskwarrior")
    parser.add_argument(
        "--imports", default="", help="only time imports of these sizes: PAGES,... e.g. 1000,10000"
    )
    parser.add_argument("--rec", help="the rec console script to measure (another version)")
    parser.add_argument(
        "--baseline", help="another rec console script to compare with (write and show pairs)"
    )
    parser.add_argument("--only", default="", help=f"only these rows: {', '.join(ROWS)}")
    args = parser.parse_args(argv)
    only = frozenset(filter(None, args.only.split(",")))
    if only - ROWS.keys():
        parser.error(f"--only takes {', '.join(ROWS)}")
    if args.rec:
        REC_BIN[0] = str(Path(args.rec).resolve())

    print(f"Machine: {machine()}\nrec: {rec_bin()}\n")
    if args.imports:
        sizes = [int(size) for size in args.imports.split(",")]
        rows_ = measure_imports(sizes, repeat=args.repeat, seed=args.seed)
        print(f"## Imports (median of {args.repeat})\n\n{imports_table(rows_)}")
        return
    rows, meta = measure_ledger(
        recs=args.recs, commits=args.commits, repeat=args.repeat, seed=args.seed,
        peers=not args.no_peers, baseline=args.baseline, only=only,
    )  # fmt: skip
    print(f"## {args.recs} recommendations, {args.commits} commits, median of {args.repeat}\n")
    print(pairs_table(rows) + "\n", flush=True)
    if args.scale:
        results = []
        for part in args.scale.split(","):
            size_text, _, commits_text = part.partition(":")
            size = int(size_text)
            commits = int(commits_text) if commits_text else size * args.commits_per_rec
            if (size, commits) == (args.recs, args.commits):
                results.append((meta, rows))
                continue
            more_rows, more_meta = measure_ledger(
                recs=size, commits=commits, repeat=args.repeat, seed=args.seed, peers=False
            )
            results.append((more_meta, more_rows))
        print(f"## Scaling (median of {args.repeat})\n")
        print(scaling_table(results))


if __name__ == "__main__":
    main()
