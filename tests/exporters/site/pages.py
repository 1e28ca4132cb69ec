"""Reading built pages back in tests: tags, attributes, text and the links between files."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ParsedPage:
    """What an HTML parser saw: start tags with attributes, text, and element ids."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)

    def links(self) -> list[str]:
        return [
            value
            for _, attrs in self.tags
            for name, value in attrs.items()
            if name in ("href", "src") and value is not None
        ]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.tags.append((tag, values))
        if values.get("id"):
            self.page.ids.add(str(values["id"]))

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)


def parse(content: bytes) -> ParsedPage:
    parser = _Parser()
    parser.feed(content.decode("utf-8"))
    parser.close()
    return parser.page


def html_pages(files: Mapping[str, bytes]) -> dict[str, ParsedPage]:
    return {path: parse(content) for path, content in files.items() if path.endswith(".html")}


def resolve(page: str, link: str) -> tuple[str, str]:
    """(site path, fragment) a relative link on `page` points to."""
    target, _, fragment = link.partition("#")
    if not target:
        return page, fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    return joined, fragment
