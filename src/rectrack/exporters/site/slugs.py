"""File names for report pages: stable, safe ASCII, and never shared by two reports."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

NO_REPORT_SLUG = "no-report"
_MAX = 60
_NOT_SAFE = re.compile(r"[^a-z0-9]+")
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}  # fmt: skip


def base_slug(name: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: 'HMIC: OCG mapping' -> 'hmic-ocg-mapping'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SAFE.sub("-", ascii_text.lower()).strip("-")[:_MAX].rstrip("-")
    if not slug:
        return "report"
    return f"{slug}-report" if slug in _RESERVED else slug


def report_slugs(names: Iterable[str | None]) -> dict[str | None, str]:
    """A unique slug per report name (None: the recommendations with no report).

    A name keeps its plain slug while no other name shares it. Names that clash all get a
    suffix from a hash of the name itself, so each keeps its file name whatever else the
    ledger holds. Lower case throughout: no clash on case-insensitive file systems.
    """
    groups: defaultdict[str, list[str | None]] = defaultdict(list)
    for name in sorted(set(names), key=lambda name: (name is not None, name or "")):
        groups[NO_REPORT_SLUG if name is None else base_slug(name)].append(name)
    slugs: dict[str | None, str] = {}
    used: set[str] = {base for base, members in groups.items() if len(members) == 1}
    for base, members in sorted(groups.items()):
        if len(members) == 1:
            slugs[members[0]] = base
            continue
        for name in members:
            slugs[name] = _suffixed(base, name, used)
    return slugs


def _suffixed(base: str, name: str | None, used: set[str]) -> str:
    digest = hashlib.sha256(("\x00" if name is None else name).encode("utf-8")).hexdigest()
    length = 8
    while (slug := f"{base}-{digest[:length]}") in used:
        length += 1  # a suffixed slug equal to some other report's plain slug: lengthen
    used.add(slug)
    return slug
