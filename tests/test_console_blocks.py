"""Every `console` block in README.md and docs/ runs as written (tests/consoleblocks.py says how).

The tour, the examples and the error messages the docs show are run against the real
`rec`, so they cannot drift from what a reader gets by typing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import consoleblocks
from tests.consoleblocks import Block, Command, Session, blocks, pages, run_block

PAGES = {page.relative_to(consoleblocks.REPO).as_posix(): page for page in pages()}
RUNNABLE = [
    name for name, page in PAGES.items() if any(b.language == "console" for b in blocks(page))
]


@pytest.mark.parametrize("name", RUNNABLE)
def test_console_blocks_run_as_written(name: str, tmp_path: Path) -> None:
    """Each command of each console block prints what the page shows and exits as it implies."""
    session = Session(root=tmp_path / "session")
    problems: list[str] = []
    for block in blocks(PAGES[name]):
        if block.language == "console":
            problems += run_block(session, block)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_with_commands_run_them(name: str) -> None:
    """A page that shows `$ ` commands has a console block, and a fence holding commands
    says what it is (console to be run; text or sh on purpose)."""
    found = blocks(PAGES[name])
    unlabelled = [b.line for b in found if b.has_commands and not b.language]
    assert not unlabelled, f"{name}: label the fences at lines {unlabelled} (console, text or sh)"
    if any(block.has_commands for block in found):
        assert any(block.language == "console" for block in found), (
            f"{name} shows commands but has no console block"
        )
    for block in found:
        if block.language == "console":
            assert block.has_commands and block.commands(), f"{name}:{block.line}: no commands"
            assert block.setup in consoleblocks.SETUPS, f"{name}:{block.line}: {block.setup}"


def test_readme_and_the_docs_have_console_blocks() -> None:
    """The README's tour and the pages that teach commands are among those run."""
    assert {"README.md", "docs/audit.md", "docs/import-export.md"} <= set(RUNNABLE)


def _block(lines: list[str], setup: str = "empty") -> Block:
    return Block(page="test.md", language="console", line=1, setup=setup, lines=lines)


def test_the_runner_catches_wrong_output_and_exit_codes(tmp_path: Path) -> None:
    """A page that is wrong fails: different output, a failure shown as success, and the
    reverse; right ones pass, volatile parts masked."""
    session = Session(root=tmp_path / "s")
    problems = run_block(session, _block([
        "$ echo hello", "goodbye",
        "$ false",
        "$ echo 'rec: error: no'", "rec: error: no",
        "$ echo right", "right",
        "$ git init -q . && git commit -q --allow-empty -m x && git log --format=%h", "1a2b3c4",
        "$ date +%F && echo $HOME && date +%H:%M", "2026-11-25", "/home/jo", "09:30",
    ]))  # fmt: skip
    assert len(problems) == 3, problems
    assert "test.md:2: $ echo hello" in problems[0] and "goodbye" in problems[0]
    assert "$ false" in problems[1] and "exited 1" in problems[1]
    assert "exited 0" in problems[2]


def test_the_runner_keeps_state_for_continue_only(tmp_path: Path) -> None:
    """`continue` starts where the last block ended; any other setup starts afresh."""
    session = Session(root=tmp_path / "s")
    assert run_block(session, _block(["$ mkdir deeper && cd deeper && touch mark"])) == []
    assert run_block(session, _block(["$ ls", "mark"], setup="continue")) == []
    assert run_block(session, _block(["$ ls deeper"], setup="empty")) != []
    assert run_block(session, _block(["$ rec list", "No recommendations match."], "ledger")) == []


def test_commands_continue_over_backslashed_lines() -> None:
    """A command may span lines ending in a backslash; its output starts after the last."""
    block = _block(["$ echo one \\", "  two", "one two", "$ true"])
    assert block.commands() == [
        Command(text="echo one \n  two", line=2, expected=["one two"]),
        Command(text="true", line=5, expected=[]),
    ]
