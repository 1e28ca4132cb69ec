"""The consoles, the one progress bar, and printing many lines fast.

Off a terminal most lines need none of rich's work: `print_lines` writes a line of plain
ASCII that fits the width exactly as rich would, and hands only the rest to rich.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text

#: Told how far a long job has got: (items done, items in all, or None while unknown).
ProgressCallback = Callable[[int, int | None], None]


class _Console(Console):
    """rich's Console, but a closed pipe goes to the one exit handler (cli/exits.py), which
    ends quietly with 0; rich's own answer is exit 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def console(*, width: int | None = None) -> Console:
    """The stdout console every view prints to."""
    return _Console(highlight=False, width=width)


@contextmanager
def progress(label: str) -> Iterator[ProgressCallback]:
    """A progress bar on stderr while the block runs (a no-op when stderr is no terminal)."""
    err = Console(stderr=True)
    if not err.is_terminal:
        yield lambda _done, _total: None
        return
    columns = (SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def print_lines(out: Console, lines: list[RenderableType]) -> None:
    """Print the lines in order, as if one rich Group. Off a terminal there are no styles,
    and a line of plain ASCII that fits the width comes out of rich exactly as it is: such
    lines (and `Verbatim` ones, checked already) are written as they are, skipping rich's
    render pass (most of `rec show`); runs of any other lines go to rich together."""
    if out.is_terminal:
        out.print(Group(*(Text(line) if isinstance(line, Verbatim) else line for line in lines)))
        return
    pending: list[RenderableType] = []
    width = out.width  # rich works the width out afresh on every call
    for line in lines:
        if not isinstance(line, Verbatim) and not _verbatim(line, width=width):
            pending.append(line)
            continue
        if pending:
            out.print(Group(*pending))
            pending = []
        out.file.write(f"{_plain(line)}\n")
    if pending:
        out.print(Group(*pending))
    out.file.flush()


class Verbatim(str):
    """Plain ASCII lines that fit the width: printed as they are, never read as markup."""


def verbatim(text: str, *, width: int) -> Verbatim | None:
    """`text` as a Verbatim line if every line of it is plain ASCII within `width`."""
    if all(
        len(part) <= width and part.isascii() and part.isprintable() for part in text.split("\n")
    ):
        return Verbatim(text)
    return None


def _plain(line: RenderableType) -> str:
    return line.plain if isinstance(line, Text) else str(line)


def _verbatim(line: RenderableType, *, width: int) -> bool:
    if isinstance(line, str):
        # A str goes through rich's markup and :emoji: codes: only if it has neither.
        if "[" in line or line.count(":") > 1:
            return False
    elif not isinstance(line, Text):
        return False
    return all(
        len(part) <= width and part.isascii() and part.isprintable()
        for part in _plain(line).split("\n")
    )


def indented(text: str, *, indent: int, width: int) -> Text:
    """Text wrapped to the width with every line indented (rich's Padding pads lines with spaces)."""
    joined = indented_text(text, indent=indent, width=width)
    # Printable ASCII lines that fit the width come out of rich's own wrapping unchanged, so
    # rich is told not to wrap them again (that second wrap was a third of `rec show`).
    fits = verbatim(joined, width=width) is not None
    return Text(joined, no_wrap=fits or None)


def indented_text(text: str, *, indent: int, width: int) -> str:
    """The lines of `indented`, as plain text."""
    prefix = " " * indent
    lines: list[str] = []  # blank lines stay blank, without the indent
    room = max(20, width - indent)
    for line in text.splitlines() or [""]:
        wrapped = _simple_wrap(line, room) or textwrap.wrap(
            line, width=room, replace_whitespace=False, drop_whitespace=True
        )
        lines.extend((prefix + part).rstrip() for part in wrapped or [""])
    return "\n".join(lines)


def _simple_wrap(line: str, width: int) -> list[str] | None:
    """textwrap.wrap's answer for plain words and single spaces, ~10x faster (a 100,000-event
    `rec show` spent half its time in textwrap); None for anything else."""
    if len(line) <= width and line.isascii() and line.isprintable() and line[:1] != " ":
        return [line]
    if "-" in line or "  " in line or " " in (line[:1], line[-1:]) or not line.isascii():
        return None
    if not line.isprintable():
        return None
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        if len(word) > width:
            return None
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines
