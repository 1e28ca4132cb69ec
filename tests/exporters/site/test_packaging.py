"""How the site package ships: templates inside a real wheel, Jinja2 only where it is used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import new_rec

REPO = Path(__file__).resolve().parents[3]
TEMPLATES = {"base.html", "_macros.html", "index.html", "rec.html", "report.html",
             "changes.html", "feed.xml", "site.css"}  # fmt: skip
# Run `rec` as the console script does, then say whether Jinja2 was ever imported.
PROBE = """
import sys
from rectrack.cli.fast import main
sys.argv = ["rec", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
print("jinja2 loaded" if "jinja2" in sys.modules else "jinja2 not loaded")
"""


def test_a_regular_install_ships_the_templates_and_builds_a_site(tmp_path: Path) -> None:
    """A wheel built from a clean copy holds every template and site.js, and the installed
    (not editable) package renders a site from them."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, tree / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(REPO / "src", tree / "src", ignore=ignore)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    run(
        [
            *pip,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp_path / "dist"),
            str(tree),
        ]
    )
    (wheel,) = (tmp_path / "dist").glob("rectrack-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = "rectrack/exporters/site"
    shipped = {f"{package}/templates/{name}" for name in TEMPLATES}
    shipped |= {f"{package}/static/{name}" for name in ("site.js", "favicon.svg")}
    assert shipped <= names
    target = tmp_path / "installed"
    run([*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)])
    script = (
        "import datetime as dt, rectrack\n"
        "from rectrack.domain.workflow import DEFAULT_WORKFLOW\n"
        "from rectrack.exporters.site import SiteSource, build_site\n"
        "source = SiteSource(commit='a' * 40, committed=dt.datetime(2026, 1, 1), ledger_root='b' * 40)\n"
        "files = build_site(recs=[], workflow=DEFAULT_WORKFLOW, today=dt.date(2026, 1, 1), title='T', source=source)\n"
        "print(rectrack.__file__, len(files['index.html']) > 1000, sorted(files))\n"
    )  # fmt: skip
    out = run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(target)})
    assert out.startswith(str(target / "rectrack" / "__init__.py")), out
    assert "True" in out and "'site.js'" in out and "'feed.xml'" in out


@pytest.mark.parametrize(
    "args",
    [["comment", "1", "Checked"], ["list"], ["list", "--json"], ["show", "1"],
     ["export", "--format", "html"], ["stats"]],
    ids=lambda args: " ".join(args),
)  # fmt: skip
def test_other_commands_never_import_jinja2(ledger: Path, args: list[str]) -> None:
    """`rec list`, `rec comment` and the rest run without loading Jinja2: only `rec site` may."""
    new_rec(ledger, "--title", "One")
    out = run([sys.executable, "-c", PROBE, "--ledger", str(ledger), *args], cwd=ledger)
    assert out.rstrip().endswith("jinja2 not loaded"), out
    probe = run(
        [
            sys.executable,
            "-c",
            "import sys, rectrack.exporters.site; print('jinja2' in sys.modules)",
        ]
    )
    assert probe.strip() == "True", "the probe can see Jinja2 when it is imported"


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout
