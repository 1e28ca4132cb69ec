"""Time `build_site` on a national-size ledger (not a test): python -m tests.exporters.site.time_build.

Builds 10,000 recommendations of ~10 events each in memory, then the site, three times,
and prints each wall-clock time and the file count. The brief's bar is well under 60 s.
"""

from __future__ import annotations

import sys
import time

from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.site import build_site
from tests.exporters.site.factory import SOURCE, TODAY, synthetic


def main(count: int = 10_000, runs: int = 3) -> None:
    for run in range(1, runs + 1):
        # Fresh objects each run, so no fold cached by the last build flatters the time.
        recs = synthetic(count, events=10)
        start = time.perf_counter()
        files = build_site(recs=recs, workflow=DEFAULT_WORKFLOW, today=TODAY, title="Timing",
                           source=SOURCE)  # fmt: skip
        elapsed = time.perf_counter() - start
        size = sum(len(content) for content in files.values())
        print(
            f"run {run}: {count} recs, {len(files)} files, {size / 1e6:.1f} MB in {elapsed:.2f} s"
        )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
