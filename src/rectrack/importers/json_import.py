"""Reading what `rec export --format json` writes (docs/import-export.md, "JSON").

Each recommendation carries `header` (its fields as first written) and `events`; the
derived fields beside them (status, opened, ...) are ignored, so the ledger rebuilt from
an export folds to exactly the same state. A hand-written object without `header` is
read from its current fields instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rectrack.domain import codec
from rectrack.domain.codec import EXPORT_FORMAT as FORMAT
from rectrack.domain.codec import EXPORT_VERSION as VERSION
from rectrack.domain.events import Event
from rectrack.domain.identifiers import parse_id
from rectrack.errors import ImportFormatError, InvalidId, RecordInvalid

_DERIVED = {
    "id", "status", "opened", "last_activity", "events", "header", "original_due", "due_revisions",
}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ExportedRec:
    """One recommendation from an export file."""

    rec_id: int
    header: dict[str, Any]
    events: tuple[Event, ...]


def parse_export(text: str, *, source: str) -> list[ExportedRec]:
    """Every recommendation in the file, checked; ImportFormatError at the first problem."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ImportFormatError(source=source, detail=f"not valid JSON ({error})") from None
    if isinstance(document, dict):
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ImportFormatError(
                source=source, detail=f"not a {FORMAT} version {VERSION} file (see docs)"
            )
        document = document.get("recommendations")
    if not isinstance(document, list):
        raise ImportFormatError(source=source, detail="`recommendations` must be a list")
    records = []
    seen: set[int] = set()
    for position, item in enumerate(document, start=1):
        where = f"recommendation {position}"
        try:
            record = _record(item)
        except (ImportFormatError, InvalidId) as error:
            detail = error.details.get("detail") or str(error)
            raise ImportFormatError(source=source, detail=f"{where}: {detail}") from None
        if record.rec_id in seen:
            raise ImportFormatError(source=source, detail=f"{where}: id {record.rec_id} twice")
        seen.add(record.rec_id)
        records.append(record)
    return records


def _bad(detail: str) -> ImportFormatError:
    return ImportFormatError(source="", detail=detail)


def _record(item: Any) -> ExportedRec:
    if not isinstance(item, dict):
        raise _bad("must be an object")
    if isinstance(item.get("id"), bool) or not isinstance(item.get("id"), int | str):
        raise _bad("needs an `id`")
    rec_id = parse_id(item["id"])
    raw = item.get("header")
    if raw is None:
        raw = {name: value for name, value in item.items() if name not in _DERIVED}
    if not isinstance(raw, dict):
        raise _bad("`header` must be an object")
    events = item.get("events")
    if not isinstance(events, list):
        raise _bad("needs an `events` list")
    try:
        header = codec.header_values(raw)
        if header.keys() & {"events", "status"}:
            raise _bad("`header` may not hold events or status")
        decoded = tuple(codec.from_json(event, index=n) for n, event in enumerate(events, 1))
    except RecordInvalid as error:
        raise _bad(error.details["detail"]) from None
    return ExportedRec(rec_id=rec_id, header=header, events=decoded)
