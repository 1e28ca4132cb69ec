"""render's shortcuts for speed give the same bytes as rich's own way."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from rectrack import render


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
    ours = render._indented(text, indent=indent, width=width)
    rewrapped = Text(ours.plain)  # the same lines, rich left to wrap them itself
    assert printed(ours, width=width, color=color) == printed(rewrapped, width=width, color=color)
