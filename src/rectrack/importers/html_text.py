"""The visible text of a parsed web page, laid out in lines as a browser shows it.

One walk over the tree, with an explicit stack (a broken page can nest thousands deep)
and without changing the tree (inserting into a BeautifulSoup tree is linear in the
siblings, so marking every paragraph that way is quadratic). Dropped: scripts, styles,
`<nav>`, `<footer>`, `<noscript>`, `<template>`, hidden elements, and the page's banner
(a `<header>` outside `<article>` and `<main>`; inside them it holds the article's own
title). `<br>` is a line break, block elements are paragraphs, list items `•` bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4.element import PageElement, Tag

# Private-use characters stand for breaks while the text's own whitespace is collapsed.
LINE = "\ue000"
PARAGRAPH = "\ue001"
CELL = "\ue002"
MARKERS = (LINE, PARAGRAPH, CELL)
_INVISIBLE = {"script", "style", "noscript", "template", "nav", "footer", "head", "title", "svg",
              "iframe", "object", "button", "select", "dialog"}  # fmt: skip
_CONTENT = {"article", "main"}
_PARAGRAPHS = {"p", "div", "section", "article", "main", "aside", "blockquote", "pre", "h1", "h2",
               "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "figcaption",
               "address", "details", "summary", "fieldset", "form", "hr"}  # fmt: skip
_LINES = {"tr", "dt", "dd", "caption"}
_CELLS = {"td", "th"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BULLET_START = re.compile(r"\s*[•◦·▪●○▫\-\*]\s")
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_BREAKS = re.compile(f"[ {LINE}{PARAGRAPH}]*[{LINE}{PARAGRAPH}][ {LINE}{PARAGRAPH}]*")


@dataclass(frozen=True)
class _Within:
    """Where in the page an element is."""

    content: bool = False  # inside <article> or <main>
    pre: bool = False
    list_item: bool = False


def visible_text(root: Tag) -> str:
    """The text a reader sees, one line per line, a blank line between paragraphs."""
    from bs4.element import NavigableString, PreformattedString, Tag

    out: list[str] = []
    stack: list[tuple[PageElement | str, _Within]] = [(root, _Within())]
    while stack:
        node, within = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, CDATA, doctype: unseen
                out.append(str(node).replace("\n", LINE) if within.pre else str(node))
        elif isinstance(node, Tag):
            if _hidden(node, within):
                continue
            opening, closing = _breaks(node, within)
            out.append(opening)
            stack.append((closing, within))
            inner = _inside(node, within)
            stack.extend((child, inner) for child in reversed(node.contents))
        elif isinstance(node, str):
            out.append(node)  # a closing break pushed above
    return _tidy("".join(out))


def _hidden(tag: Tag, within: _Within) -> bool:
    if tag.name in _INVISIBLE or (tag.name == "header" and not within.content):
        return True
    style = tag.get("style")
    return (
        tag.has_attr("hidden")
        or tag.get("aria-hidden") == "true"
        or (isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None)
    )


def _breaks(tag: Tag, within: _Within) -> tuple[str, str]:
    """The breaks before and after the element's text."""
    name = tag.name
    if name in ("ul", "ol") and within.list_item:
        return LINE, LINE  # a list inside a list item continues it
    if name in _PARAGRAPHS:
        return PARAGRAPH, PARAGRAPH
    if name == "br":
        return LINE, ""
    if name == "li":
        first = next((text for text in tag.strings if text.strip()), "")
        bullet = "" if _BULLET_START.match(first) else "◦ " if within.list_item else "• "
        return LINE + bullet, LINE
    if name in _LINES:
        return LINE, LINE
    return ("", CELL) if name in _CELLS else ("", "")


def _inside(tag: Tag, within: _Within) -> _Within:
    return replace(
        within,
        content=within.content or tag.name in _CONTENT,
        pre=within.pre or tag.name == "pre",
        list_item=within.list_item or tag.name == "li",
    )


def _tidy(text: str) -> str:
    """Collapse the source's whitespace as a browser does, then apply the breaks."""
    text = _HTML_SPACE.sub(" ", text).replace(CELL, " ")
    # Breaks next to each other are one: a paragraph's if any is one, else a line's.
    text = _BREAKS.sub(lambda run: "\n\n" if PARAGRAPH in run.group() else "\n", text)
    return text.strip()
