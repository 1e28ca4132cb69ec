"""A browser's saved page (`.html`, `.htm`) read as a tracker page.

The visible text is taken with a real HTML parser (BeautifulSoup over Python's own
html.parser, so entities, unclosed tags and stray markup are handled as a browser would),
then read exactly like a scraped text page. Dropped: scripts, styles, the page's
navigation, banner and footer, `<noscript>`, `<template>` and hidden elements. `<br>` is
a line break, block elements are paragraphs, list items are `•` bullets. The page's own
address (`<link rel=canonical>`, `og:url`, or the `saved from url=` comment browsers
write) is put first, on a line of its own, where the text reader looks for force and ID.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

from rectrack.errors import ImportFormatError
from rectrack.importers.tracker import TrackerPage, parse_page

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

# Private-use characters stand for breaks while the text's own whitespace is collapsed.
_LINE = "\ue000"
_PARAGRAPH = "\ue001"
_CELL = "\ue002"
_INVISIBLE = ["script", "style", "noscript", "template", "nav", "footer", "head", "title",
              "svg", "iframe", "object", "button", "select", "dialog"]  # fmt: skip
# The page's banner; a <header> inside <article> or <main> holds the article's own title.
_BANNER = "header"
_PARAGRAPHS = ["p", "div", "section", "article", "main", "aside", "blockquote", "pre",
               "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure",
               "figcaption", "address", "details", "summary", "fieldset", "form", "hr"]  # fmt: skip
_LINES = ["br", "li", "tr", "dt", "dd", "caption"]
_CELLS = ["td", "th"]
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+)", re.I)
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_BREAKS = re.compile(f"[ {_LINE}{_PARAGRAPH}]*[{_LINE}{_PARAGRAPH}][ {_LINE}{_PARAGRAPH}]*")
_LINE_NUMBER = re.compile(r"^line (\d+):")
_BULLET_START = re.compile(r"\s*[•◦·▪●○▫\-\*]\s")


def parse_html_page(html: str, *, source: str, name: str | None = None) -> TrackerPage:
    """The tracker page a saved web page shows; line numbers in errors count its text."""
    try:
        return parse_page(html_text(html), source=source, name=name)
    except ImportFormatError as error:
        detail = _LINE_NUMBER.sub(r"line \1 of its visible text:", str(error.details["detail"]))
        raise ImportFormatError(source=source, detail=detail) from None


def html_text(html: str) -> str:
    """The visible text of a web page, its address (if it names one) on the first line."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    for marker in (_LINE, _PARAGRAPH, _CELL):
        html = html.replace(marker, "")
    with warnings.catch_warnings():
        # A short page that looks like a file name, or a saved XHTML page, is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "html.parser")
    address = _address(soup)
    _drop_invisible(soup)
    _mark_breaks(soup)
    text = _tidy(soup.get_text())
    return f"{address}\n\n{text}" if address else text


def _address(soup: BeautifulSoup) -> str | None:
    from bs4 import Comment, Tag

    candidates: list[object] = []
    if isinstance(link := soup.find("link", rel="canonical"), Tag):
        candidates.append(link.get("href"))
    if isinstance(meta := soup.find("meta", attrs={"property": "og:url"}), Tag):
        candidates.append(meta.get("content"))
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        if match := _SAVED_FROM.search(str(comment)):
            candidates.append(match.group(1))
    return next(
        (c.strip() for c in candidates if isinstance(c, str) and c.strip().startswith("http")),
        None,
    )


def _drop_invisible(soup: BeautifulSoup) -> None:
    from bs4 import Tag

    doomed = soup.find_all(_INVISIBLE)
    doomed += [t for t in soup.find_all(_BANNER) if not t.find_parent(["article", "main"])]
    doomed += soup.find_all(_is_hidden)
    for tag in doomed:
        if isinstance(tag, Tag) and not tag.decomposed:
            tag.decompose()


def _is_hidden(tag: object) -> bool:
    from bs4 import Tag

    if not isinstance(tag, Tag):
        return False
    style = tag.get("style")
    return (
        tag.has_attr("hidden")
        or tag.get("aria-hidden") == "true"
        or (isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None)
    )


def _mark_breaks(soup: BeautifulSoup) -> None:
    """Put break markers where the layout breaks lines, before whitespace is collapsed."""
    for pre in soup.find_all("pre"):
        for string in pre.find_all(string=True):
            string.replace_with(str(string).replace("\n", _LINE))
    for tag in soup.find_all(_PARAGRAPHS):
        nested_list = tag.name in ("ul", "ol") and tag.find_parent("li") is not None
        tag.insert_before(_LINE if nested_list else _PARAGRAPH)
        tag.append(_LINE if nested_list else _PARAGRAPH)
    for tag in soup.find_all(_LINES):
        if tag.name == "li" and not _BULLET_START.match(tag.get_text()):
            tag.insert(0, "◦ " if tag.find_parent("li") else "• ")
        tag.insert_before(_LINE)
        if tag.name != "br":
            tag.append(_LINE)
    for tag in soup.find_all(_CELLS):
        tag.append(_CELL)


def _tidy(text: str) -> str:
    """Collapse the source's whitespace as a browser does, then apply the breaks."""
    text = _HTML_SPACE.sub(" ", text).replace(_CELL, " ")
    # Breaks next to each other are one: a paragraph's if any is one, else a line's.
    text = _BREAKS.sub(lambda run: "\n\n" if _PARAGRAPH in run.group() else "\n", text)
    return text.strip()
