"""Where the benchmarks run: a clean environment, a private clone, Taskwarrior's data."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

COMMENT = "Force confirms the mapping has moved to the regional unit; evidence seen."
TODAY = time.strftime("%Y-%m-%d")
BENCH_NAME = "Bench Runner"
BENCH_EMAIL = "bench@example.org"

#: The `rec` beside the Python running this script: whatever venv it was started from.
REC_BIN = [str(Path(sys.executable).parent / "rec")]


def rec_bin() -> str:
    """The `rec` console script measured: this interpreter's venv unless --rec says otherwise."""
    return REC_BIN[0]


def environment(home: Path) -> dict[str, str]:
    """A clean environment: own HOME, no user or system git config, a fixed identity."""
    # PYTHONDONTWRITEBYTECODE (set on some build machines) would make every `rec` compile
    # its modules from source: ~40 ms a run that no installed copy pays.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "REC_", "TASK")) and key != "PYTHONDONTWRITEBYTECODE"
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


def rec_offers(repo: Path, env: dict[str, str], *argv: str) -> bool:
    """Whether `rec ARGV --help` works and names its last word (an option, say)."""
    done = subprocess.run(
        [rec_bin(), *argv, "--help"], cwd=repo, env=env, capture_output=True, text=True
    )
    return done.returncode == 0 and (len(argv) < 2 or argv[-1] in done.stdout)


def hand_edit(path: str, event: str, message: str) -> list[str]:
    """Append the event's bytes with printf, then `git add` and `git commit`: no Python."""
    script = 'printf "%s" "$1" >> "$2" && git add -- "$2" && git commit -q -m "$3"'
    return ["sh", "-c", script, "hand-edit", event, path, message]


def machine() -> str:
    """The first line of every run: what it ran on, and how busy the machine was."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    task = shutil.which("task")
    task_version = _output([task, "--version"]) if task else "not installed"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}; "
        f"{_output([sys.executable, '-V'])}; {_output(['git', '--version'])}; "
        f"Taskwarrior {task_version}; load average {load}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def _output(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
