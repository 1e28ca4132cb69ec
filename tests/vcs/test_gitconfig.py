"""git's configuration read as git reads it: every file, include and `-c`, one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from rectrack.vcs.gitconfig import read_config
from tests.helpers import git


def test_values_as_git_lists_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys lower-cased but for subsections, repeated keys in order, a key without `=`
    (true), an empty value (false), includes and `GIT_CONFIG_*` in the environment."""
    git(tmp_path, "init", "-q", "repo")
    repo = tmp_path / "repo"
    (tmp_path / "extra.cfg").write_text("[commit]\n\tgpgSign = yes\n")
    with (repo / ".git" / "config").open("a") as stream:
        stream.write('[Section "Sub"]\n\tKey = one\n\tKey = two\n[flags]\n\ton\n\toff =\n')
        stream.write(f"[include]\n\tpath = {tmp_path / 'extra.cfg'}\n")
        stream.write("[numbers]\n\tsmall = 3\n\tbig = 2k\n\tbad = lots\n")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.hooksPath")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "elsewhere")
    config = read_config(repo)
    assert config is not None
    assert config.values["section.Sub.key"] == ("one", "two")
    assert config.last("section.Sub.key") == "two"
    assert config.boolean("flags.on", default=False) is True
    assert config.boolean("flags.off", default=True) is False
    assert config.boolean("flags.missing", default=True) is True
    assert config.boolean("commit.gpgsign", default=False) is True
    assert config.boolean("numbers.bad", default=False) is None
    assert config.integer("numbers.small", default=0) == 3
    assert config.integer("numbers.big", default=0) == 2048
    assert config.integer("numbers.bad", default=0) is None
    assert config.integer("numbers.missing", default=7) == 7
    assert config.last("core.hookspath") == "elsewhere"
    assert config.keys_under("numbers") == ["numbers.small", "numbers.big", "numbers.bad"]


def test_a_config_git_cannot_read_gives_none(tmp_path: Path) -> None:
    """A broken config file: no snapshot, so nothing is decided from half of it."""
    git(tmp_path, "init", "-q", "repo")
    with (tmp_path / "repo" / ".git" / "config").open("a") as stream:
        stream.write("[broken\n")
    assert read_config(tmp_path / "repo") is None
