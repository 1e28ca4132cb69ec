"""rectrack.yaml's parse, kept between commands: nearly every command reads the file and
it rarely changes, while parsing it imports ruamel.yaml (~10 ms, as much again the first
time it parses).
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from rectrack import __version__
from rectrack.store.files import write_atomic
from rectrack.store.yamldoc import load_yaml

#: Marks a cached parse (`load_yaml_cached`): which rectrack parsed it, in which format.
_CACHE_TAG = f"rectrack-yamlcache-1-{__version__}"


def load_yaml_cached(data: bytes, *, path: Path | str, cache: Path) -> Any:
    """`load_yaml` for a small document read by nearly every command and rarely changed
    (rectrack.yaml): its parse is kept in `cache` beside the exact bytes it came from and
    used only for those bytes, so a changed file is always parsed again.

    A cache that cannot be read or written (a read-only git dir, a value marshal cannot
    hold such as a date) is simply not used.
    """
    key = (_CACHE_TAG, data)
    try:
        stored = marshal.loads(cache.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return stored[1]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    document = load_yaml(data, path=path)
    try:
        payload = marshal.dumps((key, document))
        cache.parent.mkdir(exist_ok=True)
        write_atomic(cache, payload, durable=False)
    except (OSError, ValueError):
        pass
    return document
