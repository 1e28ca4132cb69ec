"""`rec export --format json`: every recommendation as `rec show --json` has it, plus its header.

The `header` object (the fields as first written) is what `rec import json` rebuilds the
file from; the rest is there for readers who want the current state without folding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from rectrack.domain.codec import EXPORT_FORMAT, EXPORT_VERSION, json_value
from rectrack.domain.state import Recommendation


def export_json(recs: Sequence[Recommendation]) -> str:
    """The export document, as indented UTF-8 JSON text ending in a newline."""
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "recommendations": [_record(rec) for rec in recs],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=_fallback) + "\n"


def _record(rec: Recommendation) -> dict[str, Any]:
    data = rec.detail_json()
    data["header"] = {name: json_value(value) for name, value in rec.header.items()}
    return data


def _fallback(value: object) -> object:
    # Unknown header fields may hold any YAML value, dates included.
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
