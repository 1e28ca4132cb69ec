"""Reading one inspectorate tracker page (docs/import-export.md, "Tracker pages").

A page is: furniture to skip (a scrape's `404 Page not found`), a section heading with the
concern's paragraphs, a `Recommendation N` / `Area for improvement N` heading with the
item's text as `•` bullets, then events as `[on]DATE [status]NAME[/status][/on]` and
`[on]DATE [comment]TEXT[/comment][/on]` runs. Pure: text in, a TrackerPage out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rectrack.domain.dates import parse_date
from rectrack.errors import ImportFormatError, InvalidDate

KINDS = {"recommendation": "recommendation", "area for improvement": "area for improvement"}
_ITEM = re.compile(r"^[ \t]*(recommendation|area for improvement)[ \t]+(\d+)[ \t]*$", re.I | re.M)
# Lines a scrape leaves around the content; never part of the section or concern.
_FURNITURE = re.compile(
    r"(\d{3}\s+)?page not found|skip to (main )?content|back to top|print this page", re.I
)
_BULLET = re.compile(r"^[ \t]*[•·▪●◦\-\*][ \t]+")
_ON = re.compile(r"\[on\]")
_ENTRY = re.compile(r"\[on\]([^\[\]]*?)\s*\[(status|comment)\]", re.I)
_STATUS_END = re.compile(r"\[/status\]\s*\[/on\]", re.I)
_COMMENT_END = re.compile(r"\[/comment\]\s*\[/on\]", re.I)
_CLAUSE_END = re.compile(r"[,;:]\s|\s[–—-]\s|[.!?](?:\s|$)")
TITLE_MAX = 80
_LEAD_IN_MAX = 25  # "Immediately", "Within six months": lead-ins, not the point


@dataclass(frozen=True, kw_only=True)
class PageEvent:
    """One `[on]...[/on]` run: a status or a comment (exactly one is set)."""

    date: dt.date
    line: int
    status: str | None = None
    comment: str | None = None


@dataclass(frozen=True, kw_only=True)
class TrackerPage:
    """What a tracker page says about one recommendation or area for improvement."""

    kind: str
    number: str
    text: str
    section: str | None
    concern: str | None
    events: tuple[PageEvent, ...]

    @property
    def title(self) -> str:
        return derive_title(self.text)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a byte-order mark is dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_page(text: str, *, source: str) -> TrackerPage:
    """The page's item, its section and concern, and its events in page order."""
    text = normalise_newlines(text)
    item = _ITEM.search(text)
    if item is None:
        raise ImportFormatError(
            source=source, detail="no `Recommendation N` or `Area for improvement N` heading"
        )
    first_on = _ON.search(text, item.end())
    body_end = first_on.start() if first_on else len(text)
    section, concern = _section_and_concern(text[: item.start()])
    body = _item_text(text[item.end() : body_end])
    if not body:
        raise ImportFormatError(
            source=source, detail=f"line {_line(text, item.start())}: the item has no text"
        )
    events = _events(text, start=body_end, source=source)
    return TrackerPage(
        kind=KINDS[item.group(1).lower()],
        number=item.group(2),
        text=body,
        section=section,
        concern=concern,
        events=events,
    )


def _paragraphs(text: str) -> list[str]:
    blocks = (" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", text))
    return [block for block in blocks if block and not _FURNITURE.fullmatch(block)]


def _section_and_concern(text: str) -> tuple[str | None, str | None]:
    """The first heading-like paragraph is the section; the paragraphs after it, the concern."""
    blocks = _paragraphs(text)
    for index, block in enumerate(blocks):
        if len(block) <= 80 and not block.endswith((".", ":", ";", "!", "?")):
            return block, "\n\n".join(blocks[index + 1 :]) or None
    return None, "\n\n".join(blocks) or None


def _item_text(text: str) -> str:
    """One bullet: its text. Several: one `• ` line each, so the list survives."""
    bullets: list[str] = []
    for block in _paragraphs(text.replace("\n", "\n\n")):
        if _BULLET.match(block) or not bullets:
            bullets.append(_BULLET.sub("", block))
        else:  # a wrapped bullet continues on the next line
            bullets[-1] += " " + block
    if len(bullets) == 1:
        return bullets[0]
    return "\n".join(f"• {bullet}" for bullet in bullets)


def _events(text: str, *, start: int, source: str) -> tuple[PageEvent, ...]:
    events: list[PageEvent] = []
    position = start
    while (entry := _ENTRY.search(text, position)) is not None:
        gap = text[position : entry.start()]
        if gap.strip():
            where = f"line {_line(text, position)}"
            raise ImportFormatError(
                source=source, detail=f"{where}: unexpected text {_clip(gap)!r} between events"
            )
        line = _line(text, entry.start())
        date = _date(entry.group(1), line=line, source=source)
        kind = entry.group(2).lower()
        closing = (_STATUS_END if kind == "status" else _COMMENT_END).search(text, entry.end())
        if closing is None and kind == "status":
            raise ImportFormatError(source=source, detail=f"line {line}: unclosed [status]")
        # A truncated page ends inside its last comment: take the text to the end of file.
        end = closing.start() if closing else len(text)
        value = text[entry.end() : end]
        if kind == "status":
            name = value.strip()
            if not name or "\n" in name:
                raise ImportFormatError(source=source, detail=f"line {line}: bad status {name!r}")
            events.append(PageEvent(date=date, line=line, status=name))
        else:
            comment = value.strip() if closing else _drop_partial_close(value).strip()
            events.append(PageEvent(date=date, line=line, comment=comment))
        position = closing.end() if closing else len(text)
    if (stray := _ON.search(text, position)) is not None:
        raise ImportFormatError(
            source=source, detail=f"line {_line(text, stray.start())}: an [on] with no entry"
        )
    return tuple(events)


def _drop_partial_close(value: str) -> str:
    """Remove a cut-off `[/comment][/on]` left at the very end of a truncated page."""
    closing = "[/comment][/on]"
    for size in range(len(closing), 0, -1):
        if value.rstrip().endswith(closing[:size]) and size >= 2:
            return value.rstrip()[:-size]
    return value


def _date(value: str, *, line: int, source: str) -> dt.date:
    try:
        # The page has no "today": relative words are not dates here.
        if value.strip().lower() in ("today", "yesterday"):
            raise InvalidDate(value=value, reason="a tracker date names the day")
        return parse_date(value, today=dt.date.min)
    except InvalidDate as error:
        raise ImportFormatError(source=source, detail=f"line {line}: {error}") from None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _clip(text: str, width: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def derive_title(text: str) -> str:
    """A short title from an item's text: its first clause, at most TITLE_MAX characters.

    Short lead-ins ("Immediately,", "Within six months,") are skipped; a clause longer than
    the limit is cut at a word boundary and ends with an ellipsis.
    """
    line = " ".join(_BULLET.sub("", text).split())
    clauses = [part.strip() for part in _CLAUSE_END.split(line) if part.strip()] or [line]
    chosen = next((part for part in clauses if len(part) > _LEAD_IN_MAX), clauses[0])
    chosen = chosen.rstrip(".!?,;:") or chosen
    if len(chosen) > TITLE_MAX:
        cut = chosen[: TITLE_MAX - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        chosen = cut.rstrip(".,;:–— ") + "…"
    return chosen[:1].upper() + chosen[1:]
