"""`rec import tracker|csv|json` end to end: real ledgers, real git, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import commit_count, git, log_subjects, new_rec, rec, snapshot

REPO = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parents[1] / "data" / "tracker_seed_000.txt"
DEMO_REPORT = "HMIC: organised crime group mapping"
#: Fields the demo's recommendation 5 has that the import does not (the ID is the ledger's).
NOT_FROM_PAGE = {"id"}


def show_json(ledger: Path, rec_id: int | str) -> dict[str, object]:
    result = rec(ledger, "show", str(rec_id), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def import_seed(ledger: Path, *extra: str, path: Path = SEED) -> str:
    result = rec(ledger, "import", "tracker", "--by", "HMICFRS", "--report", DEMO_REPORT,
                 *extra, str(path))  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout


def page_with(tmp_path: Path, text: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


# --- tracker pages -------------------------------------------------------------------------


def test_seed_imports_to_the_demo_ledgers_recommendation_5(ledger: Path) -> None:
    """The seed page becomes one complete recommendation equal to the demo's rec 5."""
    out = import_seed(ledger)
    assert "1 imported, 0 updated, 0 skipped, 0 failed" in out
    mine, demo = show_json(ledger, 1), show_json(REPO, 5)
    assert mine["status"] == "complete"
    assert isinstance(mine["events"], list) and len(mine["events"]) == 10
    for name in NOT_FROM_PAGE:
        mine.pop(name), demo.pop(name)
    assert mine == demo
    assert (ledger / "recs/1.yaml").read_bytes() == (REPO / "recs/5.yaml").read_bytes()


def test_one_commit_per_page_naming_the_source_file(ledger: Path, tmp_path: Path) -> None:
    """Two pages: two commits, each message naming its file."""
    other = page_with(tmp_path, SEED.read_text().replace("Recommendation 5", "Recommendation 6"), "six.txt")  # fmt: skip
    result = rec(ledger, "import", "tracker", "--by", "HMICFRS", str(SEED), str(other))
    assert result.exit_code == 0, result.output
    assert log_subjects(ledger)[:2] == [
        "rec 2: import recommendation 6 from six.txt",
        "rec 1: import recommendation 5 from tracker_seed_000.txt",
    ]
    assert "2 imported" in result.stdout


def test_reimporting_the_same_page_adds_nothing_and_says_so(ledger: Path) -> None:
    """A second import of the same page exits 0, reports it skipped and makes no commit."""
    import_seed(ledger)
    before = snapshot(ledger)
    out = import_seed(ledger)
    assert "skipped  rec 1" in out and "already in the ledger" in out
    assert "0 imported, 0 updated, 1 skipped, 0 failed" in out
    assert snapshot(ledger) == before


def test_a_page_that_grew_appends_only_its_new_events(ledger: Path, tmp_path: Path) -> None:
    """Events added to the page since the last import are appended, the rest left alone."""
    text = SEED.read_text()
    cut = text.index("[on]2nd May 2019 [comment]")
    first = page_with(tmp_path, text[:cut], "seed.txt")
    import_seed(ledger, path=first)
    assert len(show_json(ledger, 1)["events"]) == 7  # type: ignore[arg-type]
    rec(ledger, "comment", "1", "A note made in rectrack", "--date", "2019-01-10")
    grown = page_with(tmp_path, text, "seed.txt")
    out = import_seed(ledger, path=grown)
    assert "updated  rec 1" in out and "3 new event(s)" in out
    assert log_subjects(ledger)[0] == "rec 1: import 3 new event(s) from seed.txt"
    events = show_json(ledger, 1)["events"]
    assert isinstance(events, list) and len(events) == 11
    assert events[7]["text"] == "A note made in rectrack"
    assert show_json(ledger, 1)["status"] == "complete"


def test_a_page_whose_history_was_rewritten_is_refused(ledger: Path, tmp_path: Path) -> None:
    """An earlier event changed on the page is a conflict: reported, exit 1, not written."""
    import_seed(ledger)
    before = snapshot(ledger)
    changed = page_with(tmp_path, SEED.read_text().replace("3rd March 2017", "4th March 2017"), "seed.txt")  # fmt: skip
    result = rec(ledger, "import", "tracker", str(changed))
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: 1 of 1 import(s) failed: seed.txt: recommendation 1 is already in the "
        "ledger and differs: event 1 on the page is not in the ledger but later ones are\n"
    )
    assert "failed   -        seed.txt" in result.stdout
    assert snapshot(ledger) == before


def test_unknown_status_is_named_and_nothing_is_imported(ledger: Path, tmp_path: Path) -> None:
    """A status the workflow lacks refuses every file, naming the status and the fix."""
    bad = page_with(tmp_path, SEED.read_text().replace("[status]complete", "[status]closed-early"))
    before = snapshot(ledger)
    result = rec(ledger, "import", "tracker", str(SEED), str(bad))
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: page.txt: line 36: unknown status 'closed-early': add it to "
        "workflow.statuses in rectrack.yaml if it is real (valid now: awaiting-review, "
        "being-progressed, complete, withdrawn)\n"
    )
    assert snapshot(ledger) == before


def test_unknown_status_imports_once_added_to_the_workflow(ledger: Path, tmp_path: Path) -> None:
    """After the user adds the status to rectrack.yaml, the same page imports."""
    bad = page_with(tmp_path, SEED.read_text().replace("[status]complete", "[status]closed-early"))
    config = ledger / "rectrack.yaml"
    config.write_text(config.read_text().replace("  - complete\n", "  - complete\n  - closed-early\n", 1))  # fmt: skip
    git(ledger, "commit", "-qam", "add closed-early")
    result = rec(ledger, "import", "tracker", str(bad))
    assert result.exit_code == 0, result.output
    assert show_json(ledger, 1)["status"] == "closed-early"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "rec: error: cannot read {path}: No such file or directory\n"),
        (b"\xff\xfe bad", "rec: error: cannot read {path}: not UTF-8 text (byte 0)\n"),
        (b"just some text\n", "rec: error: page.txt: no `Recommendation N` or `Area for improvement N` heading\n"),
    ],
)  # fmt: skip
def test_unreadable_pages_are_one_line_errors(
    ledger: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    """A missing, non-UTF-8 or shapeless file: one line, exit 1, ledger untouched."""
    path = tmp_path / "page.txt"
    if content is not None:
        path.write_bytes(content)
    before = snapshot(ledger)
    result = rec(ledger, "import", "tracker", str(SEED), str(path))
    assert result.exit_code == 1
    assert result.stderr == message.format(path=path)
    assert snapshot(ledger) == before


def test_awkward_page_round_trips_through_the_ledger(ledger: Path, tmp_path: Path) -> None:
    """CRLF, typographic marks, &, brackets and YAML specials come back exactly from the file."""
    comments = [
        "& starts like a YAML anchor",
        "- looks like a list: and a key",
        "“Quotes” – dashes — ‘single’ [bracketed] #hash %percent @at `tick`",
        "Para one.\n\nPara two: with: colons\n  and an indented line",
        "'single-quoted' \"double\" *star {brace} | pipe > gt",
    ]
    runs = "".join(f"[on]1st May 2019 [comment]\n\n{c}\n\n[/comment][/on]" for c in comments)
    text = f"Areas for improvement\n\nConcern & more.\n\nArea for improvement 2\n\n• Do it: now.\n\n{runs}"
    path = page_with(tmp_path, text.replace("\n", "\r\n"))
    result = rec(ledger, "import", "tracker", str(path))
    assert result.exit_code == 0, result.output
    data = show_json(ledger, 1)
    assert [e["text"] for e in data["events"]] == comments  # type: ignore[attr-defined]
    assert data["kind"] == "area for improvement" and data["section"] == "Areas for improvement"
    assert data["events"][0]["by"] == "Alex Auditor"  # type: ignore[index]


def test_imported_title_can_be_changed_later(ledger: Path) -> None:
    """The derived title is an ordinary field: `rec set` replaces it."""
    import_seed(ledger)
    result = rec(ledger, "set", "1", "title", "Transfer OCG mapping to the ROCUs")
    assert result.exit_code == 0, result.output
    assert show_json(ledger, 1)["title"] == "Transfer OCG mapping to the ROCUs"


# --- CSV ------------------------------------------------------------------------------------


CSV_TEXT = (
    "Ref,Title,Status,Lead,due,report,opened,tags,Notes\r\n"
    '5,Map OCGs regionally,being-progressed,DCI Smith,2017-09-30,PEEL 2016,2017-03-03,"a, b",x\r\n'
    '6,"Publish digest, quarterly",,,,PEEL 2016,,,y\r\n'
)


def test_csv_rows_import_with_mapped_columns(ledger: Path, tmp_path: Path) -> None:
    """Each row is a recommendation; --map renames columns; unknown columns are ignored."""
    path = page_with(tmp_path, CSV_TEXT, "tracker.csv")
    result = rec(ledger, "import", "csv", str(path), "--map", "Ref=number", "--map", "lead=owner",
                 "--by", "Data team")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 imported" in result.stdout
    first, second = show_json(ledger, 1), show_json(ledger, 2)
    assert (first["number"], first["owner"], first["status"], first["due"]) == (
        "5", "DCI Smith", "being-progressed", "2017-09-30",
    )  # fmt: skip
    assert first["tags"] == ["a", "b"] and first["opened"] == "2017-03-03"
    assert second["title"] == "Publish digest, quarterly"
    assert second["status"] == "awaiting-review"
    assert "Notes" not in second and "notes" not in second
    assert log_subjects(ledger)[0] == "rec 2: import row 3 from tracker.csv"
    again = rec(ledger, "import", "csv", str(path), "--map", "Ref=number")
    assert again.exit_code == 0 and "2 skipped" in again.stdout


def test_bad_csv_rows_are_all_reported_and_nothing_is_imported(
    ledger: Path, tmp_path: Path
) -> None:
    """Every bad row is named by its number; the good rows are not imported either."""
    text = (
        "id,title,status,due\n"
        "1,Fine,,\n"
        "2,Bad status,done,\n"
        "3,Bad date,,31st February 2017\n"
        "x,Bad id,,\n"
        ",,,\n"
    )
    path = page_with(tmp_path, text, "t.csv")
    before = snapshot(ledger)
    result = rec(ledger, "import", "csv", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("rec: error: t.csv: 3 bad row(s), nothing imported: row 3: ")
    assert "row 3: unknown status 'done'" in result.stderr
    assert "row 4: invalid date '31st February 2017'" in result.stderr
    assert "row 5: invalid recommendation ID 'x'" in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(ledger) == before


def test_csv_without_a_title_or_text_column_is_refused(ledger: Path, tmp_path: Path) -> None:
    """A header naming neither title nor text: one line, nothing written."""
    path = page_with(tmp_path, "Name,Owner\nx,y\n", "t.csv")
    before = snapshot(ledger)
    result = rec(ledger, "import", "csv", str(path))
    assert result.exit_code == 1
    assert result.stderr == "rec: error: t.csv: no `title` or `text` column (see --map)\n"
    assert snapshot(ledger) == before


def test_bad_map_option_is_refused(ledger: Path, tmp_path: Path) -> None:
    """`--map` without COLUMN=FIELD is a one-line error."""
    path = page_with(tmp_path, "title\nx\n", "t.csv")
    result = rec(ledger, "import", "csv", str(path), "--map", "Ref")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: --map: 'Ref' is not COLUMN=FIELD (FIELD e.g. title, owner)\n"
    )


def test_csv_row_whose_id_is_taken_is_skipped(ledger_with_rec: Path, tmp_path: Path) -> None:
    """A row asking for an ID already in the ledger is skipped, the others imported."""
    path = page_with(tmp_path, "id,title\n1,Clash\n4,Fresh\n", "t.csv")
    result = rec(ledger_with_rec, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 updated, 1 skipped" in result.stdout
    assert show_json(ledger_with_rec, 4)["title"] == "Fresh"
    assert show_json(ledger_with_rec, 1)["title"] == "Map organised crime groups"


# --- JSON round trip -------------------------------------------------------------------------


def test_json_export_imports_into_an_empty_ledger_unchanged(ledger: Path, tmp_path: Path) -> None:
    """Export then import reproduces every recommendation and event, and the files' bytes."""
    import_seed(ledger)
    new_rec(ledger, "--title", "Second", "--owner", "DCI Smith", "--due", "2030-01-31",
            "--tags", "x,y", "--date", "2020-02-02", "--id", "7")  # fmt: skip
    for args in (["set", "7", "owner", "DI Jones"], ["set", "7", "due", "", "--reason", "Dropped"],
                 ["comment", "7", "line one\n\n  indented: yes\n"], ["status", "7", "complete"]):  # fmt: skip
        assert rec(ledger, *args, "--date", "2021-03-04").exit_code == 0
    export = rec(ledger, "export", "--format", "json")
    assert export.exit_code == 0, export.output
    dump = page_with(tmp_path, export.stdout, "backup.json")
    other = tmp_path / "other"
    assert rec(other, "init", str(other)).exit_code == 0
    result = rec(other, "import", "json", str(dump))
    assert result.exit_code == 0, result.output
    assert "2 imported" in result.stdout
    for rec_id in (1, 7):
        assert show_json(other, rec_id) == show_json(ledger, rec_id)
        name = f"recs/{rec_id}.yaml"
        assert (other / name).read_bytes() == (ledger / name).read_bytes()
    assert log_subjects(other)[0] == "rec 7: import from backup.json"
    count = commit_count(other)
    again = rec(other, "import", "json", str(dump))
    assert again.exit_code == 0 and "2 skipped" in again.stdout
    assert commit_count(other) == count


def test_json_import_of_a_differing_recommendation_fails_and_says_why(
    ledger_with_rec: Path, tmp_path: Path
) -> None:
    """An export whose rec 1 differs from the ledger's rec 1 is reported as failed, exit 1."""
    data = json.loads(rec(ledger_with_rec, "export").stdout)
    data["recommendations"][0]["header"]["title"] = "Something else"
    path = page_with(tmp_path, json.dumps(data), "x.json")
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, "import", "json", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: 1 of 1 import(s) failed: x.json #1: recommendation 1 is "
        "already in the ledger and differs: headers differ\n"
    )
    assert "0 imported, 0 updated, 0 skipped, 1 failed" in result.stdout
    assert snapshot(ledger_with_rec) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "x.json: not valid JSON"),
        ('{"format": "other"}', "x.json: not a rectrack-export version 1 file"),
        ('[{"id": 1}]', "x.json: recommendation 1: needs an `events` list"),
        ('[{"id": 0, "events": []}]', "x.json: recommendation 1: invalid recommendation ID '0'"),
        ('[{"id": 1, "title": "t", "events": [{"date": "2020-1-1", "by": "x", "kind": "status", "status": "complete"}]}]',
         "x.json: recommendation 1: event 1 date: '2020-1-1' is not a YYYY-MM-DD date"),
        ('[{"id": 1, "title": "t", "events": [{"date": "2020-01-01", "by": "x", "kind": "status", "status": "gone"}]}]',
         "x.json #1: event 1: unknown status 'gone'"),
    ],
)  # fmt: skip
def test_bad_json_is_refused_before_anything_is_written(
    ledger: Path, tmp_path: Path, content: str, message: str
) -> None:
    """Malformed exports: one line naming the problem, exit 1, ledger untouched."""
    path = page_with(tmp_path, content, "x.json")
    before = snapshot(ledger)
    result = rec(ledger, "import", "json", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"rec: error: {message}")
    assert result.stderr.count("\n") == 1
    assert snapshot(ledger) == before


def test_a_failed_page_does_not_stop_the_others(ledger: Path, tmp_path: Path) -> None:
    """A page whose recommendation file has uncommitted edits fails; the rest import."""
    text = SEED.read_text()
    import_seed(ledger, path=page_with(tmp_path, text[: text.index("[on]2nd May 2019")], "a.txt"))
    with (ledger / "recs/1.yaml").open("a") as stream:
        stream.write("# my own edit\n")
    other = page_with(tmp_path, text.replace("Recommendation 5", "Recommendation 6"), "b.txt")
    result = rec(ledger, "import", "tracker", str(SEED), str(other))
    assert result.exit_code == 1
    assert result.stderr.startswith("rec: error: 1 of 2 import(s) failed: tracker_seed_000.txt: ")
    assert "recs/1.yaml has uncommitted changes" in result.stderr
    assert "1 imported, 0 updated, 0 skipped, 1 failed" in result.stdout
    assert log_subjects(ledger)[0] == "rec 2: import recommendation 6 from b.txt"
    assert (ledger / "recs/1.yaml").read_text().endswith("# my own edit\n")
