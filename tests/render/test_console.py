"""render's shortcuts for speed give the same bytes as rich's own way."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, Group
from rich.errors import MarkupError
from rich.text import Text

from rectrack.render import console as render


def printed(text: Text, *, width: int, color: bool) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, force_terminal=color)
    console.print(text)
    return buffer.getvalue()


@given(
    text=st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    indent=st.sampled_from([0, 2, 4, 10]),
    width=st.integers(min_value=8, max_value=120),
    color=st.booleans(),
)
def test_indented_text_prints_as_if_rich_wrapped_it(
    text: str, indent: int, width: int, color: bool
) -> None:
    """Telling rich not to wrap already-wrapped lines never changes what is printed."""
    ours = render.indented(text, indent=indent, width=width)
    rewrapped = Text(ours.plain)  # the same lines, rich left to wrap them itself
    assert printed(ours, width=width, color=color) == printed(rewrapped, width=width, color=color)


LINE = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=120).map(Text),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=120).map(
        lambda text: Text(text, style="bold")
    ),
    st.text(st.sampled_from("ab :[]/-x\n"), max_size=60),
    st.just(Text()),
)


@given(lines=st.lists(LINE, max_size=12), width=st.integers(min_value=5, max_value=120))
def test_plain_lines_print_as_rich_would(lines: list[Text | str], width: int) -> None:
    """Off a terminal, writing verbatim lines directly gives exactly rich's output."""
    expected, ours = io.StringIO(), io.StringIO()
    try:
        Console(file=expected, width=width, highlight=False).print(Group(*lines))
    except MarkupError:  # broken markup in a str: rich refuses it, and so must we
        with pytest.raises(MarkupError):
            render.print_lines(Console(file=ours, width=width, highlight=False), list(lines))
        return
    render.print_lines(Console(file=ours, width=width, highlight=False), list(lines))
    assert ours.getvalue() == expected.getvalue()


@given(
    line=st.text(st.sampled_from("abc de-.,é"), max_size=200),
    width=st.integers(min_value=20, max_value=120),
)
def test_simple_wrap_is_textwraps_answer(line: str, width: int) -> None:
    """The fast wrap gives textwrap's lines (trailing spaces aside), or declines."""
    import textwrap

    fast = render._simple_wrap(line, width)
    if fast is None:
        return
    slow = textwrap.wrap(line, width=width, replace_whitespace=False, drop_whitespace=True)
    assert [part.rstrip() for part in fast or [""]] == [part.rstrip() for part in slow or [""]]


@given(text=st.text(st.sampled_from("ab [bold]x[/bold] :smile: \n"), max_size=80))
def test_verbatim_lines_are_never_read_as_markup(text: str) -> None:
    """A Verbatim line prints as it is, on a terminal and off it: `[bold]` stays text."""
    line = render.verbatim(text, width=200)
    assert line is not None
    for terminal in (False, True):
        buffer = io.StringIO()
        out = Console(file=buffer, width=200, highlight=False, force_terminal=terminal,
                      color_system=None)  # fmt: skip
        render.print_lines(out, [line])
        assert buffer.getvalue() == text + "\n"
