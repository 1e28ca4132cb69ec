"""build_site: which files a build writes and what each page holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
from typing import Any

import pytest

from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import AUDIT_WORKFLOW, DEFAULT_WORKFLOW
from rectrack.exporters.json_export import export_json
from rectrack.exporters.site import Checkpoint, build_site
from tests.exporters.site.factory import SOURCE, TODAY, seed_rec, synthetic
from tests.exporters.site.pages import html_pages, parse

D = dt.date


def build(recs: list[Recommendation], **options: Any) -> dict[str, bytes]:
    merged: dict[str, Any] = {"workflow": DEFAULT_WORKFLOW, "source": SOURCE} | options
    return build_site(recs=recs, today=TODAY, title="Force X", **merged)


def test_a_build_writes_every_page_and_nothing_else() -> None:
    """Index, changes, feed, data, CSS, JS, one page per recommendation and per report."""
    recs = [seed_rec(5), *synthetic(3)]
    files = build(recs)
    reports = {path for path in files if path.startswith("reports/")}
    expected = {"index.html", "changes.html", "feed.xml", "data.json", "site.css", "site.js", "favicon.svg",
                "recs/1.html", "recs/2.html", "recs/3.html", "recs/5.html"}  # fmt: skip
    assert set(files) - reports == expected
    names = {str(rec.state.get("report") or "") for rec in recs}
    assert len(reports) == len(names)
    assert list(files) == sorted(files), "files come back in path order"


def test_each_recommendation_page_holds_every_event_in_order() -> None:
    """The seed's ten events appear on its page as numbered timeline entries, oldest first."""
    rec = seed_rec(5)
    page = build([rec])["recs/5.html"].decode()
    positions = [page.index(f'id="event-{n}"') for n in range(1, len(rec.events) + 1)]
    assert len(rec.events) == 10 and positions == sorted(positions)
    assert f'id="event-{len(rec.events) + 1}"' not in page
    text = parse(page.encode()).all_text
    comments = [e.text for e in rec.events if isinstance(e, Comment)]
    found = [text.index(comment) for comment in comments]
    assert found == sorted(found)
    assert "Authorised for closure on the bases if recent insight activity." in text
    assert page.count("recorded by HMICFRS") == 10


def test_recommendation_page_shows_the_tracker_layout() -> None:
    """Report, number, concern under its section heading, the text, status, owner, due date."""
    text = parse(build([seed_rec(5)])["recs/5.html"]).all_text
    for expected in ("HMIC: organised crime group mapping", "Recommendation 5", "Causes of concern",
                     "HMIC found that the current approach", "Immediately, the responsibility",
                     "30th September 2017", "(no owner)", "complete"):  # fmt: skip
        assert expected in text


def test_due_date_history_shows_original_and_each_move_with_its_reason() -> None:
    """A moved due date prints the original, the current one and every move's reason."""
    rec = Recommendation(id=1, header={"title": "Moved", "due": D(2026, 1, 31)}, events=(
        StatusChange(date=D(2025, 1, 1), by="A", status="awaiting-review"),
        FieldChange(date=D(2025, 6, 1), by="B", field="due", value=D(2026, 3, 31), reason="ROCU slipped"),
        FieldChange(date=D(2025, 9, 1), by="C", field="due", value=D(2026, 6, 30), reason="Budget"),
    ))  # fmt: skip
    text = " ".join(parse(build([rec])["recs/1.html"]).all_text.split())
    assert "Due30th June 2026 overdue" in text
    assert "Originally due 31st January 2026; moved 2 times" in text
    assert "31st January 2026 → 31st March 2026 by B. Reason: ROCU slipped" in text
    assert "31st March 2026 → 30th June 2026 by C. Reason: Budget" in text


def test_overdue_is_said_in_words_not_only_colour() -> None:
    """An overdue recommendation says 'overdue' beside its due date in the index and its page."""
    rec = Recommendation(id=1, header={"title": "Late", "due": D(2026, 6, 30)},
                         events=(StatusChange(date=D(2025, 1, 1), by="A", status="awaiting-review"),))  # fmt: skip
    files = build([rec])
    row = files["index.html"].decode().split("<tbody>")[2]
    assert '2026-06-30</time> <strong class="overdue">overdue</strong>' in row
    assert '<strong class="overdue">overdue</strong>' in files["recs/1.html"].decode()


def test_data_json_is_exactly_the_json_export() -> None:
    """data.json is byte for byte what export_json gives for the recommendations in ID order."""
    recs = synthetic(5)
    files = build(list(reversed(recs)))
    assert files["data.json"] == export_json(recs).encode("utf-8")


def test_two_builds_from_the_same_inputs_are_byte_identical() -> None:
    """Rebuilding (even from a shuffled list of fresh objects) gives the very same bytes."""
    first = build(synthetic(40, workflow=AUDIT_WORKFLOW), workflow=AUDIT_WORKFLOW)
    shuffled = synthetic(40, workflow=AUDIT_WORKFLOW)
    random.Random(7).shuffle(shuffled)
    second = build(shuffled, workflow=AUDIT_WORKFLOW)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_footer_names_the_commit_its_date_and_the_checkpoint_when_given() -> None:
    """Every page's footer traces it to the commit (and checkpoint) it was built from."""
    source = dataclasses.replace(
        SOURCE, checkpoint=Checkpoint(name="committee-2026-11", commit="c" * 40)
    )
    for path, page in html_pages(build(synthetic(2), source=source)).items():
        footer = " ".join(page.all_text.split()).rsplit("Built from commit", 1)[1]
        assert footer.startswith(f" {SOURCE.commit} of 2026-11-24 16:05 UTC"), path
        assert f"checkpoint committee-2026-11 ({'c' * 40})" in footer, path
    plain = parse(build(synthetic(1))["index.html"]).all_text
    assert "checkpoint" not in plain and SOURCE.commit in plain


def test_progress_is_called_once_per_page_up_to_the_total() -> None:
    """The callback sees (1, n), (2, n) ... (n, n), n counting every rendered page."""
    calls: list[tuple[int, int]] = []
    files = build(synthetic(6), progress=lambda done, total: calls.append((done, total)))
    pages = [path for path in files if path.endswith((".html", ".xml"))]
    assert calls == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_duplicate_ids_are_refused() -> None:
    """Two recommendations with one ID cannot both have recs/<id>.html: the build says so."""
    with pytest.raises(ValueError, match="recommendation 2 appears twice"):
        build([*synthetic(2), synthetic(2)[1]])


def test_stored_evidence_is_published_and_linked_external_evidence_is_not() -> None:
    """A stored file the builder is given goes to evidence/<sha256>, linked with its name,
    size and hash; evidence with only a URL shows the URL as text, never as a link."""
    content = b"call audit, October\n"
    sha = hashlib.sha256(content).hexdigest()
    rec = Recommendation(id=1, header={"title": "E"}, events=(
        EvidenceAdded(date=D(2025, 1, 1), by="A", name="call-audit.txt", sha256=sha, size=len(content)),
        EvidenceAdded(date=D(2025, 1, 2), by="A", name="remote.pdf", sha256="b" * 64, url="https://example.org/r.pdf"),
    ))  # fmt: skip
    files = build([rec], evidence={sha: content, "d" * 64: b"not cited"})
    assert files[f"evidence/{sha}"] == content
    assert not any(path.startswith("evidence/d") for path in files), "uncited files stay out"
    page = files["recs/1.html"].decode()
    assert f'<a class="evidence" href="../evidence/{sha}" download="call-audit.txt">' in page
    assert "20 bytes" in page and sha in page and "b" * 64 in page
    assert 'href="https://' not in page and "https://example.org/r.pdf" in page


def test_evidence_whose_bytes_do_not_match_its_hash_is_refused() -> None:
    """The builder will not publish a file under a SHA-256 it does not have."""
    rec = Recommendation(id=1, header={"title": "E"}, events=(
        EvidenceAdded(date=D(2025, 1, 1), by="A", name="x.txt", sha256="a" * 64, size=3),))  # fmt: skip
    with pytest.raises(ValueError, match="does not hold the file"):
        build([rec], evidence={"a" * 64: b"abc"})


def test_report_pages_list_their_recommendations_and_no_report_gets_its_own() -> None:
    """Each report page lists exactly its recommendations; those with none share a page."""
    recs = [
        Recommendation(id=n, header={"title": f"T{n}", "report": report},
                       events=(StatusChange(date=D(2025, 1, n), by="A", status="complete"),))
        for n, report in ((1, "PEEL 2025"), (2, None), (3, "PEEL 2025"), (4, ""))
    ]  # fmt: skip
    files = build(recs)
    peel = files["reports/peel-2025.html"].decode()
    none = files["reports/no-report.html"].decode()
    assert ["recs/1.html" in peel, "recs/3.html" in peel, "recs/2.html" in peel] == [
        True,
        True,
        False,
    ]
    assert "recs/2.html" in none and "recs/4.html" in none and "recs/1.html" not in none
    assert "<h1>(no report)</h1>" in none


def test_json_export_of_hostile_text_is_still_valid_json() -> None:
    """data.json parses whatever the text holds."""
    rec = Recommendation(id=1, header={"title": '"}]</script>\u2028'}, events=(
        Comment(date=D(2025, 1, 1), by="A", text="\x00\x1b[31m\"\\"),))  # fmt: skip
    data = json.loads(build([rec])["data.json"])
    assert data["recommendations"][0]["events"][0]["text"] == '\x00\x1b[31m"\\'
