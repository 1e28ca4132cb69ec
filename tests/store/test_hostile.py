"""Hand-edited or hostile recommendation files are refused quickly with a clear error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rectrack.errors import LedgerFormatError
from rectrack.store import files
from tests.helpers import rec, snapshot

ALIAS_BOMB = b"""title: lol
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
events: [*h]
"""


def write_rec(ledger: Path, data: bytes) -> Path:
    path = ledger / "recs" / "1.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def test_alias_bomb_is_refused_quickly(ledger: Path) -> None:
    """A billion-laughs file is refused in well under a second, with a one-line error."""
    write_rec(ledger, ALIAS_BOMB)
    before = snapshot(ledger)
    started = time.monotonic()
    result = rec(ledger, "show", "1")
    assert time.monotonic() - started < 1.0
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "1.yaml: YAML anchors and aliases (& and *) are not allowed here\n"
    )
    assert snapshot(ledger) == before


def test_python_tags_construct_nothing(ledger: Path) -> None:
    """A `!!python/object` tag is an error, never an object."""
    write_rec(ledger, b"title: !!python/object/apply:os.system ['touch pwned']\nevents: []\n")
    result = rec(ledger, "show", "1")
    assert result.exit_code == 1
    assert "not valid YAML" in result.stderr
    assert not (ledger / "pwned").exists()


def test_huge_file_is_refused_before_reading(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the size limit is refused from its size alone."""
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    write_rec(ledger, b"title: big\nevents: []\n" + b"#" * 2000 + b"\n")
    result = rec(ledger, "show", "1")
    assert result.exit_code == 1
    assert "file is over 1000 bytes" in result.stderr


def test_symlink_outside_the_ledger_is_refused(ledger: Path, tmp_path: Path) -> None:
    """recs/1.yaml linking outside the ledger is not followed."""
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(b"title: secret\nevents: []\n")
    (ledger / "recs").mkdir(exist_ok=True)
    (ledger / "recs" / "1.yaml").symlink_to(outside)
    result = rec(ledger, "show", "1")
    assert result.exit_code == 1
    assert f"is a symlink to {outside}, outside the ledger: refused" in result.stderr
    with pytest.raises(LedgerFormatError):
        files.read_bytes(ledger / "recs" / "1.yaml")


def test_symlink_inside_the_ledger_is_read(ledger_with_rec: Path) -> None:
    """A link to another file of the same ledger is allowed."""
    (ledger_with_rec / "recs" / "2.yaml").symlink_to(ledger_with_rec / "recs" / "1.yaml")
    result = rec(ledger_with_rec, "show", "2")
    assert result.exit_code == 0, result.output


def test_anchors_are_refused_in_recommendations_only(ledger: Path) -> None:
    """Anchors in rectrack.yaml still work; in a recommendation file they are refused."""
    config = ledger / "rectrack.yaml"
    config.write_text("workflow:\n  statuses: &s [open, done]\n  initial: open\n  final: [done]\n")
    write_rec(ledger, b"title: &t x\nevents: []\n")
    assert "anchors and aliases" in rec(ledger, "show", "1").stderr
    write_rec(ledger, b"title: x\nevents: []\n")
    assert rec(ledger, "show", "1").exit_code == 0


@pytest.mark.parametrize("depth", [33, 500])
def test_deep_nesting_is_refused_on_read(ledger: Path, depth: int) -> None:
    """A header value nested past 32 levels is a one-line error, never a crash (--json too;
    YAML deeper than the parser takes is tests/store/test_yamldoc.py's); `rec list` leaves
    the file out with a one-line warning, and fails on it only with --strict."""
    nested = "[" * depth + "]" * depth
    write_rec(ledger, f"title: deep\nextra: {nested}\nevents: []\n".encode())
    for args, code in ((["show", "1"], 1), (["show", "1", "--json"], 1), (["list"], 0),
                       (["list", "--strict"], 1)):  # fmt: skip
        result = rec(ledger, *args)
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == (1 if args[0] == "show" else len(args))
        assert "nested" in result.stderr.splitlines()[0]


def test_nesting_within_the_bound_is_read(ledger: Path) -> None:
    """A header value nested 32 levels deep is kept and shown as it is."""
    nested = "[" * 32 + "x" + "]" * 32
    write_rec(ledger, f"title: deep\nextra: {nested}\nevents: []\n".encode())
    result = rec(ledger, "show", "1", "--json")
    assert result.exit_code == 0, result.output
    assert '"x"' in result.stdout
