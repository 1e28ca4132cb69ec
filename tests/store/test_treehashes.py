"""store/treehashes.py: a file's kept hash is trusted only while its stat data prove it
unchanged, and only once it is past the racy window of the save."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rectrack.store.treehashes import RACY_NS, TreeHashes, cache_path


def kept(tmp_path: Path, names: list[str]) -> Path:
    """Files hashed and saved, then aged past the racy window; the cache file."""
    folder = tmp_path / "recs"
    folder.mkdir()
    (tmp_path / "git").mkdir()
    cache = cache_path(tmp_path / "git", folder)
    hashes = TreeHashes(cache)
    for name in names:
        (folder / name).write_bytes(b"events: []\n")
        hashes.remember(name, os.lstat(folder / name), f"hash of {name}")
    time.sleep(RACY_NS / 1e9 + 0.1)
    hashes.save()
    return cache


def test_an_unchanged_file_is_known_and_a_rewritten_one_is_not(tmp_path: Path) -> None:
    """After the save, an untouched file's hash is trusted; one rewritten with the same
    size and modification time is not (its ctime moved), nor one replaced by a rename."""
    cache = kept(tmp_path, ["1.yaml", "2.yaml", "3.yaml"])
    folder = tmp_path / "recs"
    hashes = TreeHashes(cache)
    assert hashes.known("1.yaml", os.lstat(folder / "1.yaml")) == "hash of 1.yaml"
    info = os.lstat(folder / "2.yaml")
    (folder / "2.yaml").write_bytes(b"events: [x]\n")
    os.utime(folder / "2.yaml", ns=(info.st_atime_ns, info.st_mtime_ns))
    assert hashes.known("2.yaml", os.lstat(folder / "2.yaml")) is None
    (folder / "new").write_bytes(b"events: []\n")
    os.replace(folder / "new", folder / "3.yaml")
    assert hashes.known("3.yaml", os.lstat(folder / "3.yaml")) is None


def test_a_file_saved_within_the_racy_window_is_hashed_again(tmp_path: Path) -> None:
    """A file changed less than RACY_NS before the save is not trusted by the next run."""
    folder = tmp_path / "recs"
    folder.mkdir()
    (tmp_path / "git").mkdir()
    (folder / "1.yaml").write_bytes(b"events: []\n")
    cache = cache_path(tmp_path / "git", folder)
    hashes = TreeHashes(cache)
    hashes.remember("1.yaml", os.lstat(folder / "1.yaml"), "h")
    hashes.save()
    assert TreeHashes(cache).known("1.yaml", os.lstat(folder / "1.yaml")) is None


def test_a_damaged_or_unused_cache_knows_nothing(tmp_path: Path) -> None:
    """A cache file that is not ours, or `use=False` (`rec verify --full`), trusts nothing;
    a cache that cannot be written is done without."""
    cache = kept(tmp_path, ["1.yaml"])
    info = os.lstat(tmp_path / "recs/1.yaml")
    assert TreeHashes(cache, use=False).known("1.yaml", info) is None
    cache.write_bytes(cache.read_bytes()[:-3])
    assert TreeHashes(cache).known("1.yaml", info) is None
    blocked = TreeHashes(tmp_path / "recs/1.yaml/cache")
    blocked.remember("1.yaml", info, "h")
    blocked.save()  # a file where a folder must be: silently not kept
    assert (tmp_path / "recs/1.yaml").read_bytes() == b"events: []\n"
