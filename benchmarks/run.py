"""Time rec against its peers, side by side, and print Markdown tables (docs/performance.md).

    python benchmarks/run.py --recs 10000 --commits 100000 --repeat 7 --scale 1000,10000

Each pair runs alternately (A, B, A, B, ...) after one warm-up of each, on a fresh copy of
a cached synthetic ledger (benchmarks/generate.py). Every run is a real process: the
installed `rec` console script, git, sh, Taskwarrior's `task`. Wall time is measured
around each process; peak memory is the largest resident set of the process and anything
it waited for (`os.wait4`). Tables give medians and the ratio of the medians (A / B).

The modules beside this one: timing.py (a run, a pair), setting.py (the clean environment
and the clone), rows.py (what is measured on a ledger), import_rows.py (imports),
tables.py (the Markdown).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # sibling scripts, not a package
import rows as ledger_rows
from import_rows import measure_imports
from setting import REC_BIN, copy_ledger, environment, machine, rec_bin
from tables import imports_table, pairs_table, scaling_table
from timing import Row


def measure_ledger(
    *,
    recs: int,
    commits: int,
    repeat: int,
    seed: int,
    peers: bool,
    slow_repeat: int | None = None,
    baseline: str | None = None,
    only: frozenset[str] = frozenset(),
) -> tuple[list[Row], dict[str, object]]:
    """Every row for one ledger size (or only the rows named in `only`)."""
    build = generate.build(recs=recs, commits=commits, seed=seed)
    meta = json.loads((build / "meta.json").read_text())
    with tempfile.TemporaryDirectory(prefix="rec-bench-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        bench = ledger_rows.Bench(
            rec=rec_bin(), repo=copy_ledger(build, Path(scratch)), build=build,
            env=environment(home), meta=meta, repeat=repeat,
            slow_repeat=repeat if slow_repeat is None else slow_repeat,
        )  # fmt: skip
        if only:
            return [row for name in sorted(only) for row in ledger_rows.ROWS[name](bench)], meta
        rows = ledger_rows.write_rows(bench) + ledger_rows.first_list_rows(bench)
        rows += ledger_rows.list_rows(bench, peers=peers) + ledger_rows.show_rows(bench)
        rows += ledger_rows.site_rows(bench) + ledger_rows.verify_rows(bench)
        if baseline is not None:
            rows += ledger_rows.baseline_rows(bench, baseline)
    return rows, meta


def scaling(args: argparse.Namespace, meta: dict[str, object], rows: list[Row]) -> str:
    """The scaling table: every row again at each size asked for (this size reused)."""
    results = []
    for part in args.scale.split(","):
        size_text, _, commits_text = part.partition(":")
        size = int(size_text)
        commits = int(commits_text) if commits_text else size * args.commits_per_rec
        if (size, commits) == (args.recs, args.commits):
            results.append((meta, rows))
            continue
        more_rows, more_meta = measure_ledger(
            recs=size, commits=commits, repeat=args.repeat, seed=args.seed, peers=False,
            slow_repeat=args.slow_repeat,
        )  # fmt: skip
        results.append((more_meta, more_rows))
    return scaling_table(results)


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(description="Time rec against its peers.")
    parse.add_argument("--recs", type=int, default=10_000)
    parse.add_argument("--commits", type=int, default=100_000)
    parse.add_argument("--repeat", type=int, default=7, help="counted runs of each command")
    parse.add_argument("--seed", type=int, default=1)
    parse.add_argument(
        "--slow-repeat",
        type=int,
        help="counted runs of a full verify and the site (default --repeat)",
    )
    parse.add_argument(
        "--scale",
        default="",
        help="also a scaling table at these sizes: RECS[:COMMITS],... e.g. 1000,10000:100000",
    )
    parse.add_argument(
        "--commits-per-rec", type=int, default=10, help="history size of each scaling row"
    )
    parse.add_argument("--no-peers", action="store_true", help="skip Taskwarrior")
    parse.add_argument(
        "--imports", default="", help="only time imports of these sizes: PAGES,... e.g. 1000,10000"
    )
    parse.add_argument("--rec", help="the rec console script to measure (another version)")
    parse.add_argument(
        "--baseline", help="another rec console script to compare with (write and show pairs)"
    )
    parse.add_argument("--only", default="", help=f"only these rows: {', '.join(ledger_rows.ROWS)}")
    return parse


def main(argv: Sequence[str] | None = None) -> None:
    parse = parser()
    args = parse.parse_args(argv)
    only = frozenset(filter(None, args.only.split(",")))
    if only - ledger_rows.ROWS.keys():
        parse.error(f"--only takes {', '.join(ledger_rows.ROWS)}")
    if args.rec:
        REC_BIN[0] = str(Path(args.rec).resolve())
    print(f"Machine: {machine()}\nrec: {rec_bin()}\n")
    if args.imports:
        sizes = [int(size) for size in args.imports.split(",")]
        imported = measure_imports(sizes, repeat=args.repeat, seed=args.seed)
        print(f"## Imports (median of {args.repeat})\n\n{imports_table(imported)}")
        return
    rows, meta = measure_ledger(
        recs=args.recs, commits=args.commits, repeat=args.repeat, seed=args.seed,
        peers=not args.no_peers, baseline=args.baseline, only=only, slow_repeat=args.slow_repeat,
    )  # fmt: skip
    slow = f" (a full verify and the site: {args.slow_repeat})" if args.slow_repeat else ""
    print(
        f"## {args.recs} recommendations, {args.commits} commits, median of {args.repeat}{slow}\n"
    )
    print(pairs_table(rows) + "\n", flush=True)
    if args.scale:
        print(f"## Scaling (median of {args.repeat})\n\n{scaling(args, meta, rows)}")


if __name__ == "__main__":
    main()
