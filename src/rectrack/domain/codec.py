"""The one event codec: an event <-> the plain mapping it is stored as, and its JSON form.

A recommendation file holds each event as a mapping keyed by its kind (`status: NAME`,
`comment: TEXT`, `set: FIELD` with `value` and `reason`, `evidence: NAME` with `sha256`
and `size` or `url`, `amend: NUMBER` with `text`, `retract: NUMBER` with `reason`) beside
`date` and `by`. `rec show --json`, the JSON export and the
JSON importer use the documented JSON shape instead (`kind`, then named fields, ISO
dates). Both shapes, and the rules every reader checks, are written here once; the store,
the JSON output and the JSON importer all go through it (docs/format.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    EvidenceAdded,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.domain.identifiers import SHA256
from rectrack.errors import RecordInvalid

#: What `rec export --format json` calls its document, and the version of its shape.
EXPORT_FORMAT = "rectrack-export"
EXPORT_VERSION = 1
#: The key that names an event's kind in a file, and the JSON name of the value it holds.
KIND_KEYS = {
    "status": "status", "comment": "text", "set": "field", "evidence": "name",
    "amend": "event", "retract": "event",
}  # fmt: skip
_EXTRA_KEYS = {
    "set": ("value", "reason"), "evidence": ("sha256", "size", "url"),
    "amend": ("text",), "retract": ("reason",),
}  # fmt: skip
_KIND_NAMES = "status, comment, set, evidence, amend or retract"
_TEXT_FIELDS = ("title", "text", "report", "number", "owner")
#: How deep the value of a field rectrack does not know may nest (lists of mappings of
#: lists...): far more than real data needs, and safe for every reader and writer (a
#: header nested 500 levels crashed `rec show --json`).
MAX_NESTING = 32


# --- the file's mapping --------------------------------------------------------------------


def to_item(event: Event) -> dict[str, Any]:
    """The mapping a file stores for `event`, keys in the order they are written."""
    item: dict[str, Any] = {"date": event.date, "by": event.by}
    if isinstance(event, StatusChange):
        item["status"] = event.status
    elif isinstance(event, Comment):
        item["comment"] = event.text
    elif isinstance(event, FieldChange):
        item.update(set=event.field, value=event.value)
        if event.reason is not None:
            item["reason"] = event.reason
    elif isinstance(event, Amendment):
        item.update(amend=event.event, text=event.text)
    elif isinstance(event, Retraction):
        item.update(retract=event.event, reason=event.reason)
    else:
        item.update(evidence=event.name, sha256=event.sha256)
        item.update({"size": event.size} if event.url is None else {"url": event.url})
    return item


def from_item(item: Any, *, index: int) -> Event:
    """The event a file's mapping holds, checked against the documented shape."""
    where = f"event {index}"
    if not isinstance(item, dict):
        raise RecordInvalid(detail=f"{where} must be a mapping")
    kinds = KIND_KEYS.keys() & item.keys()
    if len(kinds) != 1:
        raise RecordInvalid(detail=f"{where} must have exactly one of {_KIND_NAMES}")
    (kind,) = kinds
    if unknown := item.keys() - {"date", "by", kind, *_EXTRA_KEYS.get(kind, ())}:
        names = ", ".join(sorted(map(str, unknown)))
        raise RecordInvalid(detail=f"{where} has unknown keys: {names}")
    if "date" not in item:
        raise RecordInvalid(detail=f"{where} has no date")
    date = parse_day(item["date"], what=f"{where} date")
    by = item.get("by")
    if not isinstance(by, str) or not by.strip():
        raise RecordInvalid(detail=f"{where} needs `by:` (who)")
    value = item[kind]
    if kind == "status":
        if not isinstance(value, str) or not value:
            raise RecordInvalid(detail=f"{where}: status must be a name")
        return StatusChange(date=date, by=by, status=value)
    if kind == "comment":
        if not isinstance(value, str):
            raise RecordInvalid(detail=f"{where}: comment must be text")
        return Comment(date=date, by=by, text=value)
    if kind == "evidence":
        return _evidence(item, date=date, by=by, where=where)
    if kind in ("amend", "retract"):
        return _correction(item, kind=kind, date=date, by=by, where=where)
    return _field_change(item, date=date, by=by, where=where)


def _field_change(item: dict[str, Any], *, date: dt.date, by: str, where: str) -> Event:
    field = item["set"]
    if not isinstance(field, str) or field == "events":
        raise RecordInvalid(detail=f"{where}: set must name a header field")
    if "value" not in item:
        raise RecordInvalid(detail=f"{where}: set needs a value")
    reason = item.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise RecordInvalid(detail=f"{where}: reason must be text")
    value = header_value(field, item["value"])
    return FieldChange(date=date, by=by, field=field, value=value, reason=reason)


def _correction(item: dict[str, Any], *, kind: str, date: dt.date, by: str, where: str) -> Event:
    number = item[kind]
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise RecordInvalid(detail=f"{where}: {kind} must be an event number (1 is the first)")
    key = "text" if kind == "amend" else "reason"
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RecordInvalid(detail=f"{where}: {kind} needs `{key}:` (text)")
    if kind == "amend":
        return Amendment(date=date, by=by, event=number, text=value)
    return Retraction(date=date, by=by, event=number, reason=value)


def _evidence(item: dict[str, Any], *, date: dt.date, by: str, where: str) -> Event:
    name, digest = item["evidence"], item.get("sha256")
    size, url = item.get("size"), item.get("url")
    if not isinstance(name, str) or not name:
        raise RecordInvalid(detail=f"{where}: evidence must name the document")
    if not isinstance(digest, str) or not SHA256.fullmatch(digest):
        raise RecordInvalid(detail=f"{where}: sha256 must be 64 lower-case hex digits")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise RecordInvalid(detail=f"{where}: size must be a whole number of bytes")
    if url is not None and not isinstance(url, str):
        raise RecordInvalid(detail=f"{where}: url must be text")
    if (size is None) == (url is None):
        raise RecordInvalid(detail=f"{where}: evidence needs size (stored) or url")
    return EvidenceAdded(date=date, by=by, name=name, sha256=digest, size=size, url=url)


def header_value(name: str, value: Any) -> Any:
    """A header field's value checked and normalised: due a date, tags a tuple, text text."""
    if name == "due":
        return None if value is None else parse_day(value, what="due")
    if name == "tags":
        if value is None:
            return ()
        if not isinstance(value, list | tuple) or not all(isinstance(tag, str) for tag in value):
            raise RecordInvalid(detail="`tags` must be a list of strings")
        return tuple(value)
    if name in _TEXT_FIELDS:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise RecordInvalid(detail=f"`{name}` must be text")
    if isinstance(value, list | tuple | dict):
        _check_nesting(name, value)
    return value


def _check_nesting(name: str, value: Any) -> None:
    """RecordInvalid for a value nested deeper than MAX_NESTING (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, list | tuple | dict):
            continue
        if depth > MAX_NESTING:
            raise RecordInvalid(detail=f"`{name}` is nested more than {MAX_NESTING} levels deep")
        stack.extend(
            (child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)
        )


def header_values(header: Mapping[str, Any]) -> dict[str, Any]:
    """Every header field through `header_value`, in the order given."""
    return {str(name): header_value(str(name), value) for name, value in header.items()}


def parse_day(value: Any, *, what: str) -> dt.date:
    """A stored date: a date (not a time), or its YYYY-MM-DD text."""
    if isinstance(value, dt.datetime):
        raise RecordInvalid(detail=f"{what}: use a date (YYYY-MM-DD), not a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RecordInvalid(detail=f"{what}: {value!r} is not a YYYY-MM-DD date")


# --- the JSON shape ------------------------------------------------------------------------


def to_json(event: Event) -> dict[str, Any]:
    """The documented JSON shape of an event (docs/format.md)."""
    data: dict[str, Any] = {"date": event.date.isoformat(), "by": event.by, "kind": event.kind}
    if isinstance(event, StatusChange):
        data["status"] = event.status
    elif isinstance(event, Comment):
        data["text"] = event.text
    elif isinstance(event, FieldChange):
        data["field"] = event.field
        data["value"] = json_value(event.value)
        if event.reason is not None:
            data["reason"] = event.reason
    elif isinstance(event, Amendment):
        data.update(event=event.event, text=event.text)
    elif isinstance(event, Retraction):
        data.update(event=event.event, reason=event.reason)
    else:
        data.update(name=event.name, sha256=event.sha256, size=event.size, url=event.url)
    return data


def from_json(data: Any, *, index: int) -> Event:
    """The event a JSON object describes, checked by the same rules as a file's mapping."""
    if not isinstance(data, dict):
        raise RecordInvalid(detail=f"event {index} must be an object")
    kind = data.get("kind")
    if kind not in KIND_KEYS:
        raise RecordInvalid(detail=f"event {index} is not a {_KIND_NAMES} event")
    item = {key: data[key] for key in ("date", "by") if key in data}
    if KIND_KEYS[kind] in data:
        item[kind] = data[KIND_KEYS[kind]]
    extras = _EXTRA_KEYS.get(kind, ())
    item.update({key: data[key] for key in extras if data.get(key) is not None})
    if kind == "set" and "value" in data:
        item["value"] = data["value"]
    return from_item(item, index=index)


def json_value(value: Any) -> Any:
    """Header values in JSON: dates as ISO strings (at any depth), the rest as they are."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    return value
