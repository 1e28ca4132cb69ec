"""The browser tests' guard: skip without Chromium on a laptop, fail without it under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exporters.site import browser


def test_missing_chromium_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No /usr/bin/chromium and no CI: the browser tests skip, saying why."""
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="missing"):
        browser.require_chromium()


def test_missing_chromium_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Under CI a missing browser is a failure, never a quiet skip."""
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        browser.require_chromium()
