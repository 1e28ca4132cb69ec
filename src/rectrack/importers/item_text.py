"""A recommendation's text as the page shows it: paragraphs, bullets and sub-bullets.

Pages write bullets every which way: one `•` per indented line, several `•` on one line,
`◦` sub-bullets, or `-` items after a colon. All come out the same: one `• ` line per
bullet, `  ◦ ` per sub-bullet, the lead-in line before them, wrapped lines joined. A text
that is a single bullet is kept as plain text, as rectrack always has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BULLET = "• "
SUB_BULLET = "  ◦ "
_SUB_MARKS = "◦○▫"
# A bullet starting a line; `-` and `*` only with a space after, so "-1" stays text.
_LINE_MARK = re.compile(r"[ \t]*(?:([•·▪●◦○▫])[ \t]*|([-*])[ \t]+)")
# Bullets in the middle of a line ("... powers. • To improve ..."); not `·`, which is prose.
_INLINE_MARK = re.compile(r"[ \t]*([•▪●◦○▫])[ \t]*")
_DASH_LIST = re.compile(r":[ \t]+-[ \t]+")
_DASH_ITEM = re.compile(r"[ \t]+-[ \t]+")


@dataclass(kw_only=True)
class _Item:
    level: int  # 0: plain text, 1: bullet, 2: sub-bullet
    text: str
    gap: bool = False  # a new paragraph of plain text: a blank line before it


def format_item_text(paragraphs: Sequence[Sequence[str]]) -> str:
    """The text of the paragraphs (each a list of lines), bullets one per line."""
    items: list[_Item] = []
    for paragraph in paragraphs:
        fresh = True
        for line in paragraph:
            for level, piece in _pieces(line):
                words = " ".join(piece.split())
                if level is None and not fresh and items:
                    items[-1].text = f"{items[-1].text} {words}".strip()
                else:
                    items.append(_Item(level=level or 0, text=words, gap=level is None))
                fresh = False
    kept = [item for item in items if item.text]
    if not kept:  # nothing but bullet marks: keep what is there rather than nothing
        return " ".join(" ".join(line for paragraph in paragraphs for line in paragraph).split())
    return _render(kept)


def starts_with_bullet(line: str) -> bool:
    """True if the line opens with a bullet mark."""
    return _LINE_MARK.match(line) is not None


def _pieces(line: str) -> list[tuple[int | None, str]]:
    """(level, text) for each bullet on the line; level None for text before any mark."""
    level: int | None = None
    lead = _LINE_MARK.match(line)
    if lead is not None:
        level = _level(lead.group(1) or lead.group(2))
        line = line[lead.end() :]
    parts = _INLINE_MARK.split(line)
    pieces: list[tuple[int | None, str]] = [(level, parts[0])]
    pieces += [(_level(mark), text) for mark, text in zip(parts[1::2], parts[2::2], strict=True)]
    return [split for piece in pieces for split in _dash_list(*piece)]


def _dash_list(level: int | None, text: str) -> list[tuple[int | None, str]]:
    """`ensure that: - a; - b` is a lead-in and two items, one level below it."""
    match = _DASH_LIST.search(text)
    if match is None:
        return [(level, text)]
    below = 1 if level is None else 2
    items = _DASH_ITEM.split(text[match.end() :])
    return [(level, text[: match.start() + 1])] + [(below, item) for item in items]


def _level(mark: str) -> int:
    return 2 if mark in _SUB_MARKS else 1


def _render(items: list[_Item]) -> str:
    if len(items) == 1:
        return items[0].text
    lines: list[str] = []
    under_bullet = False  # a sub-bullet with no `•` bullet above it is a bullet
    for item in items:
        if item.level == 2 and not under_bullet:
            item.level = 1
        elif item.level < 2:
            under_bullet = item.level == 1
        if item.level == 0:
            if item.gap and lines:
                lines.append("")
            lines.append(item.text)
        else:
            lines.append((BULLET if item.level == 1 else SUB_BULLET) + item.text)
    return "\n".join(lines)
