"""The installed `rec` console script and `python -m rectrack`, run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REC = Path(sys.executable).parent / "rec"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, check=False)


def test_console_script_round_trip(tmp_path: Path) -> None:
    """`rec init`, `new`, `comment`, `status` and `show` work as a user's shell would run them."""
    ledger = tmp_path / "ledger"
    assert run(str(REC), "init", str(ledger), cwd=tmp_path).returncode == 0
    created = run(str(REC), "new", "--title", "Map OCGs", cwd=ledger)
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "1"
    assert run(str(REC), "comment", "1", "Progress noted", cwd=ledger).returncode == 0
    assert run(str(REC), "status", "1", "complete", cwd=ledger).returncode == 0
    shown = run(sys.executable, "-m", "rectrack", "show", "1", cwd=ledger / "recs")
    assert shown.returncode == 0, shown.stderr
    assert "Progress noted" in shown.stdout and "complete" in shown.stdout
    assert "\x1b[" not in shown.stdout


def test_console_script_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    """A refused command in a real process prints one line on stderr and exits 1."""
    result = run(str(REC), "show", "5", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "not inside a rectrack ledger" in result.stderr
    usage = run(str(REC), "show", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.count("\n") == 1


def test_help_lists_every_command(tmp_path: Path) -> None:
    """`rec --help` works anywhere and exits 0."""
    result = run(str(REC), "--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("init", "new", "comment", "status", "set", "show", "list", "log"):
        assert f"  {command}" in result.stdout


@pytest.fixture
def long_ledger(tmp_path: Path) -> Path:
    """A ledger whose recommendation 1 has a comment longer than any pipe buffer holds."""
    ledger = tmp_path / "ledger"
    assert run(str(REC), "init", str(ledger), cwd=tmp_path).returncode == 0
    assert run(str(REC), "new", "--title", "T", cwd=ledger).returncode == 0
    long = "A long comment. " * 20_000
    written = subprocess.run([str(REC), "comment", "1", "-"], cwd=ledger, input=long, text=True,
                             capture_output=True, check=False)  # fmt: skip
    assert written.returncode == 0, written.stderr
    return ledger


@pytest.mark.parametrize("read", [0, 10], ids=["nothing read", "10 bytes read"])
@pytest.mark.parametrize(
    "args",
    [["show", "1"], ["list"], ["export"], ["show", "1", "--json"], ["list", "--json"],
     ["stats"], ["--help"], ["list", "--help"]],
)  # fmt: skip
def test_a_closed_pipe_ends_quietly(long_ledger: Path, args: list[str], read: int) -> None:
    """`rec show 1 | head -c 10`: the reader leaving is no error; exit 0, no complaint on
    stderr (an export still names the commit it was built from there)."""
    process = subprocess.Popen(
        [str(REC), *args], cwd=long_ledger, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    if read:
        process.stdout.read(read)
    process.stdout.close()  # what `head -c 10` does once it has its bytes
    error = process.stderr.read()
    if args == ["export"] and error:  # said after the document, if the pipe let it get there
        assert error.startswith(b"Built from commit ") and error.count(b"\n") == 1
        error = b""
    assert (process.wait(timeout=60), error) == (0, b"")
