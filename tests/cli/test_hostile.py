"""No traceback anywhere: every command, every argument, a table of hostile values.

The commands are walked from the typer application itself (sub-commands included), so a
new command or option is fed the table without anyone remembering to add it. Each value
goes into one argument or option at a time, the others holding ordinary values. A run
must exit 0 (the input was fine), 1 (refused) or 2 (usage); a refusal is exactly one
line on stderr and leaves the ledger exactly as it was. A sample runs through the real
console script too, whose fast front end parses comment, status, show and list itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer._click import Command
from typer.core import TyperArgument as Argument
from typer.core import TyperGroup as Group
from typer.core import TyperOption as Option

from rectrack.cli.main import app
from tests.helpers import git, rec, snapshot

HOSTILE = [
    "", "-", "--", "a\x00b", "line\nbreak", "\x1b[31mred", "99999999999999999999999", "-1",
    "x" * 10_000, "../../etc/passwd", "0001-01-01", "9999-12-31", "31st February 2017",
    "ünïcødé ✓ 中文 🙂", "0", "1e9", "0x10",
]  # fmt: skip
REC = Path(sys.executable).parent / "rec"


def commands() -> Iterator[tuple[str, ...]]:
    """The path of every command that does something (`("import", "csv")`, `("show",)`)."""

    def walk(group: Group, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        for name, command in group.commands.items():
            if isinstance(command, Group):
                yield from walk(command, (*prefix, name))
            else:
                yield (*prefix, name)

    yield from walk(typer.main.get_group(app), ())


def command_of(path: tuple[str, ...]) -> Command:
    found: Command = typer.main.get_group(app)
    for name in path:
        assert isinstance(found, Group)
        found = found.commands[name]
    return found


@pytest.fixture
def arena(ledger_with_rec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Rec 1 with a comment (event 2); files to import, attach and merge; cwd deep inside."""
    assert rec(ledger_with_rec, "comment", "1", "a comment").exit_code == 0
    files = tmp_path / "files"
    files.mkdir()
    (files / "proof.txt").write_text("proof\n")
    (files / "rows.csv").write_text("title\nA row\n")
    (files / "export.json").write_text('{"format": "rectrack-export", "version": 1, '
                                       '"recommendations": []}')  # fmt: skip
    (files / "page.txt").write_text("not a tracker page\n")
    for name in ("base.yaml", "ours.yaml", "theirs.yaml"):
        (files / name).write_bytes((ledger_with_rec / "recs" / "1.yaml").read_bytes())
    deep = ledger_with_rec / "recs" / "deeper" / "still"  # relative paths stay in tmp_path
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    git(ledger_with_rec, "status")  # settle the index before the first snapshot
    return ledger_with_rec


def ordinary(name: str, files: Path, tmp_path: Path) -> list[str]:
    """An ordinary value for a required parameter, so that only the hostile one is odd."""
    values = {
        "rec_id": ["1"], "new_status": ["being-progressed"], "text": ["fine text"],
        "field": ["owner"], "value": ["Someone"], "event": ["2"], "title": ["A title"],
        "since": ["2017-01-01"], "reason": ["a reason"], "files": [str(files / "page.txt")],
        "file": [str(files / "rows.csv")], "base": [str(files / "base.yaml")],
        "ours": [str(files / "ours.yaml")], "theirs": [str(files / "theirs.yaml")],
        "name": ["recs/1.yaml"], "path": [str(tmp_path / "elsewhere")],
    }  # fmt: skip
    return values[name]


def invocations(path: tuple[str, ...], files: Path, tmp_path: Path) -> Iterator[list[str]]:
    """Argument lists for `path`, each with one parameter set to each hostile value."""
    params = [p for p in command_of(path).params if not (isinstance(p, Option) and p.is_flag)]
    params = [p for p in params if p.name != "help"]
    for target in params:
        for hostile in HOSTILE:
            args: list[str] = [*path]
            for param in params:
                assert param.name is not None
                if param is target:
                    values = [hostile]
                elif param.required:
                    values = ordinary(param.name, files, tmp_path)
                else:
                    continue
                if isinstance(param, Argument):
                    args += values
                else:
                    args += [param.opts[0], *values]
            if path == ("import", "json") and target.name != "file":
                args[2:2] = [str(files / "export.json")]
            yield args


@pytest.mark.parametrize("path", list(commands()), ids=" ".join)
def test_every_argument_of_every_command_takes_hostile_values(
    arena: Path, tmp_path: Path, path: tuple[str, ...]
) -> None:
    """Exit 0, 1 or 2; a refusal is one line on stderr and changes nothing; no traceback."""
    before = snapshot(arena)
    cases = 0
    for args in invocations(path, tmp_path / "files", tmp_path):
        cases += 1
        result = rec(arena, *args, input="")
        where = f"rec {' '.join(repr(a[:40]) for a in args)}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            where, result.exception,
        )  # fmt: skip
        assert "Traceback" not in result.output, where
        assert result.exit_code in (0, 1, 2), (where, result.exit_code, result.output)
        if result.exit_code == 0:
            before = snapshot(arena)  # a write that was fine: the new state is the baseline
            continue
        assert len(result.stderr.splitlines()) == 1, (where, result.stderr)
        assert result.stderr.startswith("rec: error: "), (where, result.stderr)
        assert snapshot(arena) == before, where
    assert cases > 0


def test_the_global_ledger_option_takes_hostile_values(tmp_path: Path) -> None:
    """`--ledger VALUE` (and REC_LEDGER) pointing anywhere odd is one clear line."""
    for hostile in HOSTILE:
        cases: list[tuple[list[str], dict[str, str] | None]] = [
            (["--ledger", hostile, "list"], None)
        ]
        if "\x00" not in hostile:  # an environment variable cannot hold a NUL at all
            cases.append((["list"], {"REC_LEDGER": hostile}))
        for args, env in cases:
            result = typer.testing.CliRunner().invoke(app, args, env=env)
            assert result.exit_code in (1, 2), (hostile[:40], result.output)
            assert len(result.stderr.splitlines()) == 1, (hostile[:40], result.stderr)


SAMPLE = [
    ["comment", "1", ""], ["comment", "1", "-"], ["comment", "1e9", "x"], ["comment", "0x10", "x"],
    ["comment", "1", "x", "--date", "0001-01-01"], ["comment", "1", "x", "--date", "9999-12-31"],
    ["status", "1", "../../etc/passwd"], ["status", "-1", "complete"], ["status", "1", "complete",
    "--date", "31st February 2017"], ["show", "0"], ["show", "--", "-1"], ["show", "x" * 10_000],
    ["list", "--as-recorded", "0001-01-01"], ["verify", "--since", "0001-01-01"],
    ["remind", "--within", "3000000"], ["set", "1", "id", "7"], ["set", "1", "ownr", "X"],
    ["amend", "1", "1", "x"], ["retract", "1", "1", "--reason", "x"], ["init", "recs"],
    ["export", "--as-recorded", "9999-12-31", "--format", "ünïcødé"],
]  # fmt: skip


@pytest.mark.parametrize("args", SAMPLE, ids=lambda args: " ".join(a[:20] for a in args))
def test_the_console_script_refuses_cleanly(arena: Path, args: list[str]) -> None:
    """Through the real process (the fast front end included): one line, ledger untouched."""
    before = snapshot(arena)
    completed = subprocess.run(
        [str(REC), *args], cwd=arena, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"}, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode in (1, 2), completed
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.splitlines()) == 1, completed.stderr
    assert snapshot(arena) == before


def test_a_nul_read_from_standard_input_is_refused_through_the_console_script(
    arena: Path,
) -> None:
    """A NUL can only arrive through stdin: one line, exit 1, nothing written."""
    before = snapshot(arena)
    completed = subprocess.run(
        [str(REC), "comment", "1", "-"], cwd=arena, capture_output=True, input=b"a\x00b",
        env={**os.environ, "NO_COLOR": "1"}, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 1
    assert completed.stderr == (
        b"rec: error: invalid comment: it contains a NUL byte (\\x00), which rectrack does "
        b"not store\n"
    )
    assert snapshot(arena) == before
