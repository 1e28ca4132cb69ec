"""The Markdown tables docs/performance.md is made from."""

from __future__ import annotations

from timing import Row, Sample


def _ms(sample: Sample | None) -> str:
    return "" if sample is None or not sample.seconds else f"{sample.median_ms:.0f} ms"


def _mib(sample: Sample | None) -> str:
    return "" if sample is None or not sample.peak_kib else f"{sample.peak_mib:.0f} MiB"


def imports_table(rows: list[Row]) -> str:
    lines = ["| import | median | peak RSS | runs |", "| --- | ---: | ---: | ---: |"]
    for row in rows:
        failed = f" ({len(row.a.failures)} failed: {row.a.failures[0]})" if row.a.failures else ""
        lines.append(f"| {row.a_label} | {_ms(row.a)} | {_mib(row.a)} | "
                     f"{len(row.a.seconds)}{failed} |")  # fmt: skip
    return "\n".join(lines)


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
        notes += [f"- {row.name}: {row.note}"] if row.note else []
        for sample in (row.a, row.b):
            if sample is not None and sample.failures:
                notes.append(
                    f"- {row.name}: {len(sample.failures)} failed run(s): {sample.failures[0]}"
                )
    return "\n".join(lines + (["", *notes] if notes else []))


SCALED = ["comment", "status", "list-cold", "list", "show", "verify", "verify-new", "site"]


def scaling_table(results: list[tuple[dict[str, object], list[Row]]]) -> str:
    head = "| recs | commits | " + " | ".join(f"rec {name}" for name in SCALED)
    lines = [head + " | hand edit | peak RSS (max) |", "|" + " ---: |" * (len(SCALED) + 4)]
    for meta, rows in results:
        by_name = {row.name: row for row in rows}
        cells = [_ms(by_name[name].a) if name in by_name else "" for name in SCALED]
        hand = by_name["comment"].b if "comment" in by_name else None
        peak = max((row.a.peak_mib for row in rows if row.a.peak_kib), default=float("nan"))
        lines.append(
            f"| {meta['recs']} | {meta['commits']} | "
            + " | ".join(cells)
            + f" | {_ms(hand)} | {peak:.0f} MiB |"
        )
    return "\n".join(lines)
