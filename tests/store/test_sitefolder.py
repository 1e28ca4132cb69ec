"""The site folder: checked before anything is written, replaced whole, never half-written."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rectrack.app.ledger import find_ledger
from rectrack.errors import OutputRefused
from rectrack.store import sitefolder
from rectrack.store.paths import Ledger
from rectrack.store.sitefolder import MARKER, check_site_folder, foreign_files, write_site

FIRST = {"index.html": b"<p>first</p>", "recs/1.html": b"one", "recs/2.html": b"two"}
SECOND = {"index.html": b"<p>second</p>", "recs/1.html": b"one again", "feed.xml": b"<feed/>"}


def quiet(_done: int, _total: int) -> None:
    pass


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path (the marker included)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def beside(folder: Path) -> list[str]:
    """The names in the folder's parent: a write must leave nothing there but the folder."""
    return sorted(path.name for path in folder.parent.iterdir())


@pytest.fixture
def found(ledger: Path) -> Ledger:
    return find_ledger(start=ledger)


@pytest.fixture
def target(found: Ledger, tmp_path: Path) -> Path:
    """A previous site (FIRST) in <tmp>/out/public."""
    (tmp_path / "out").mkdir()
    folder = check_site_folder(found, tmp_path / "out" / "public", force=False)
    write_site(folder, FIRST, progress=quiet)
    return folder


def test_a_new_site_is_written_with_the_list_of_its_files(target: Path) -> None:
    """Every file, plus .rectrack-site naming them; an ordinary folder mode; nothing beside."""
    written = files_in(target)
    assert {name: data for name, data in written.items() if name != MARKER} == FIRST
    listed = [line for line in written[MARKER].decode().splitlines() if not line.startswith("#")]
    assert listed == list(FIRST)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask
    assert beside(target) == ["public"]


def test_a_previous_site_is_replaced_whole_without_force(found: Ledger, target: Path) -> None:
    """A folder holding only what the last build wrote is replaced: stale pages go too."""
    assert foreign_files(target) == []
    write_site(check_site_folder(found, target, force=False), SECOND, progress=quiet)
    assert {name: data for name, data in files_in(target).items() if name != MARKER} == SECOND
    assert beside(target) == ["public"]


def test_files_rec_site_did_not_write_are_refused_unless_forced(
    found: Ledger, target: Path
) -> None:
    """An extra file, folder or symlink makes the folder the user's: refused, untouched,
    until --force."""
    (target / "CNAME").write_text("tracker.example.org\n")
    (target / "drafts").mkdir()
    (target / "recs" / "link.html").symlink_to(target / "index.html")
    before = files_in(target)
    assert foreign_files(target) == ["CNAME", "drafts/", "recs/link.html"]
    with pytest.raises(OutputRefused) as refused:
        check_site_folder(found, target, force=False)
    assert str(refused.value) == (
        f"cannot write {target}: it holds 3 file(s) `rec site` did not write (CNAME); "
        "add --force to replace the folder"
    )
    assert files_in(target) == before
    write_site(check_site_folder(found, target, force=True), SECOND, progress=quiet)
    assert not (target / "CNAME").exists()


def test_an_empty_folder_is_used_and_a_marker_alone_claims_nothing(
    found: Ledger, tmp_path: Path
) -> None:
    """An empty folder takes a site; a folder whose list omits a file still refuses it."""
    (tmp_path / "empty").mkdir()
    assert check_site_folder(found, tmp_path / "empty", force=False) == tmp_path / "empty"
    (tmp_path / "claimed").mkdir()
    (tmp_path / "claimed" / MARKER).write_text("index.html\n")
    (tmp_path / "claimed" / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(OutputRefused, match=r"thesis\.docx"):
        check_site_folder(found, tmp_path / "claimed", force=False)


def test_folders_holding_the_ledger_or_the_user_are_never_replaced(
    found: Ledger, ledger: Path, tmp_path: Path
) -> None:
    """The ledger, anything above it, the current folder and home: refused even with --force;
    so is a path inside the ledger's record, a file, or a folder with no parent."""
    for path in (ledger, tmp_path, Path.cwd(), Path.home(), Path("/")):
        with pytest.raises(OutputRefused, match="replacing it would remove"):
            check_site_folder(found, path, force=True)
    with pytest.raises(OutputRefused, match="inside the ledger's own recs"):
        check_site_folder(found, ledger / "recs" / "site", force=True)
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputRefused, match="it is a file; name a folder"):
        check_site_folder(found, tmp_path / "notes.txt", force=True)
    with pytest.raises(OutputRefused, match="there is no folder"):
        check_site_folder(found, tmp_path / "missing" / "site", force=True)


def test_a_failure_while_writing_leaves_the_previous_site(target: Path) -> None:
    """An error at the second file (a full disk, say) or an interrupt: the old site stays
    byte for byte, and no staging folder is left beside it."""
    before = files_in(target)

    def fail_at_second(done: int, _total: int) -> None:
        if done == 2:
            raise OSError(28, "No space left on device")

    with pytest.raises(OutputRefused, match="No space left on device"):
        write_site(target, SECOND, progress=fail_at_second)
    assert files_in(target) == before and beside(target) == ["public"]

    def interrupt(_done: int, _total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(target, SECOND, progress=interrupt)
    assert files_in(target) == before and beside(target) == ["public"]


def _killed_writer(folder: Path) -> None:
    def kill_at_second(done: int, _total: int) -> None:
        if done == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    write_site(folder, SECOND, progress=kill_at_second)


def test_a_killed_build_leaves_the_previous_site_and_the_next_clears_up(target: Path) -> None:
    """A process killed mid-write leaves the old site whole (and a marked staging folder,
    which the next build removes)."""
    before = files_in(target)
    child = multiprocessing.get_context("fork").Process(target=_killed_writer, args=(target,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    assert files_in(target) == before
    assert len(beside(target)) == 2 and beside(target)[0].startswith(".public.new-")
    (target.parent / ".public.new-mine").mkdir()  # not marked: not ours, never removed
    write_site(target, SECOND, progress=quiet)
    assert beside(target) == [".public.new-mine", "public"]


def test_without_an_atomic_exchange_two_renames_do_the_same(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2 is not offered, the old site moves aside and the new one in."""
    monkeypatch.setattr(sitefolder, "_exchange", lambda _first, _second: False)
    write_site(target, SECOND, progress=quiet)
    assert {name: data for name, data in files_in(target).items() if name != MARKER} == SECOND
    assert beside(target) == ["public"]


@contextmanager
def small_disk(folder: Path, *, size: str, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `folder` (root only; the test skips elsewhere)."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_leaves_the_previous_site(found: Ledger, tmp_path: Path) -> None:
    """On a disk too small for the new site: one-line refusal, the old site untouched."""
    with small_disk(tmp_path / "disk", size="256k") as disk:
        folder = check_site_folder(found, disk / "site", force=False)
        write_site(folder, FIRST, progress=quiet)
        before = files_in(folder)
        with pytest.raises(OutputRefused, match="No space left on device"):
            write_site(folder, {**SECOND, "evidence/big": b"x" * 1024 * 1024}, progress=quiet)
        assert files_in(folder) == before and beside(folder) == ["site"]


def test_a_folder_that_cannot_be_written_is_refused(found: Ledger, tmp_path: Path) -> None:
    """A read-only place (a read-only mount: root may write anywhere else) is refused first."""
    with small_disk(tmp_path / "readonly", size="64k", read_only=True) as disk:
        with pytest.raises(OutputRefused, match="it is not writable"):
            check_site_folder(found, disk / "site", force=False)
        with pytest.raises(OutputRefused, match="it is not writable"):
            check_site_folder(found, disk, force=True)


@pytest.mark.parametrize(
    "name", ["../escape.html", "/etc/passwd", "recs/../../x", "./a", "a//b", ""]
)
def test_only_plain_relative_paths_are_written(target: Path, name: str) -> None:
    """A path that could leave the site folder is refused before anything is written."""
    before = files_in(target)
    with pytest.raises(ValueError, match="not a plain relative path"):
        write_site(target, {**SECOND, name: b"x"}, progress=quiet)
    assert files_in(target) == before and beside(target) == ["public"]
