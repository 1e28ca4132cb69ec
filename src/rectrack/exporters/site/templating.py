"""The Jinja2 environment: templates shipped in this package, autoescaped for HTML and XML."""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from typing import Any

import jinja2

from rectrack.domain.dates import format_long
from rectrack.exporters.site.changes import show_value, utc

# XML 1.0 cannot carry these at all, escaped or not; a comment may hold them (docs/format.md).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process: each template is compiled once, then reused."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rectrack.exporters.site", "templates"),
        # Ledger text is data, never markup: every .html and .xml template escapes it.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long=long_date,
        value=show_value,
        size=file_size,
        atom=atom_date,
        stamp=timestamp,
        sentence=sentence,
    )
    return env


def render(template: str | jinja2.Template, /, **context: Any) -> str:
    """A template rendered; XML output loses the characters XML cannot hold."""
    if isinstance(template, str):
        template = environment().get_template(template)
    text = template.render(context)
    return _NOT_XML.sub("", text) if (template.name or "").endswith(".xml") else text


def static_file(name: str) -> bytes:
    return resources.files("rectrack.exporters.site").joinpath("static", name).read_bytes()


def sentence(text: object) -> str:
    """First letter upper case, the rest as written (Jinja's capitalize lowers names)."""
    value = str(text)
    return value[:1].upper() + value[1:]


def long_date(value: object) -> str:
    """A date as the tracker prints it (3rd March 2017); anything else as plain text."""
    return format_long(value) if isinstance(value, dt.date) else show_value(value)


def file_size(size: int | None) -> str:
    """'48,213 bytes (47.1 KiB)': exact for checking, rounded for reading."""
    if size is None:
        return "size unknown"
    exact = f"{size:,} byte{'' if size == 1 else 's'}"
    if size < 1024:
        return exact
    units = ("KiB", "MiB", "GiB", "TiB")
    value, index = size / 1024, 0
    while value >= 1024 and index < len(units) - 1:
        value, index = value / 1024, index + 1
    return f"{exact} ({value:.1f} {units[index]})"


def atom_date(moment: dt.datetime) -> str:
    """RFC 3339 in UTC, as Atom requires."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp(moment: dt.datetime) -> str:
    """A commit time for people: '2026-03-04 14:05 UTC', or with its own offset."""
    if moment.tzinfo is None:
        return f"{moment:%Y-%m-%d %H:%M} UTC"
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("+0000", "-0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"
