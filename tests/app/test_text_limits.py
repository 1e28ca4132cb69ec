"""Text a write may store: at most `limits.text_bytes` (1 MB by default), no NUL byte.

A 15 MB comment used to be accepted (and `rec show` then took minutes); a 50 MB one was
refused after 43 s with a misleading message; a NUL byte on stdin gave a traceback.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.helpers import git, rec, snapshot

MB = 1024 * 1024


def test_a_huge_comment_is_refused_at_once(ledger_with_rec: Path) -> None:
    """15 MB from stdin: one clear line within a second or two, nothing written."""
    before = snapshot(ledger_with_rec)
    started = time.monotonic()
    result = rec(ledger_with_rec, "comment", "1", "-", input="x" * (15 * MB))
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: invalid comment: it is 15.0 MB (15728640 bytes), over the ledger's "
        "limit of 1.0 MB (1048576 bytes) (`limits: text_bytes` in rectrack.yaml)\n"
    )
    assert snapshot(ledger_with_rec) == before


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["new", "--title", "{text}"], "title"),
        (["new", "--title", "T", "--owner", "{text}"], "owner"),
        (["set", "1", "owner", "{text}"], "owner"),
        (["status", "1", "being-progressed", "--comment", "{text}"], "comment"),
        (["comment", "1", "ok", "--by", "{text}"], "by"),
    ],
)
def test_every_text_value_has_the_limit(ledger_with_rec: Path, args: list[str], what: str) -> None:
    """Titles, header fields, set values, status comments and `by` are all bounded."""
    big = "y" * (MB + 1)
    before = snapshot(ledger_with_rec)
    result = rec(ledger_with_rec, *[arg.format(text=big) for arg in args])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"rec: error: invalid {what}: it is 1.0 MB (1048577 bytes)")
    assert snapshot(ledger_with_rec) == before


def test_the_limit_is_set_in_rectrack_yaml(ledger_with_rec: Path) -> None:
    """`limits: {text_bytes: N}` lowers (or raises) the limit for this ledger."""
    config = ledger_with_rec / "rectrack.yaml"
    config.write_text(config.read_text() + "limits:\n  text_bytes: 2000\n")
    git(ledger_with_rec, "commit", "-qam", "smaller texts")
    refused = rec(ledger_with_rec, "comment", "1", "z" * 2001)
    assert refused.exit_code == 1 and "over the ledger's limit of 2000 bytes" in refused.stderr
    assert rec(ledger_with_rec, "comment", "1", "é" * 1000).exit_code == 0  # 2000 bytes of UTF-8
    config.write_text(config.read_text().replace("2000", str(3 * MB)))
    git(ledger_with_rec, "commit", "-qam", "bigger texts")
    assert rec(ledger_with_rec, "comment", "1", "z" * (2 * MB)).exit_code == 0


@pytest.mark.parametrize("value", ["-1", "100", "lots", "true", "{other: 1}"])
def test_a_bad_limit_is_a_config_error(ledger_with_rec: Path, value: str) -> None:
    """A limit that is not a whole number of at least 1024 bytes is named as a config error."""
    config = ledger_with_rec / "rectrack.yaml"
    limits = "limits:\n  text_bytes: " + value if value[0] != "{" else "limits: " + value
    config.write_text(config.read_text() + limits + "\n")
    result = rec(ledger_with_rec, "comment", "1", "x" * 2000)
    assert result.exit_code == 1 and "rectrack.yaml: `limits" in result.stderr


@pytest.mark.parametrize("how", ["argument", "stdin"])
def test_a_nul_byte_is_refused_with_a_clear_error(ledger_with_rec: Path, how: str) -> None:
    """A NUL byte in a comment is one line and nothing written, never a traceback: from
    stdin a refused value (exit 1); in an argument (no shell can pass one) a usage error."""
    before = snapshot(ledger_with_rec)
    text = "before\x00after"
    if how == "stdin":
        result = rec(ledger_with_rec, "comment", "1", "-", input=text)
        assert (result.exit_code, result.stderr) == (1, (
            "rec: error: invalid comment: it contains a NUL byte (\\x00), which rectrack does "
            "not store\n"
        ))  # fmt: skip
    else:
        result = rec(ledger_with_rec, "comment", "1", text)
        assert (result.exit_code, result.stderr) == (
            2,
            "rec: error: an argument holds a NUL character, which none takes\n",
        )
    assert snapshot(ledger_with_rec) == before
