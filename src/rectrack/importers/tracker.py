"""Reading one page of the inspectorate's recommendations tracker (docs/import-export.md).

A page is text: page furniture, maybe a `Report title (1234)` line, a section heading and
concern, the recommendation's text, then dated `[on]...[/on]` entries (statuses and
comments) in page order. `tracker_body` reads what comes before the first entry,
`tracker_entries` the entries, `page_ids` which recommendation the page is. Pure: text
and the file's name in, a TrackerPage out, ImportFormatError naming the line otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rectrack.errors import ImportFormatError
from rectrack.importers.page_ids import (
    PageName,
    address_in,
    first_of,
    read_address,
    read_file_name,
)
from rectrack.importers.tracker_body import FURNITURE, Body, Heading, read_body
from rectrack.importers.tracker_entries import PageEvent, read_entries

__all__ = ["TITLE_MAX", "PageEvent", "TrackerPage", "derive_title", "parse_page"]

KINDS = {"recommendation": "recommendation", "area for improvement": "area for improvement"}
# The first entry, or the start of one that the end of a cut-off page leaves ("[o").
_FIRST_ENTRY = re.compile(r"\[on\]|\[(?:on?)?\s*\Z", re.I)
_BULLET = re.compile(r"^[ \t]*[•·▪●◦○▫\-\*][ \t]+", re.M)
_CLAUSE_END = re.compile(r"[,;:]\s|\s[–—-]\s|[.!?](?:\s|$)|\n")
TITLE_MAX = 80
_LEAD_IN_MAX = 25  # "Immediately", "Within six months": lead-ins, not the point
# Binary data decoded as text: control characters that no page has many of.
_CONTROL_SHARE = 0.25
_CONTROL_MIN = 32
# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but the plain
# ones a text page holds (tab, line feed, vertical tab, form feed).
_CONTROLS = re.compile(r"[\x00-\x08\x0d-\x1f\x7f-\x9f]")


@dataclass(frozen=True, kw_only=True)
class TrackerPage:
    """What a tracker page says about one recommendation or area for improvement."""

    kind: str
    number: str | None  # N of a `Recommendation N` heading; most pages have none
    text: str
    section: str | None
    concern: str | None
    events: tuple[PageEvent, ...]
    tracker_id: str | None = None  # the tracker's own number for the recommendation
    force: str | None = None  # e.g. "kent", "devon-and-cornwall"
    theme: str | None = None  # e.g. "audit", for a block of a theme listing
    report: str | None = None  # the inspection report, from a `Report title (1234)` line
    progress: str | None = None  # undated progress text (no date on the page to give it)

    @property
    def title(self) -> str:
        return derive_title(self.text)

    @property
    def key(self) -> tuple[str, ...]:
        """What names the page: its tracker ID where known (the same text appears under
        many forces with different IDs), else its kind, number and text."""
        if self.tracker_id is not None:
            return ("tracker", self.tracker_id)
        return ("page", self.kind, self.number or "", self.text)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a byte-order mark is dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_page(text: str, *, source: str, name: str | None = None) -> TrackerPage:
    """The page's recommendation and its entries in page order.

    `source` names the page in messages; `name` is the saved file's name (default:
    `source`), the last place the tracker ID and force are looked for.
    """
    text, end_address = _split_end_address(normalise_newlines(text))
    _check_is_text(text, source=source)
    first = _FIRST_ENTRY.search(text)
    entries_at = first.start() if first else len(text)
    has_entries = first is not None and first.group().lower() == "[on]"
    body = read_body(text[:entries_at], has_entries=has_entries)
    named = _named(body, end_address, read_file_name(source if name is None else name))
    if not (body.heading or body.section or has_entries or named.tracker_id or named.address):
        raise ImportFormatError(
            source=source, detail="no `Recommendation N` or `Area for improvement N` heading"
        )
    if not body.text:
        raise ImportFormatError(source=source, detail=_no_text(body.heading, text, entries_at))
    events, trailing = read_entries(text, start=entries_at, source=source)
    return TrackerPage(
        kind=body.kind,
        number=body.number,
        text=body.text,
        section=body.section,
        concern=body.concern,
        events=events,
        tracker_id=named.tracker_id,
        force=named.force,
        theme=named.theme,
        report=body.report,
        progress=_progress(body.progress, trailing),
    )


@dataclass(frozen=True, kw_only=True)
class _Named:
    """Which recommendation the page is."""

    address: str | None
    tracker_id: str | None
    force: str | None
    theme: str | None


def _named(body: Body, end_address: str | None, from_name: PageName) -> _Named:
    """From (in order) the page's title line, its address, its file name."""
    address_text = body.address or end_address
    address = read_address(address_text) if address_text else PageName()
    return _Named(
        address=address_text,
        tracker_id=first_of(body.title_id, address.tracker_id, from_name.tracker_id),
        force=first_of(address.force, from_name.force),
        theme=first_of(address.theme, from_name.theme),
    )


def _split_end_address(text: str) -> tuple[str, str | None]:
    """The page's own tracker address on its last line (a scrape's footer) is not text."""
    stripped = text.rstrip()
    head, _, last = stripped.rpartition("\n")
    address = address_in(last)
    if not head or address is None or read_address(address) == PageName():
        return text, None
    return head, address


def _check_is_text(text: str, *, source: str) -> None:
    """Refuse an empty page, and binary data that happened to decode as text."""
    if not text.strip():
        raise ImportFormatError(source=source, detail="the page is empty")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFormatError(
            source=source, detail=f"line {line}: a NUL byte: binary data, not a text page"
        )
    controls = len(_CONTROLS.findall(text))
    if controls >= _CONTROL_MIN and controls >= _CONTROL_SHARE * len(text):
        raise ImportFormatError(
            source=source,
            detail=f"{controls} of its {len(text)} characters are control characters: "
            "binary data, not a text page",
        )


def _no_text(heading: Heading | None, text: str, entries_at: int) -> str:
    if heading is not None:
        return f"line {heading.line}: the item has no text"
    if entries_at < len(text):
        line = text.count("\n", 0, entries_at) + 1
        return f"line {line}: no recommendation text before the first entry"
    return "no recommendation text on the page"


def _progress(before: str | None, after: str) -> str | None:
    """Undated text: paragraphs after the text of a page with no entries, or after the last."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", after) if p.strip()]
    kept = [p.strip() for p in paragraphs if not FURNITURE.fullmatch(p.strip())]
    return "\n\n".join(part for part in (before, *kept) if part) or None


def derive_title(text: str) -> str:
    """A short title from an item's text: its first clause, at most TITLE_MAX characters.

    Short lead-ins ("Immediately,", "Within six months,") are skipped; a clause longer than
    the limit is cut at a word boundary and ends with an ellipsis. A line break ends a
    clause, so a bulleted text gives its first bullet.
    """
    lines = (" ".join(line.split()) for line in _BULLET.sub("", text).split("\n"))
    line = "\n".join(line for line in lines if line)
    if not line:
        line = " ".join(text.split())
    clauses = [part.strip() for part in _CLAUSE_END.split(line) if part.strip()] or [line]
    chosen = next((part for part in clauses if len(part) > _LEAD_IN_MAX), clauses[0])
    chosen = chosen.rstrip(".!?,;:") or chosen
    if len(chosen) > TITLE_MAX:
        cut = chosen[: TITLE_MAX - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        chosen = cut.rstrip(".,;:–— ") + "…"
    return chosen[:1].upper() + chosen[1:]
