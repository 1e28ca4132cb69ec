"""What a tracker page says before its first dated entry: headings, concern, text, progress.

In page order: furniture (`404 Page not found`, the page's own address), maybe a
`Report title (1234)` line, maybe a section heading (`Cause of concern`, `Causes of
concern`, `Areas for improvement`; alone on its line or followed by its text), the
concern, maybe an item heading (`Recommendation 5`, `Area for improvement 12`,
`Recommendation •` followed by the text), then the item's text. Most real pages have no
item heading: under a section heading the concern is the first paragraph (and any more
before one that reads as a recommendation: a bullet, or "should"/"must"); with neither
heading the whole is the text. Paragraphs before the section heading are furniture. A page without dated entries may follow its text with
undated progress paragraphs, kept apart as `progress`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectrack.importers.item_text import format_item_text, starts_with_bullet
from rectrack.importers.page_ids import address_in, read_title_line

# Lines a scrape leaves around the content; never part of the section, concern or text.
FURNITURE = re.compile(
    r"(?:\d{3}[ \t]+)?page not found|skip to (?:main )?content|back to top|(?:print|share) this page",
    re.I,
)
_SECTION = re.compile(r"[ \t]*(causes? of concern|areas for improvement)\b[ \t]*(.*)", re.I)
_ITEM = re.compile(
    r"[ \t]*(recommendation|area for improvement)\b(?:[ \t]+(\d+)\b)?[ \t]*(.*)", re.I
)
_SEPARATOR = re.compile(r"[:–—][ \t]*|-[ \t]+")
_INLINE_TEXT_START = re.compile(r"[A-Z0-9“\"‘']")
_RECOMMENDS = re.compile(r"\b(?:should|must)\b", re.I)
_HEADING_MAX = 80  # a heading is a short line without final punctuation


@dataclass(kw_only=True)
class Paragraph:
    """Lines with no blank line between them; `line` is the first one's number."""

    line: int
    lines: list[str] = field(default_factory=list)

    def joined(self) -> str:
        return " ".join(" ".join(self.lines).split())


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A section heading (`kind` None) or an item heading, with its line number."""

    line: int
    name: str
    kind: str | None = None
    number: str | None = None


@dataclass(frozen=True, kw_only=True)
class Body:
    """The part of a page before its entries, read."""

    kind: str
    number: str | None
    heading: Heading | None  # the item heading, if the page has one
    section: str | None
    concern: str | None
    text: str
    progress: str | None
    report: str | None
    title_id: str | None
    address: str | None


@dataclass(kw_only=True)
class _Reading:
    """What the line scan has found so far."""

    parts: list[Paragraph | Heading] = field(default_factory=list)
    headings: int = 0  # how many of the parts are headings
    item_found: bool = False
    report: str | None = None
    title_id: str | None = None
    address: str | None = None


def read_body(text: str, *, has_entries: bool) -> Body:
    """Read the text before the first entry; `has_entries` says whether any entry follows."""
    reading = _scan(text.split("\n"))
    item = next((p for p in reading.parts if isinstance(p, Heading) and p.kind), None)
    section, concern, text_paragraphs = _layout(reading.parts, item)
    progress: list[Paragraph] = []
    if not has_entries:
        text_paragraphs, progress = _split_progress(text_paragraphs)
    kind = item.kind if item and item.kind else _kind_of(section)
    return Body(
        kind=kind,
        number=item.number if item else None,
        heading=item,
        section=section,
        concern="\n\n".join(p.joined() for p in concern) or None,
        text=format_item_text([p.lines for p in text_paragraphs]),
        progress=_as_written(progress),
        report=reading.report,
        title_id=reading.title_id,
        address=reading.address,
    )


def _scan(lines: list[str]) -> _Reading:
    """Drop furniture, pick out the title line and headings, group the rest in paragraphs."""
    reading = _Reading()
    current: Paragraph | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if _is_furniture(stripped):
            _take_address(reading, stripped)
            current = None
            continue
        title = read_title_line(stripped)
        if title is not None and _is_title_line(stripped, number, lines, reading):
            reading.report, reading.title_id = title
            reading.parts.clear()  # what came before the page's title was furniture
            continue
        heading, rest = _heading(stripped, number, reading)
        if heading is not None:
            reading.parts.append(heading)
            reading.headings += 1
            reading.item_found = reading.item_found or heading.kind is not None
            current = None
            if not rest:
                continue
            line = rest
        if current is None:
            current = Paragraph(line=number)
            reading.parts.append(current)
        current.lines.append(line)
    return reading


def _is_title_line(line: str, number: int, lines: list[str], reading: _Reading) -> bool:
    """A `Report (1234)` line: a paragraph of its own, before any heading, recommending nothing."""
    alone = (number < 2 or _is_furniture(lines[number - 2])) and (
        number >= len(lines) or _is_furniture(lines[number])
    )
    return (
        alone and reading.title_id is None and not reading.headings and not _RECOMMENDS.search(line)
    )


def _is_furniture(line: str) -> bool:
    """Blank, or a line a scrape leaves around the content."""
    stripped = line.strip()
    return not stripped or bool(FURNITURE.fullmatch(stripped)) or address_in(stripped) is not None


def _take_address(reading: _Reading, line: str) -> None:
    if reading.address is None:
        reading.address = address_in(line)


def _heading(line: str, number: int, reading: _Reading) -> tuple[Heading | None, str]:
    """A section or item heading starting the line, and the text after it on that line."""
    if reading.item_found:
        return None, ""  # after the item heading, everything is its text
    if match := _ITEM.fullmatch(line):
        rest = match.group(3)
        if not rest or starts_with_bullet(rest) or _SEPARATOR.match(rest):
            is_recommendation = match.group(1).lower() == "recommendation"
            kind = "recommendation" if is_recommendation else "area for improvement"
            rest = _SEPARATOR.sub("", rest, count=1) if _SEPARATOR.match(rest) else rest
            return Heading(line=number, name=match.group(1), kind=kind, number=match.group(2)), rest
    if not reading.headings and (match := _SECTION.fullmatch(line)):
        name, rest = match.group(1), match.group(2)
        if _SEPARATOR.match(rest):
            rest = _SEPARATOR.sub("", rest, count=1)
        if not rest or _INLINE_TEXT_START.match(rest):
            return Heading(line=number, name=name), rest
    return None, ""


def _layout(
    parts: list[Paragraph | Heading], item: Heading | None
) -> tuple[str | None, list[Paragraph], list[Paragraph]]:
    """(section, concern paragraphs, text paragraphs)."""
    section_at = next(
        (i for i, p in enumerate(parts) if isinstance(p, Heading) and not p.kind), None
    )
    if item is not None:
        item_at = parts.index(item)
        after = _paragraphs(parts[item_at + 1 :])
        if section_at is not None and section_at < item_at:
            section = parts[section_at]
            assert isinstance(section, Heading)
            return section.name, _paragraphs(parts[section_at + 1 : item_at]), after
        return (*_heading_like_section(_paragraphs(parts[:item_at])), after)
    if section_at is not None:
        section = parts[section_at]
        assert isinstance(section, Heading)
        return (section.name, *_split_concern(_paragraphs(parts[section_at + 1 :])))
    return None, [], _paragraphs(parts)


def _paragraphs(parts: list[Paragraph | Heading]) -> list[Paragraph]:
    return [part for part in parts if isinstance(part, Paragraph)]


def _heading_like_section(paragraphs: list[Paragraph]) -> tuple[str | None, list[Paragraph]]:
    """Before an item heading: the first short, unpunctuated paragraph is the section."""
    for index, paragraph in enumerate(paragraphs):
        block = paragraph.joined()
        if len(block) <= _HEADING_MAX and not block.endswith((".", ":", ";", "!", "?")):
            return block, paragraphs[index + 1 :]
    return None, paragraphs


def _split_concern(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """Under a section heading: the concern, then from the first that recommends, the text."""
    paragraphs = _unjoin_first(paragraphs)
    if len(paragraphs) == 1:
        return ([], paragraphs) if _recommends(paragraphs[0]) else (paragraphs, [])
    start = next((i for i in range(1, len(paragraphs)) if _recommends(paragraphs[i])), 1)
    return paragraphs[:start], paragraphs[start:]


def _unjoin_first(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A concern and the text on lines with no blank line between: two paragraphs."""
    if not paragraphs:
        return paragraphs
    lines, first = paragraphs[0].lines, paragraphs[0].line
    at = next(
        (i for i in range(1, len(lines)) if _recommends(Paragraph(line=0, lines=[lines[i]]))), None
    )
    if at is None or _recommends(Paragraph(line=0, lines=lines[:at])):
        return paragraphs
    return [
        Paragraph(line=first, lines=lines[:at]),
        Paragraph(line=first + at, lines=lines[at:]),
        *paragraphs[1:],
    ]


def _recommends(paragraph: Paragraph) -> bool:
    return starts_with_bullet(paragraph.lines[0]) or bool(_RECOMMENDS.search(paragraph.joined()))


def _split_progress(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """With no entries: the text is the first paragraph and its list; the rest is progress."""
    keep = min(1, len(paragraphs))
    while keep < len(paragraphs) and (
        paragraphs[keep - 1].lines[-1].rstrip().endswith(":")
        or starts_with_bullet(paragraphs[keep].lines[0])
    ):
        keep += 1
    return paragraphs[:keep], paragraphs[keep:]


def _as_written(paragraphs: list[Paragraph]) -> str | None:
    """Undated progress is a comment in all but date: its lines are kept as they are."""
    text = "\n\n".join("\n".join(line.strip() for line in p.lines) for p in paragraphs)
    return text or None


def _kind_of(section: str | None) -> str:
    if section is not None and section.lower().startswith("area"):
        return "area for improvement"
    return "recommendation"
