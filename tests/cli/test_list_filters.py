"""The filters people reach for: --tag, --field, --sort, --reverse, --unresolved, and
`rec export --open` opening the page in a browser (a recording BROWSER, never a real one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git, new_rec, rec, snapshot


@pytest.fixture
def forces(ledger: Path) -> Path:
    """Three recommendations with a `force` field (declared in rectrack.yaml), tags, owners
    and due dates; 3 is closed."""
    config = ledger / "rectrack.yaml"
    config.write_text(config.read_text() + "fields:\n- force\n")
    git(ledger, "commit", "-q", "-am", "declare the force field")
    new_rec(ledger, "--title", "Custody checks", "--owner", "DCI Smith", "--due", "2026-03-01",
            "--tags", "custody,kent", "--date", "2025-01-01")  # fmt: skip
    new_rec(ledger, "--title", "Stop and search", "--owner", "Supt Okafor", "--due", "2025-06-30",
            "--tags", "custody", "--date", "2025-02-01")  # fmt: skip
    new_rec(ledger, "--title", "Call handling", "--due", "2027-01-31", "--date", "2025-03-01")
    for rec_id, force in (("1", "Kent"), ("2", "kent"), ("3", "Essex")):
        assert rec(ledger, "set", rec_id, "force", force, "--date", "2025-04-01").exit_code == 0
    assert rec(ledger, "status", "3", "complete", "--date", "2025-05-01").exit_code == 0
    return ledger


def ids(ledger: Path, command: str, *args: str) -> list[int]:
    result = rec(ledger, command, *args, *(["--json"] if command == "list" else ["-f", "json"]))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    items = data if command == "list" else data["recommendations"]
    return [item["id"] for item in items]


@pytest.mark.parametrize("command", ["list", "export"])
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tag", "custody"], [1, 2]),
        (["--tag", "CUSTODY", "--tag", "kent"], [1]),
        (["--field", "force=KENT"], [1, 2]),
        (["--field", "force=kent", "--field", "owner=supt okafor"], [2]),
        (["--field", "owner="], [3]),
        (["--unresolved"], [1, 2]),
        (["--sort", "due"], [2, 1, 3]),
        (["--sort", "due", "--reverse"], [3, 1, 2]),
        (["--sort", "owner"], [1, 2, 3]),
        (["--sort", "OWNER", "--reverse"], [2, 1, 3]),
        (["--sort", "status"], [1, 2, 3]),
        (["--sort", "activity", "--reverse"], [3, 1, 2]),
        (["--reverse"], [3, 2, 1]),
        (["--tag", "custody", "--sort", "due", "--reverse"], [1, 2]),
    ],
)
def test_filters_and_orders(
    forces: Path, command: str, args: list[str], expected: list[int]
) -> None:
    """list and export take the same filters and orders and give the same recommendations."""
    assert ids(forces, command, *args) == expected


def test_stats_counts_what_the_filters_select(forces: Path) -> None:
    """stats takes --tag and --field too (and --open as the old --unresolved)."""
    result = rec(forces, "stats", "--json", "--tag", "custody", "--field", "force=kent")
    assert json.loads(result.stdout)["total"] == 2
    assert json.loads(rec(forces, "stats", "--json", "--open").stdout)["total"] == 2


def test_the_table_is_in_the_order_asked_for(forces: Path) -> None:
    """The plain table lists rows in --sort order."""
    lines = rec(forces, "list", "--sort", "due").stdout.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["2", "1", "3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--field", "force"], "'force' is not NAME=VALUE"),
        (["list", "--field", "=kent"], "'=kent' is not NAME=VALUE"),
        (["export", "--field", "Bad Name=x"], "'Bad Name=x' is not NAME=VALUE"),
        (["list", "--sort", "title"], "'title' is not one of id, due, status, owner, activity"),
        (["export", "--format", "csv", "--open"], "opens HTML only: add --format html"),
        (["export", "--open"], "opens HTML only: add --format html"),
    ],
)
def test_bad_filter_arguments_are_usage_errors(forces: Path, args: list[str], message: str) -> None:
    """A filter that cannot be read exits 2 with one line, and nothing is opened or written."""
    before = snapshot(forces)
    result = rec(forces, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("rec: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(forces) == before


def test_open_is_hidden_on_list_and_means_the_browser_on_export(forces: Path) -> None:
    """`rec list --help` offers --unresolved only; `rec export --help` offers --open to view."""
    listed = rec(forces, "list", "--help").stdout
    assert "--unresolved" in listed and "--open" not in listed
    exported = rec(forces, "export", "--help").stdout
    assert "--unresolved" in exported and "--open" in exported and "browser" in exported


def test_sort_values_complete_in_the_shell(forces: Path) -> None:
    """Tab after --sort offers the keys, filtered by what is typed."""
    env = {**os.environ, "_REC_COMPLETE": "complete_bash", "COMP_CWORD": "3"}
    offered = []
    for typed in ("", "d", "ac"):
        env["COMP_WORDS"] = f"rec list --sort {typed}"
        done = subprocess.run(
            [sys.executable, "-m", "rectrack"], cwd=forces, env=env, capture_output=True,
            text=True, check=False,
        )  # fmt: skip
        offered.append(done.stdout.split())
    assert offered == [["id", "due", "status", "owner", "activity"], ["due"], ["activity"]]


# --- rec export --open --------------------------------------------------------------------


@pytest.fixture
def browser(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose BROWSER is a script that records the address it is given."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "fake-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(0o755)
    return {**os.environ, "BROWSER": str(script), "COLUMNS": "100"}, record


def _rec_process(ledger: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # A real process: webbrowser reads BROWSER once per process.
    return subprocess.run(
        [sys.executable, "-m", "rectrack", "--ledger", str(ledger), *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_open_writes_the_page_then_opens_it(
    forces: Path, tmp_path: Path, browser: tuple[dict[str, str], Path]
) -> None:
    """`--open --output board.html` writes every recommendation (closed ones too), then
    hands the file's address to the browser."""
    env, record = browser
    page = tmp_path / "board.html"
    done = _rec_process(forces, env, "export", "--format", "html", "--open", "--output", str(page))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == f"wrote {page}\n"
    assert record.read_text().splitlines() == [page.as_uri()]
    html = page.read_text()
    assert all(f'id="rec-{n}"' in html for n in (1, 2, 3))


def test_open_without_output_uses_a_temporary_file(
    forces: Path, browser: tuple[dict[str, str], Path]
) -> None:
    """With no --output the page goes to a new temporary file, which is what is opened."""
    env, record = browser
    before = snapshot(forces)
    done = _rec_process(forces, env, "export", "--format", "html", "--open", "--unresolved")
    assert done.returncode == 0, done.stderr
    (opened,) = record.read_text().splitlines()
    assert opened.startswith("file://") and opened.endswith(".html")
    path = Path(opened.removeprefix("file://"))
    assert done.stderr == f"wrote {path}\n"
    assert 'id="rec-1"' in path.read_text() and 'id="rec-3"' not in path.read_text()
    assert not path.is_relative_to(forces)
    assert snapshot(forces) == before


def test_open_refused_output_opens_nothing(
    forces: Path, browser: tuple[dict[str, str], Path]
) -> None:
    """An --output that is refused is neither written nor opened."""
    env, record = browser
    target = forces / "recs/1.yaml"
    done = _rec_process(forces, env, "export", "-f", "html", "--open", "-o", str(target))
    assert done.returncode == 1
    assert "inside the ledger's own recs" in done.stderr
    assert not record.exists()
