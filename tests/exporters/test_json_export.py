"""The JSON export document: versioned, `rec show --json` objects plus the header."""

from __future__ import annotations

import datetime as dt
import json

from rectrack.domain.events import FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.exporters.json_export import export_json
from rectrack.importers.json_import import parse_export


def test_export_carries_header_and_detail_and_reads_back() -> None:
    """Each object is detail_json plus the first-written header; the reader rebuilds both."""
    original = Recommendation(
        id=2,
        header={"title": "Old", "due": dt.date(2020, 1, 1), "tags": ("a",), "custom": 3},
        events=(
            StatusChange(date=dt.date(2019, 1, 1), by="x", status="complete"),
            FieldChange(date=dt.date(2019, 1, 2), by="y", field="title", value="New"),
        ),
    )
    text = export_json([original])
    document = json.loads(text)
    assert (document["format"], document["version"]) == ("rectrack-export", 1)
    item = document["recommendations"][0]
    assert item["title"] == "New" and item["header"]["title"] == "Old"
    assert item["header"]["due"] == "2020-01-01" and item["events"][1]["kind"] == "set"
    (back,) = parse_export(text, source="x.json")
    assert (back.rec_id, back.header, back.events) == (2, dict(original.header), original.events)
