"""docs/site.md and its GitHub Pages workflow stay true: pinned actions, least permissions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rectrack.store.yamldoc import load_yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / "docs" / "examples" / "site.yml"
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml(WORKFLOW.read_bytes(), path=WORKFLOW)
    return loaded


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def test_the_pages_workflow_parses_and_runs_on_every_push_to_main() -> None:
    """It is valid YAML, triggered by pushes to main, building with `rec site`."""
    flow = workflow()
    assert flow["on"]["push"]["branches"] == ["main"]
    runs = [step["run"] for step in steps("build") if "run" in step]
    assert any(run.startswith("python -m pip install ") for run in runs)
    assert any(run.startswith("rec site --output _site") for run in runs)
    assert flow["jobs"]["deploy"]["needs"] == "build"


def test_every_action_is_pinned_to_a_full_commit_with_its_version() -> None:
    """Each `uses:` names a 40-hex commit, and the line says which release it is."""
    uses = [step["uses"] for job in ("build", "deploy") for step in steps(job) if "uses" in step]
    assert {use.split("@")[0] for use in uses} == {
        "actions/checkout", "actions/setup-python", "actions/configure-pages",
        "actions/upload-pages-artifact", "actions/deploy-pages",
    }  # fmt: skip
    assert all(PINNED.fullmatch(use) for use in uses), uses
    lines = [line for line in WORKFLOW.read_text().splitlines() if "uses:" in line]
    assert len(lines) == len(uses)
    assert all(re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line) for line in lines), lines


def test_permissions_are_the_least_each_job_needs() -> None:
    """Read-only at the top; only the deploy job may write Pages and mint an OIDC token."""
    flow = workflow()
    assert flow["permissions"] == {"contents": "read"}
    assert "permissions" not in flow["jobs"]["build"]
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_checkout_has_the_whole_history_and_keeps_no_credentials() -> None:
    """fetch-depth 0 (the feed and --as-recorded read history); no token left in .git."""
    checkout = next(step for step in steps("build") if step.get("uses", "").startswith(
        "actions/checkout@"))  # fmt: skip
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


def test_site_docs_name_the_workflow_and_the_readme_links_them() -> None:
    """docs/site.md points at the workflow; the README tour points at docs/site.md and its
    screenshot, which is kept small."""
    assert "(examples/site.yml)" in (REPO / "docs" / "site.md").read_text()
    readme = (REPO / "README.md").read_text()
    assert "(docs/site.md)" in readme
    shot = re.search(r"!\[[^\]]+\]\((docs/[\w.-]+\.png)\)", readme)
    assert shot, "the README tour shows the site with a screenshot kept in docs/"
    image = REPO / shot.group(1)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size < 200_000
