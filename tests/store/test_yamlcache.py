"""rectrack.yaml's kept parse: used only for the exact bytes it came from, never in the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rectrack.errors import LedgerFormatError
from rectrack.store import yamlcache


def test_cached_parse_is_used_only_for_the_same_bytes(tmp_path: Path) -> None:
    """A kept parse answers for the exact bytes it came from; changed bytes are parsed again."""
    cache = tmp_path / "rectrack" / "config.cache"
    first = yamlcache.load_yaml_cached(b"a: 1\n", path="c.yaml", cache=cache)
    assert first == {"a": 1} and cache.is_file()
    assert yamlcache.load_yaml_cached(b"a: 1\n", path="c.yaml", cache=cache) == {"a": 1}
    assert yamlcache.load_yaml_cached(b"a: 2\n", path="c.yaml", cache=cache) == {"a": 2}


def test_a_broken_or_unwritable_cache_is_not_used(tmp_path: Path) -> None:
    """Garbage in the cache file, or a cache that cannot be written, only costs a parse."""
    cache = tmp_path / "config.cache"
    cache.write_bytes(b"\x00garbage")
    assert yamlcache.load_yaml_cached(b"a: [1, 2]\n", path="c", cache=cache) == {"a": [1, 2]}
    blocked = tmp_path / "file" / "config.cache"
    (tmp_path / "file").write_bytes(b"")  # a file where the cache's folder would be
    assert yamlcache.load_yaml_cached(b"d: 2018-03-27\n", path="c", cache=blocked) == {
        "d": dt.date(2018, 3, 27)
    }


def test_a_cached_parse_still_refuses_bad_yaml(tmp_path: Path) -> None:
    """Bytes that do not parse are a format error, cached or not."""
    with pytest.raises(LedgerFormatError):
        yamlcache.load_yaml_cached(b"a: [\n", path="c", cache=tmp_path / "c.cache")
