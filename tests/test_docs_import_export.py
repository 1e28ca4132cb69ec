"""docs/import-export.md's console examples run as written, from the repository root.

Each ```console block runs in a shell from the repository root (its examples name
docs/examples/ files by relative path) with a HOME of its own; each `$ ` line's output
(stdout and stderr) must be the lines that follow it. Commit hashes (`[1a2b3c4d]`) and
the HOME folder (`/home/jo`) are the only things allowed to differ.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "import-export.md"
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)
_HASH = re.compile(r"\[[0-9a-f]{8}\]")


def blocks() -> list[list[tuple[str, str]]]:
    """Each console block as (command, expected output) pairs."""
    found = []
    for block in _BLOCK.findall(DOC.read_text()):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        found.append([(command, "\n".join(lines)) for command, lines in steps])
    return found


@pytest.mark.parametrize("steps", blocks(), ids=lambda steps: steps[1][0][:60])
def test_console_examples_run_as_written(steps: list[tuple[str, str]], tmp_path: Path) -> None:
    """Every command of the block gives exactly the output the page shows."""
    home = tmp_path / "home"  # the autouse fixture made it, with the git identity
    env = {**os.environ, "HOME": str(home), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}  # fmt: skip
    before = status()
    for command, expected in steps:
        done = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=120)  # fmt: skip
        output = (done.stdout + done.stderr).rstrip("\n").replace(str(home), "/home/jo")
        assert _HASH.sub("[hash]", output) == _HASH.sub("[hash]", expected), command
    assert status() == before  # nothing was written into the repository's own ledger


def status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
