"""`rec --help`: every command on one line, plumbing in a section of its own."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from rectrack.cli.main import app

LISTING = """\
Commands:
  init          Create a ledger: git init if needed, commit rectrack.yaml.
  new           Add a recommendation (one commit); prints its ID.
  comment       Add a progress comment (one commit).
  status        Change a recommendation's status (one commit).
  set           Change one header field by appending an event (one commit).
  amend         Correct a comment's text, keeping the original (one commit).
  retract       Withdraw a mistaken event; it stays on record (one commit).
  show          Show a recommendation and its numbered timeline.
  list          List recommendations as a table.
  log           Show who changed what and when, from git history.
  evidence      Attach evidence: files, or a URL with its hash (one commit).
  changes       What changed since a commit, tag or date, by recommendation.
  remind        Open recommendations due soon or overdue, grouped by owner.
  export        Export recommendations as JSON, CSV, Markdown, HTML or Excel.
  stats         Counts by status, owner and report; time to close; slippage.
  site          Build a static website of the ledger for anyone to read.
  verify        Check that the ledger's history only ever appended events.
  checkpoint    Anchor the verified head as a checkpoint tag.
  sync          Fetch, merge the remote's events with yours, push.
  import        Bring in tracker pages, spreadsheets or a JSON export.

Plumbing:
  merge-driver  Git's merge driver for recommendation files (git runs it).
"""


def test_help_lists_every_command_on_one_line_with_a_plumbing_section() -> None:
    """The exact listing: one line each, none cut short, merge-driver under Plumbing."""
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    listing = result.stdout[result.stdout.index("Commands:") :]
    assert listing == LISTING
    assert all(len(line) <= 80 and not line.endswith("...") for line in listing.splitlines())


def test_the_listing_names_every_registered_command() -> None:
    """No command is left out of the help (nor hidden): the listing is the app's commands."""
    group = typer.main.get_group(app)
    names = [name for name, command in group.commands.items() if not command.hidden]
    listed = [line.split()[0] for line in LISTING.splitlines() if line.startswith("  ")]
    assert sorted(listed) == sorted(names)
