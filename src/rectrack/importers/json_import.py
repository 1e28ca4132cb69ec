"""Reading what `rec export --format json` writes (docs/import-export.md, "JSON").

Each recommendation carries `header` (its fields as first written) and `events`; the
derived fields beside them (status, opened, ...) are ignored, so the ledger rebuilt from
an export folds to exactly the same state. A hand-written object without `header` is
read from its current fields instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from rectrack.domain.events import Comment, Event, EvidenceAdded, FieldChange, StatusChange
from rectrack.errors import ImportFormatError, InvalidId
from rectrack.exporters.json_export import FORMAT, VERSION
from rectrack.ledger import parse_id

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
    header = {str(name): _value(str(name), value) for name, value in raw.items()}
    if header.keys() & {"events", "status"}:
        raise _bad("`header` may not hold events or status")
    events = item.get("events")
    if not isinstance(events, list):
        raise _bad("needs an `events` list")
    return ExportedRec(
        rec_id=rec_id, header=header, events=tuple(_event(e, n) for n, e in enumerate(events, 1))
    )


def _value(name: str, value: Any) -> Any:
    if name == "due" and value is not None:
        return _date(value, what="due")
    if name == "tags":
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            raise _bad("`tags` must be a list of strings")
        return tuple(value)
    return value


def _date(value: Any, *, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(f"{what}: {value!r} is not a YYYY-MM-DD date") from None


def _event(item: Any, number: int) -> Event:
    where = f"event {number}"
    if not isinstance(item, dict):
        raise _bad(f"{where} must be an object")
    date = _date(item.get("date"), what=f"{where} date")
    by = item.get("by")
    if not isinstance(by, str) or not by.strip():
        raise _bad(f"{where} needs `by`")
    kind = item.get("kind")
    if kind == "status" and isinstance(item.get("status"), str) and item["status"]:
        return StatusChange(date=date, by=by, status=item["status"])
    if kind == "comment" and isinstance(item.get("text"), str):
        return Comment(date=date, by=by, text=item["text"])
    if kind == "set" and isinstance(item.get("field"), str) and "value" in item:
        field, reason = item["field"], item.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise _bad(f"{where}: reason must be text")
        value = _value(field, item["value"])
        return FieldChange(date=date, by=by, field=field, value=value, reason=reason)
    if kind == "evidence":
        return _evidence(item, date=date, by=by, where=where)
    raise _bad(f"{where} is not a status, comment, set or evidence event")


def _evidence(item: dict[str, Any], *, date: dt.date, by: str, where: str) -> Event:
    name, digest, size, url = (
        item.get("name"),
        item.get("sha256"),
        item.get("size"),
        item.get("url"),
    )
    if (
        not isinstance(name, str)
        or not isinstance(digest, str)
        or not re.fullmatch(r"[0-9a-f]{64}", digest)
    ):
        raise _bad(f"{where}: evidence needs a name and a 64-hex-digit sha256")
    if (size is None) == (url is None) or not isinstance(size or url, int | str):
        raise _bad(f"{where}: evidence needs a size (stored file) or a url")
    return EvidenceAdded(date=date, by=by, name=name, sha256=digest, size=size, url=url)
