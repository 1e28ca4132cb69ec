"""Running a command and keeping its wall time and peak memory; pairs run alternately."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


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
Runner = Callable[[Command, Command | None], tuple[Sample, Sample | None]]


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
