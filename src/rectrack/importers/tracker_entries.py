"""The dated entries of a tracker page: `[on]DATE [status]NAME[/status][/on]` and comments.

Real pages are loose about the markup: the last comment usually lacks its closing tags,
some entries have a date and text but no `[status]`/`[comment]` opener (they are
comments), and a scrape can stop anywhere. The rules, in page order and never sorted:

- a comment (tagged or not) runs to `[/comment]` or `[/on]`, else to the next entry, else
  to the end of the page, where a cut-off closing tag is dropped;
- a status must be closed by `[/status]`: the name decides the recommendation's state, so
  a page cut inside one is refused rather than guessed;
- an entry cut off before its text starts (`[on]2nd Ma`) is dropped: like every entry a
  scrape loses after the cut, it is simply not on the page;
- a `[comment]` straight after a status's `[/status]` is a comment of the same date;
- closing tags left between entries are debris; other text between entries is an error,
  and undated text after the last entry is returned for the caller to keep.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rectrack.domain.dates import parse_date
from rectrack.errors import ImportFormatError, InvalidDate

_DATE_SHAPE = r"\d{1,2}(?:[a-z]{2})?[ \t]+[a-z]+,?[ \t]+\d{4}"
_TAGGED = re.compile(r"\[on\][ \t]*([^\[\]\n]*?)\s*\[(status|comment)\]", re.I)
_UNTAGGED = re.compile(rf"\[on\][ \t]*({_DATE_SHAPE})", re.I)
# Ends a comment that lacks its closing tags; needs a date so that "[on]" in prose is text.
_NEXT_ENTRY = re.compile(rf"\[on\][ \t]*{_DATE_SHAPE}", re.I)
_COMMENT_END = re.compile(r"\[/comment\]|\[/on\]", re.I)
_COMMENT_OPENER = re.compile(r"\s*\[comment\]", re.I)
_STATUS = re.compile(r"([^\[\]\n]*)\[/status\]", re.I)
_DEBRIS = re.compile(r"(?:\s|\[/(?:on|comment|status)\])*", re.I)
_OTHER_TAG = re.compile(r"\s*\[[a-z]+\]", re.I)
_CUT_ENTRY = re.compile(r"\[(?:o(?:n(?:\][^\[\]\n]*(?:\[[a-z]*)?)?)?)?\s*", re.I)
# Tags a scrape can stop inside: a closing run, or the opener of an entry's text.
_TAG_STARTS = ("[/comment][/on]", "[/status][/on]", "[/on]", "[comment]", "[status]")


@dataclass(frozen=True, kw_only=True)
class PageEvent:
    """One `[on]...[/on]` run: a status or a comment (exactly one is set)."""

    date: dt.date
    line: int
    status: str | None = None
    comment: str | None = None


class _Text:
    """The page's text with what a scan of it needs asked many times, each answered in
    one pass over the page: the line at an offset (offsets only grow), the next closing
    tag and the next entry (a page with no closing tags would be searched to its end once
    per entry otherwise)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset, self._line = 0, 1
        self._found: dict[re.Pattern[str], tuple[int, re.Match[str] | None]] = {}

    def line(self, offset: int) -> int:
        if offset < self._offset:
            return _line(self.text, offset)
        self._line += self.text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line

    def next(self, pattern: re.Pattern[str], position: int) -> re.Match[str] | None:
        """The first match at or after `position` (a cached later one, or none, still holds)."""
        searched_from, match = self._found.get(pattern, (len(self.text) + 1, None))
        if searched_from <= position and (match is None or match.start() >= position):
            return match
        match = pattern.search(self.text, position)
        self._found[pattern] = (position, match)
        return match


def read_entries(text: str, *, start: int, source: str) -> tuple[tuple[PageEvent, ...], str]:
    """The entries from `start` on, in page order, and any undated text after the last one."""
    page = _Text(text)
    events: list[PageEvent] = []
    position = start
    while (position := _skip_debris(text, position)) < len(text):
        head = _TAGGED.match(text, position) or _UNTAGGED.match(text, position)
        if head is None:
            return tuple(events), _after_entries(text, position, source=source)
        line = page.line(position)
        date = _date(head.group(1), line=line, source=source)
        event: PageEvent | None
        if head.re is _TAGGED and head.group(2).lower() == "status":
            event, position = _status(text, head.end(), date=date, line=line, source=source)
            if opener := _COMMENT_OPENER.match(text, position):  # `[status]..[/status] [comment]`
                events.append(event)
                event, position = _comment(page, opener.end(), date=date, line=line)
        else:
            if head.re is _UNTAGGED and _OTHER_TAG.match(text, head.end()):
                raise _error(source, line, "an [on] with no entry ([status] or [comment])")
            event, position = _comment(page, head.end(), date=date, line=line)
        if event is not None:
            events.append(event)
    return tuple(events), ""


def _skip_debris(text: str, position: int) -> int:
    match = _DEBRIS.match(text, position)
    return match.end() if match else position


def _after_entries(text: str, position: int, *, source: str) -> str:
    """What follows the last entry: nothing, a cut-off tag, or undated text; else an error."""
    rest = text[position:]
    if _is_cut_tag(rest):
        return ""
    line = _line(text, position)
    if rest[:4].lower() == "[on]":
        raise _error(source, line, "an [on] with no entry ([status] or [comment])")
    following = _NEXT_ENTRY.search(rest) or _TAGGED.search(rest)
    if following is not None:
        gap = rest[: following.start()]
        raise _error(source, line, f"unexpected text {_clip(gap)!r} between events")
    return _drop_cut_tags(rest).strip()


def _is_cut_tag(rest: str) -> bool:
    """True for the first characters of an entry or closing tag, where the scrape stopped."""
    stripped = rest.strip()
    if any(tag.startswith(stripped) for tag in _TAG_STARTS):
        return True
    return _CUT_ENTRY.fullmatch(stripped) is not None


def _status(
    text: str, position: int, *, date: dt.date, line: int, source: str
) -> tuple[PageEvent, int]:
    match = _STATUS.match(text, position)
    if match is None:
        raise _error(source, line, "unclosed [status] (no [/status] after the name)")
    name = match.group(1).strip()
    if not name:
        raise _error(source, line, "an empty [status]")
    return PageEvent(date=date, line=line, status=name), match.end()


def _comment(
    page: _Text, position: int, *, date: dt.date, line: int
) -> tuple[PageEvent | None, int]:
    """A comment's text; None for a comment the page's end cut off before any text."""
    text = page.text
    closing = page.next(_COMMENT_END, position)
    following = page.next(_NEXT_ENTRY, position)
    if closing is not None and (following is None or closing.start() < following.start()):
        body, after = text[position : closing.start()], closing.end()
    elif following is not None:
        body, after = text[position : following.start()], following.start()
    else:
        body, after = _drop_cut_tags(text[position:]), len(text)
        if not body.strip():
            return None, after
    return PageEvent(date=date, line=line, comment=body.strip()), after


def _drop_cut_tags(body: str) -> str:
    """Remove a cut-off `[/comment][/on]` (or the start of a next entry) ending a page."""
    while "[" in body:
        cut = body.rstrip()
        tail = cut[cut.rfind("[") :]
        if "\n" in tail or not _is_cut_tag(tail):
            break
        body = cut[: cut.rfind("[")]
    return body


def _date(value: str, *, line: int, source: str) -> dt.date:
    try:
        # The page has no "today": relative words are not dates here.
        if value.strip().lower() in ("today", "yesterday"):
            raise InvalidDate(value=value, reason="a tracker date names the day")
        return parse_date(value, today=dt.date.min)
    except InvalidDate as error:
        raise _error(source, line, str(error)) from None


def _error(source: str, line: int, detail: str) -> ImportFormatError:
    return ImportFormatError(source=source, detail=f"line {line}: {detail}")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _clip(text: str, width: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
