"""Which recommendation a tracker page is: its tracker ID, force, theme and report.

The tracker gives each recommendation a number of its own, shown three ways: a
`Report title (1234)` line above the text, the page's address
(`.../hmicfrs/recommendation/kent/8712/`) and, for a saved page, the file name
(`kent_8712.txt`, `theme-audit_7319.txt`). The same text appears under many forces with
different IDs, so the ID, not the text, is what names a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line that is only an address, maybe after a short label ("Source: https://...").
_ADDRESS_LINE = re.compile(r"(?:[A-Za-z][A-Za-z ]{0,20}:[ \t]*)?(https?://\S+)", re.I)
_RECOMMENDATION_PATH = re.compile(
    r"/recommendation/([a-z0-9][a-z0-9-]*)/(\d{1,9})(?=[/?#]|$)", re.I
)
_THEME_QUERY = re.compile(r"[?&]recommendation-theme=([a-z0-9][a-z0-9-]*)", re.I)
# "Merseyside Police: Crime Data Integrity inspection 2016 (7319)": a report, then the ID.
_TITLE_LINE = re.compile(r"(\S.*?)[ \t]*\((\d{1,9})\)")
# kent_8712, devon-and-cornwall_6989, theme-audit_7319, or a bare 8712.
_FILE_STEM = re.compile(r"(?:([a-z0-9][a-z0-9-]*)_)?(\d{1,9})", re.I)
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$", re.I)
_THEME_PREFIX = "theme-"


@dataclass(frozen=True, kw_only=True)
class PageName:
    """What one source (address or file name) says about the page; None where it is silent."""

    tracker_id: str | None = None
    force: str | None = None
    theme: str | None = None


def address_in(line: str) -> str | None:
    """The address, if the line is nothing but an address (page furniture)."""
    match = _ADDRESS_LINE.fullmatch(line.strip())
    return match.group(1) if match else None


def read_address(address: str) -> PageName:
    """Force and ID from `.../recommendation/<force>/<ID>/`, theme from `?recommendation-theme=`."""
    if match := _RECOMMENDATION_PATH.search(address):
        return PageName(tracker_id=match.group(2), force=match.group(1).lower())
    if match := _THEME_QUERY.search(address):
        return PageName(theme=match.group(1).lower())
    return PageName()


def read_file_name(name: str) -> PageName:
    """Force (or theme) and ID from a saved page's name: `kent_8712.txt`, `theme-audit_7319.txt`."""
    stem = _EXTENSION.sub("", name.strip().replace("\\", "/").rsplit("/", 1)[-1])
    match = _FILE_STEM.fullmatch(stem)
    if match is None:
        return PageName()
    slug, tracker_id = (match.group(1) or "").lower(), match.group(2)
    if slug.startswith(_THEME_PREFIX):
        return PageName(tracker_id=tracker_id, theme=slug.removeprefix(_THEME_PREFIX) or None)
    return PageName(tracker_id=tracker_id, force=slug or None)


def read_title_line(line: str) -> tuple[str, str] | None:
    """(report, tracker ID) from a `Report title (1234)` line, else None."""
    match = _TITLE_LINE.fullmatch(" ".join(line.split()))
    return (match.group(1), match.group(2)) if match else None


def first_of(*values: str | None) -> str | None:
    """The first value that is known: the sources are listed from most to least trusted."""
    return next((value for value in values if value), None)
