"""The repository's own demo ledger: recommendation 5 is the seed tracker page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.helpers import rec

REPO = Path(__file__).resolve().parent.parent


def test_recommendation_5_has_the_seed_timeline() -> None:
    """All ten events of the seed page, in page order, ending complete."""
    result = rec(REPO, "show", "5", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    events = data["events"]
    assert len(events) == 10
    assert data["status"] == "complete"
    assert [e["date"] for e in events].count("2018-03-27") == 3
    assert [e["date"] for e in events].count("2019-05-02") == 3
    assert [e.get("status") for e in events if e["kind"] == "status"] == [
        "awaiting-review", "being-progressed", "complete",
    ]  # fmt: skip
    assert events[0]["date"] == "2017-03-03"
    assert events[2]["text"].startswith(
        'Further update from force (Jo Densford) – "The responsibility'
    )
    assert events[-1]["text"] == "Authorised for closure on the bases if recent insight activity."


def test_demo_list_has_several_states() -> None:
    """The demo ledger has recommendations in more than one status."""
    items = json.loads(rec(REPO, "list", "--json").stdout)
    assert len(items) >= 3
    assert len({item["status"] for item in items}) >= 2


def test_a_fresh_clone_of_the_repository_verifies(tmp_path: Path) -> None:
    """`rec verify` passes on a fresh clone: the one old hand edit of recs/5.yaml is
    accepted in .rectrack/accepted (with why and by whom), never rewritten away. A clone
    of a shallow checkout (some CI) is refused as a whole, naming the fix."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    result = rec(clone, "verify")
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=clone,
                             capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    if shallow == "true":
        assert result.exit_code == 1 and "git fetch --unshallow" in result.stderr
        return
    assert result.exit_code == 0, result.output
    assert "accepted: recommendation 5, commit d1087a6e" in result.stdout
