"""`rec import tracker` end to end: real ledgers, real git, the real tracker pages.

The pages in tests/data/tracker-pages/ are from HMICFRS's public recommendations tracker,
Crown copyright, used under the Open Government Licence v3.0
(nationalarchives.gov.uk/doc/open-government-licence/version/3/).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from rectrack.importers.html_page import read_page
from tests.helpers import commit_count, git, log_subjects, rec, snapshot

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "tracker_seed_000.txt"
PAGES = REPO / "tests" / "data" / "tracker-pages"
REAL = sorted(path.name for path in PAGES.glob("*.txt"))
DEMO_REPORT = "HMIC: organised crime group mapping"
TAG_DEBRIS = ("[on]", "[/on]", "[status]", "[/status]", "[comment]", "[/comment]", "[/o")


def show_json(ledger: Path, rec_id: int | str) -> dict[str, Any]:
    result = rec(ledger, "show", str(rec_id), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def import_ok(ledger: Path, *args: str) -> str:
    result = rec(ledger, "import", "tracker", "--by", "HMICFRS", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(ledger: Path, *args: str) -> str:
    """Run an import that must be refused: exit 1, one line, the ledger untouched."""
    before = snapshot(ledger)
    result = rec(ledger, "import", "tracker", *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("rec: error: ") and result.stderr.count("\n") == 1
    assert snapshot(ledger) == before
    return result.stderr.removeprefix("rec: error: ").rstrip("\n")


def page_with(folder: Path, text: str | bytes, name: str = "page.txt") -> Path:
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def real_page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# --- what a page becomes -------------------------------------------------------------------


def test_seed_imports_to_the_demo_ledgers_recommendation_5(ledger: Path) -> None:
    """The seed page becomes one complete recommendation, byte for byte the demo's rec 5."""
    out = import_ok(ledger, "--report", DEMO_REPORT, str(SEED))
    assert out.startswith("imported rec 1    tracker_seed_000.txt: 10 events\n")
    assert "1 imported, 0 updated, 0 skipped [" in out
    assert (ledger / "recs/1.yaml").read_bytes() == (REPO / "recs/5.yaml").read_bytes()


@pytest.mark.parametrize("name", REAL)
def test_every_real_page_imports_with_its_history_in_page_order(ledger: Path, name: str) -> None:
    """Each real page: its entries as events in page order, its ID, force, theme and report
    kept, its text free of tags and page furniture."""
    import_ok(ledger, "--date", "2026-11-25", str(PAGES / name))
    page = read_page(real_page(name), source=name)
    data = show_json(ledger, 1)
    events = [(e["date"], e["kind"], e.get("status") or e.get("text")) for e in data["events"]]
    expected = [(e.date.isoformat(), "status" if e.status else "comment", e.status or e.comment)
                for e in page.events]  # fmt: skip
    assert events[: len(expected)] == expected
    assert len(events) - len(expected) == (not page.events or not any(e.status for e in page.events)) + bool(page.progress)  # fmt: skip
    for field in ("tracker_id", "force", "theme", "report"):
        assert data.get(field) == getattr(page, field), field
    texts = [data["text"], data["title"], *(e.get("text") or "" for e in data["events"])]
    for text in texts:
        assert not any(debris in text for debris in TAG_DEBRIS), text
        assert "404 Page not found" not in text and "justiceinspectorates" not in text


def test_each_shape_of_page_keeps_what_it_says(ledger: Path) -> None:
    """Spot checks of the shapes: a report title line, a closing status, a backwards move."""
    import_ok(ledger, "--date", "2026-11-25", str(PAGES))
    audit, evaluation, kent = show_json(ledger, 5), show_json(ledger, 6), show_json(ledger, 3)
    assert audit["report"] == "Merseyside Police: Crime Data Integrity inspection 2016"
    assert (audit["tracker_id"], audit["theme"], audit["status"]) == ("7319", "audit", "complete")
    statuses = [e["status"] for e in audit["events"] if e["kind"] == "status"]
    assert statuses == ["awaiting-review", "being-progressed", "awaiting-review", "complete"]
    assert evaluation["status"] == "no-further-action-needed"
    assert (kent["tracker_id"], kent["force"], kent["status"]) == (
        "8712",
        "kent",
        "being-progressed",
    )


def test_a_page_with_no_dated_entries_starts_in_the_initial_status_on_date(ledger: Path) -> None:
    """No entries: the initial status dated --date, the undated progress text a comment on
    that date, and the summary line says so."""
    out = import_ok(ledger, "--date", "2026-11-25", str(PAGES / "hampshire_8787.txt"))
    assert "2 events; no dated entries: awaiting-review on 2026-11-25" in out
    assert "1 page has no dated entries: given awaiting-review on 2026-11-25" in out
    events = show_json(ledger, 1)["events"]
    assert [(e["date"], e["kind"]) for e in events] == [
        ("2026-11-25", "status"), ("2026-11-25", "comment"),
    ]  # fmt: skip
    assert events[1]["text"].startswith("The force has responded positively")
    assert events[1]["text"].endswith("This recommendation is complete")


def test_without_date_a_page_with_no_entries_is_dated_today(ledger: Path) -> None:
    """--date defaults to today."""
    import datetime as dt

    import_ok(ledger, str(PAGES / "hampshire_8787.txt"))
    assert show_json(ledger, 1)["events"][0]["date"] == dt.date.today().isoformat()


def test_report_option_overrides_the_pages_own(ledger: Path) -> None:
    """--report names the report instead of the page's `Report title (ID)` line."""
    import_ok(ledger, "--report", "CDI 2016", str(PAGES / "theme-audit_7319.txt"))
    assert show_json(ledger, 1)["report"] == "CDI 2016"


def test_a_saved_web_page_imports_like_its_text(ledger: Path, tmp_path: Path) -> None:
    """A browser's saved page: scripts, navigation and footer dropped, the same history."""
    body = "".join(f"<p>{line}</p>" for line in real_page("kent_8712.txt").split("\n\n"))
    html = (
        "<!DOCTYPE html><html><head><title>Kent</title><script>var x = '[on]';</script>"
        "<link rel='canonical' href='https://www.justiceinspectorates.gov.uk/hmicfrs/"
        "recommendation/kent/8712/'></head><body><nav>Home | Recommendations</nav>"
        f"<main>{body}</main><footer>Crown copyright</footer></body></html>"
    )
    import_ok(ledger, str(page_with(tmp_path, html, "saved.html")))
    import_ok(ledger, str(PAGES / "kent_8712.txt"))
    saved = show_json(ledger, 1)
    assert (saved["tracker_id"], saved["force"]) == ("8712", "kent")
    assert "Home" not in saved["text"] and "Crown copyright" not in saved["text"]
    assert len(saved["events"]) == 5
    assert commit_count(ledger) == 2  # the text page was the same recommendation: skipped


# --- a folder, one commit ------------------------------------------------------------------


def test_a_folder_imports_every_page_in_name_order_as_one_commit(
    ledger: Path, tmp_path: Path
) -> None:
    """`.txt`, `.html` and `.htm` under the folder, in name order, subfolders too; other files
    and hidden ones are passed over; one commit lists every file and ID."""
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    (folder / "notes.csv").write_text("not,a,page\n")
    (folder / ".kent_8712.txt.swp").write_bytes(b"\x00\x01")
    (folder / "more").mkdir()
    shutil.copy(SEED, folder / "more" / "seed.htm")
    before = commit_count(ledger)
    out = import_ok(ledger, "--date", "2026-11-25", str(folder))
    assert commit_count(ledger) == before + 1
    sources = [line.split()[3].rstrip(":") for line in out.splitlines()[:-1]]
    assert sources == [f"pages/{name}" for name in REAL[:3]] + ["pages/more/seed.htm"] + [
        f"pages/{name}" for name in REAL[3:]
    ]
    assert out.splitlines()[-1].startswith("8 imported, 0 updated, 0 skipped; 1 page has no")
    subject, _, body = git(ledger, "log", "-1", "--format=%B").partition("\n\n")
    assert subject == "rec: import 8 recommendations from tracker pages"
    assert "rec 3: pages/kent_8712.txt (tracker 8712): 5 events\n" in body
    assert len(body.strip().splitlines()) == 8
    changed = git(ledger, "show", "--format=", "--name-only", "HEAD").split()
    assert changed == sorted(f"recs/{n}.yaml" for n in range(1, 9))
    verified = rec(ledger, "verify")
    assert verified.exit_code == 0, verified.output


def test_reimporting_the_folder_adds_nothing(ledger: Path) -> None:
    """Every page recognised (by its tracker ID where it has one): no commit, all skipped."""
    import_ok(ledger, str(PAGES))
    before = snapshot(ledger)
    out = import_ok(ledger, str(PAGES))
    assert out.splitlines()[-1] == "0 imported, 0 updated, 7 skipped"
    assert snapshot(ledger) == before


def test_a_page_that_grew_gets_only_its_new_events(ledger: Path, tmp_path: Path) -> None:
    """Recognised by its tracker ID: only the new entries are appended, in one commit,
    after events added in rectrack meanwhile."""
    text = real_page("theme-audit_7319.txt")
    cut = text.index("[on]4th April 2018")
    import_ok(ledger, str(page_with(tmp_path, text[:cut], "theme-audit_7319.txt")))
    assert rec(ledger, "comment", "1", "Chased the force", "--date", "2018-03-01").exit_code == 0
    out = import_ok(ledger, str(page_with(tmp_path, text, "theme-audit_7319.txt")))
    assert "updated  rec 1    theme-audit_7319.txt: 3 new events" in out
    assert log_subjects(ledger)[0] == "rec: import new events for 1 recommendation from theme-audit_7319.txt"  # fmt: skip
    data = show_json(ledger, 1)
    assert [e.get("text") for e in data["events"]][5] == "Chased the force"
    assert len(data["events"]) == 9 and data["status"] == "complete"


def test_the_same_text_under_two_forces_is_two_recommendations(
    ledger: Path, tmp_path: Path
) -> None:
    """Pages are named by tracker ID, not text: the same recommendation for two forces is two."""
    text = real_page("kent_8712.txt")
    import_ok(ledger, str(page_with(tmp_path, text, "kent_8712.txt")),
              str(page_with(tmp_path, text, "essex_8713.txt")))  # fmt: skip
    assert [show_json(ledger, n)["force"] for n in (1, 2)] == ["kent", "essex"]


def test_the_same_page_twice_in_one_run_is_imported_once(ledger: Path, tmp_path: Path) -> None:
    """Two copies of one page (same tracker ID, same content): one recommendation."""
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(PAGES / "kent_8712.txt", copy / "kent_8712.txt")
    out = import_ok(ledger, str(PAGES / "kent_8712.txt"), str(copy))
    assert "skipped  rec 1    copy/kent_8712.txt: the same as kent_8712.txt" in out
    assert out.splitlines()[-1].startswith("1 imported, 0 updated, 1 skipped")


# --- refused: one line, every problem, nothing written --------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "page.txt: the page is empty"),
        (b"  \n\n", "page.txt: the page is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "cannot read {path}: not UTF-8 text (byte 0): a binary file, not a text page"),
        (b"Title\x00\x01\x02", "page.txt: line 1: a NUL byte: binary data, not a text page"),
        (b"Recommendation 5\n\n[on]1st May 2019 [status]complete[/status][/on]",
         "page.txt: line 1: the item has no text"),
        (b"just some text\n", "page.txt: no `Recommendation N` or `Area for improvement N` heading"),
        (b"Recommendation 5\n\nDo it.\n\n[on]31st February 2017 [status]complete[/status][/on]",
         "page.txt: line 5: invalid date '31st February 2017': no such day (day is out of range for month)"),
    ],
)  # fmt: skip
def test_a_bad_page_is_a_one_line_error(
    ledger: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    """Empty, binary, textless, shapeless, impossible dates: one line, exit 1, nothing written."""
    path = page_with(tmp_path, content)
    assert refused(ledger, str(path)) == message.format(path=path)


def test_a_missing_file_or_an_empty_folder_is_refused(ledger: Path, tmp_path: Path) -> None:
    """Nothing to read is an error, not an empty import."""
    assert refused(ledger, str(tmp_path / "nope.txt")).endswith("No such file or directory")
    (tmp_path / "empty").mkdir()
    assert refused(ledger, str(tmp_path / "empty")).endswith(
        "empty/: no .txt, .html or .htm pages in this folder"
    )


def test_every_problem_is_reported_at_once_and_nothing_is_imported(
    ledger: Path, tmp_path: Path
) -> None:
    """Good pages and bad ones together: every bad one named, in order, none imported."""
    empty = page_with(tmp_path, "", "empty.txt")
    no_text = page_with(tmp_path, "Recommendation 5\n\n[on]1st May 2019 [comment]x[/comment][/on]", "b.txt")  # fmt: skip
    message = refused(ledger, str(PAGES), str(empty), str(no_text))
    assert message == (
        "2 problems, nothing imported: empty.txt: the page is empty; "
        "b.txt: line 1: the item has no text"
    )


def test_unknown_statuses_are_all_named_with_where_and_the_fix(
    ledger: Path, tmp_path: Path
) -> None:
    """Every unknown status, each with the files and lines using it, and the exact lines to
    add to rectrack.yaml."""
    kent = real_page("kent_8712.txt")
    one = page_with(tmp_path, kent.replace("[status]being-progressed", "[status]on-hold"), "kent_1.txt")  # fmt: skip
    two = page_with(tmp_path, kent.replace("[status]awaiting-review", "[status]on-hold")
                    .replace("[status]being-progressed", "[status]closed"), "kent_2.txt")  # fmt: skip
    assert refused(ledger, str(one), str(two)) == (
        "unknown statuses 'on-hold' (kent_1.txt line 11, kent_2.txt line 11); 'closed' "
        "(kent_2.txt line 11), nothing imported: if real, add the lines `  - on-hold` and "
        "`  - closed` under `statuses:` in rectrack.yaml (and under `final:` if it closes a "
        "recommendation), commit, and import again (statuses now: awaiting-review, "
        "being-progressed, complete, no-further-action-needed, withdrawn)"
    )


def test_an_unknown_status_imports_once_added_to_the_workflow(ledger: Path, tmp_path: Path) -> None:
    """After adding the line the error gave to rectrack.yaml, the same page imports."""
    bad = page_with(tmp_path, real_page("kent_8712.txt").replace("being-progressed", "on-hold"))
    message = refused(ledger, str(bad))
    assert "`  - on-hold`" in message
    config = ledger / "rectrack.yaml"
    config.write_text(config.read_text().replace("  - complete\n", "  - complete\n  - on-hold\n", 1))  # fmt: skip
    git(ledger, "commit", "-qam", "add on-hold")
    import_ok(ledger, str(bad))
    assert show_json(ledger, 1)["status"] == "on-hold"


def test_two_pages_with_one_tracker_id_and_different_content_are_refused(
    ledger: Path, tmp_path: Path
) -> None:
    """Same ID, different pages: which is right is the user's call, so nothing is imported."""
    copy = tmp_path / "copy"
    copy.mkdir()
    text = real_page("kent_8712.txt")
    page_with(copy, text.replace("[on]4th April 2018 [status]being-progressed[/status][/on]", ""), "kent_8712.txt")  # fmt: skip
    assert refused(ledger, str(PAGES / "kent_8712.txt"), str(copy)) == (
        "kent_8712.txt and copy/kent_8712.txt: both are tracker recommendation 8712, but they "
        "differ (5 and 4 events): import only the right one"
    )


def test_a_page_whose_history_was_rewritten_refuses_the_whole_run(
    ledger: Path, tmp_path: Path
) -> None:
    """An earlier event changed on the page is a conflict: nothing of the run is written."""
    import_ok(ledger, str(PAGES / "kent_8712.txt"))
    changed = page_with(tmp_path, real_page("kent_8712.txt").replace("3rd March 2017", "4th March 2017"), "kent_8712.txt")  # fmt: skip
    assert refused(ledger, str(changed), str(PAGES / "theme-audit_7319.txt")) == (
        "recommendation 1 is already in the ledger and differs: event 1 on the page is not in "
        "the ledger but later ones are"
    )


def test_a_file_with_uncommitted_changes_refuses_the_whole_run(
    ledger: Path, tmp_path: Path
) -> None:
    """A recommendation the import would append to has a hand edit: nothing is written."""
    text = real_page("theme-audit_7319.txt")
    import_ok(ledger, str(page_with(tmp_path, text[: text.index("[on]4th April")], "theme-audit_7319.txt")))  # fmt: skip
    with (ledger / "recs/1.yaml").open("a") as stream:
        stream.write("# my own edit\n")
    message = refused(ledger, str(PAGES / "theme-audit_7319.txt"), str(PAGES / "kent_8712.txt"))
    assert message == (
        "ledger/recs/1.yaml has uncommitted changes: commit or discard them (`git diff "
        "ledger/recs/1.yaml`) before using rec on it"
    )
    assert (ledger / "recs/1.yaml").read_text().endswith("# my own edit\n")


def test_the_users_staged_work_stays_out_of_the_commit(ledger: Path) -> None:
    """A file the user staged is neither committed nor unstaged by an import."""
    (ledger / "notes.md").write_text("draft\n")
    git(ledger, "add", "notes.md")
    import_ok(ledger, str(PAGES))
    assert "notes.md" not in git(ledger, "show", "--name-only", "--format=", "HEAD")
    assert git(ledger, "status", "--porcelain") == "A  notes.md\n"


def test_a_failing_hook_leaves_nothing_behind(ledger: Path) -> None:
    """A pre-commit hook refusing the commit: no files, no index entries, no marker."""
    hook = ledger / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho 'policy: no imports today' >&2\nexit 1\n")
    hook.chmod(0o755)
    index = git(ledger, "ls-files", "-s")
    assert refused(ledger, str(PAGES)) == "git commit failed: policy: no imports today"
    assert git(ledger, "ls-files", "-s") == index
    assert not (ledger / ".git" / "rectrack" / "pending").exists()
    assert not (ledger / "recs").exists() or not any((ledger / "recs").iterdir())


def test_rec_init_gives_no_further_action_needed_and_old_ledgers_keep_theirs(
    ledger: Path, tmp_path: Path
) -> None:
    """A new ledger's workflow closes with no-further-action-needed too; an import into an
    existing ledger never rewrites its rectrack.yaml."""
    config = (ledger / "rectrack.yaml").read_text()
    assert config.count("  - no-further-action-needed\n") == 2  # in statuses and in final
    old = tmp_path / "old"
    assert rec(old, "init", str(old)).exit_code == 0
    (old / "rectrack.yaml").write_text(
        "workflow:\n  statuses: [awaiting-review, being-progressed, complete]\n"
        "  initial: awaiting-review\n  final: [complete]\n"
    )
    git(old, "commit", "-qam", "the old workflow")
    before = (old / "rectrack.yaml").read_bytes()
    assert "'no-further-action-needed' (theme-evaluation_1504.txt line 9)" in refused(
        old, str(PAGES / "theme-evaluation_1504.txt")
    )
    import_ok(old, str(PAGES / "kent_8712.txt"))
    assert (old / "rectrack.yaml").read_bytes() == before


def test_csv_export_imports_back_exactly_formula_guards_and_all(
    ledger: Path, tmp_path: Path
) -> None:
    """Titles a spreadsheet would run as formulas come back from export and import as they were."""
    titles = ["=1+1", "-5 officers", "'=quoted", "@home", "Plain"]
    for title in titles:
        assert rec(ledger, "new", "--title", title, "--owner", f"+{title}").exit_code == 0
    exported = tmp_path / "out.csv"
    assert rec(ledger, "export", "-f", "csv", "-o", str(exported)).exit_code == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbfid,")
    other = tmp_path / "other"
    assert rec(other, "init", str(other)).exit_code == 0
    result = rec(other, "import", "csv", str(exported))
    assert result.exit_code == 0, result.output
    shown = json.loads(rec(other, "list", "--json").stdout)
    assert [(item["title"], item["owner"]) for item in shown] == [(t, f"+{t}") for t in titles]
