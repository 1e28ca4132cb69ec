"""Fixtures: an isolated HOME and git config for every test, and ledgers in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import AUTHOR_A, git, rec

#: The headless-Chromium fixtures (`browser`, `tab`) for every test that looks at a page.
pytest_plugins = ["tests.exporters.site.browser"]


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own HOME and global git config, with AUTHOR_A as the identity."""
    home = tmp_path / "home"
    home.mkdir()
    config = home / ".gitconfig"
    config.write_text(
        f"[user]\n\tname = {AUTHOR_A[0]}\n\temail = {AUTHOR_A[1]}\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    for name in (
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
        "EMAIL", "REC_LEDGER", "VISUAL", "EDITOR", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return home


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """An empty ledger: a fresh git repository with rectrack.yaml committed."""
    root = tmp_path / "ledger"
    result = rec(root, "init", str(root))
    assert result.exit_code == 0, result.output
    assert git(root, "log", "--format=%s").splitlines() == ["rec: init ledger"]
    return root


@pytest.fixture
def ledger_with_rec(ledger: Path) -> Path:
    """A ledger holding recommendation 1, due 2017-09-30, owned by DCI Smith."""
    result = rec(ledger, "new", "--title", "Map organised crime groups", "--owner", "DCI Smith",
                 "--due", "2017-09-30", "--date", "2017-03-03", "--report", "PEEL 2016", "--number", "5")  # fmt: skip
    assert result.exit_code == 0, result.output
    return ledger
