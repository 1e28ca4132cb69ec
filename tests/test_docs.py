"""The documentation is checked: commands are documented, the worked example is valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from rectrack.cli.main import app
from rectrack.store import recfile

REPO = Path(__file__).resolve().parent.parent
GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_with_help_and_an_example(name: str) -> None:
    """Each command appears in README.md and its help text carries an Example line."""
    assert f"rec {name}" in (REPO / "README.md").read_text()
    command = GROUP.commands[name]  # type: ignore[attr-defined]
    example = (command.help or "").partition("Example: ")[2]
    assert f"rec {name}" in example, f"`rec {name} --help` needs an Example line using it"


def test_format_worked_example_is_a_valid_recommendation() -> None:
    """The worked example in docs/format.md parses and folds to what the page says."""
    text = (REPO / "docs/format.md").read_text()
    match = re.search(r"<!-- worked-example -->\n```yaml\n(.*?)```", text, re.S)
    assert match, "docs/format.md lost its worked example"
    rec = recfile.parse_recommendation(match.group(1).encode(), rec_id=5, path="docs/format.md")
    assert rec.status == "complete"
    assert rec.due is not None and rec.due.isoformat() == "2018-04-30"
    assert len(rec.events) == 5


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs exactly the test command the README gives."""
    readme = (REPO / "README.md").read_text()
    command = re.search(r"Install and run the tests.*?```sh\n(.*?)\n```", readme, re.S)
    assert command
    assert command.group(1) in (REPO / ".ci/run").read_text()


def test_format_corrections_example_folds_as_the_page_says() -> None:
    """The corrections example in docs/format.md parses, and its corrections do what it says."""
    text = (REPO / "docs/format.md").read_text()
    match = re.search(r"<!-- corrections-example -->\n```yaml\n(.*?)```", text, re.S)
    assert match, "docs/format.md lost its corrections example"
    rec = recfile.parse_recommendation(match.group(1).encode(), rec_id=6, path="docs/format.md")
    standings = rec.standings
    assert standings[1].text == "Template agreed with the scrutiny panel."
    assert standings[1].mark == "amended 2026-03-05 by Supt. R. Okafor"
    assert [s.withdrawn is not None for s in standings] == [False, False, True, True] + [False] * 3
    assert rec.owner == "Supt. R. Okafor"
    assert all(s.ignored is None for s in standings)
