"""Imports timed: N generated tracker pages or council rows into a ledger just made."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import import_inputs  # a sibling script, not a package
from setting import TODAY, environment, rec_bin
from timing import Row, Sample, measure


def measure_imports(sizes: Sequence[int], *, repeat: int, seed: int) -> list[Row]:
    """`rec import tracker` of N pages and `rec import csv` of N rows, each into a ledger
    just made by `rec init`; and the pages again into the same ledger (all skipped)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="rec-bench-import-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        env = environment(root / "home")
        for size in sizes:
            rows += _one_size(root, size=size, env=env, repeat=repeat, seed=seed)
    return rows


def _one_size(root: Path, *, size: int, env: dict[str, str], repeat: int, seed: int) -> list[Row]:
    pages = root / f"pages-{size}"
    import_inputs.write_pages(pages, count=size, seed=seed)
    sheet = import_inputs.write_rows(root / f"rows-{size}.csv", count=size, seed=seed)
    tracker = [rec_bin(), "import", "tracker", "--date", TODAY, str(pages)]
    table = [rec_bin(), "import", "csv", str(sheet), *import_inputs.ROW_OPTIONS]
    fresh, again, csv_rows = Sample(), Sample(), Sample()
    for index in range(repeat + 1):
        counted = index > 0  # the first round is a warm-up
        ledger, other = (
            _new_ledger(root / f"ledger-{size}-{index}", env),
            _new_ledger(root / f"ledger-{size}-{index}-csv", env),
        )
        measure(tracker, cwd=ledger, env=env, sample=fresh if counted else Sample())
        measure(tracker, cwd=ledger, env=env, sample=again if counted else Sample())
        measure(table, cwd=other, env=env, sample=csv_rows if counted else Sample())
        shutil.rmtree(ledger)
        shutil.rmtree(other)
    return [
        Row(f"import-{size}", f"rec import tracker: {size} pages, new ledger", fresh),
        Row(f"reimport-{size}", f"rec import tracker: the {size} again (skipped)", again),
        Row(f"import-csv-{size}", f"rec import csv: {size} council rows", csv_rows),
    ]


def _new_ledger(path: Path, env: dict[str, str]) -> Path:
    subprocess.run([rec_bin(), "init", str(path)], env=env, check=True, capture_output=True)
    return path
