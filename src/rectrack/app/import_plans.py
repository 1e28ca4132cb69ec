"""Planning an import: every input read and checked into Plans before anything is written.

The readers in `rectrack.importers` turn text into records; this module turns those into
Plans (one recommendation each, with the key that recognises it on a later import) and
collects the problems of every input (`Problems`), so one run reports them all at once
and writes nothing if there is any. Spreadsheets and JSON exports: `import_sheets.py`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rectrack.domain.events import Comment, Event, StatusChange
from rectrack.domain.workflow import Workflow
from rectrack.errors import (
    ImportFormatError,
    ImportRefused,
    ImportUnknownStatus,
    RectrackError,
    SourceUnreadable,
)
from rectrack.importers.html_page import read_page
from rectrack.importers.tracker import TrackerPage

#: Import files larger than this are refused before reading (a wrong file, not a tracker).
MAX_SOURCE_BYTES = 64 * 1024 * 1024
#: What a folder argument imports: text pages and saved web pages.
PAGE_SUFFIXES = (".txt", ".html", ".htm")
Mode = Literal["page", "row", "export"]
#: Told after each input read: (inputs done, inputs in all).
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, kw_only=True)
class Plan:
    """One recommendation to bring in: its header, its events, and how to recognise it."""

    source: str  # for messages: a file name, with a row or item where useful
    mode: Mode
    header: dict[str, Any]
    events: tuple[Event, ...]
    key: tuple[Any, ...] | None = None  # what recognises it on a later import
    rec_id: int | None = None  # the ID it asks for (a JSON export, an `id` column)
    what: str = ""  # what the source calls it, e.g. "tracker 8712", "row 3"
    lines: tuple[int | None, ...] = field(default=())  # where each event came from
    undated: int = 0  # how many of the last events the page gave no date (dated --date)


class Problems:
    """Every problem of a run, in the order found; raised together, or not at all."""

    def __init__(self) -> None:
        self.errors: list[RectrackError] = []

    def add(self, error: RectrackError) -> None:
        self.errors.append(error)

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Note a refusal raised in the block and carry on with the next input."""
        try:
            yield
        except RectrackError as error:
            self.add(error)

    def raise_any(self) -> None:
        """One problem: its own error. Several: one line listing every one."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            problems = "; ".join(error.message for error in self.errors)
            raise ImportRefused(count=len(self.errors), problems=problems)


def read_source(path: Path) -> bytes:
    """A source file's bytes, or SourceUnreadable."""
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceUnreadable(path=path, reason=f"it is over {MAX_SOURCE_BYTES} bytes")
        return path.read_bytes()
    except OSError as error:
        raise SourceUnreadable(path=path, reason=error.strerror or str(error)) from None


def read_text(path: Path) -> str:
    """A source file's text (UTF-8, a byte-order mark allowed), or SourceUnreadable."""
    data = read_source(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        what = "a binary file, not a text page" if b"\x00" in data else "save it as UTF-8"
        reason = f"not UTF-8 text (byte {error.start}): {what}"
        raise SourceUnreadable(path=path, reason=reason) from None


def page_files(paths: Sequence[Path], problems: Problems) -> list[tuple[Path, str]]:
    """(file, name for messages) of every page: files as given, folders' pages in name order.

    Hidden files and folders (an editor's backups, macOS's `._` files) are passed over.
    """
    found: list[tuple[Path, str]] = []
    for path in paths:
        if not path.is_dir():
            found.append((path, path.name))
            continue
        pages = sorted(
            (page.relative_to(path).as_posix(), page)
            for page in path.rglob("*")
            if page.suffix.lower() in PAGE_SUFFIXES and page.is_file()
            and not any(part.startswith(".") for part in page.relative_to(path).parts)
        )  # fmt: skip
        if not pages:
            problems.add(ImportFormatError(source=f"{path}{os.sep}", detail="no .txt, .html or "
                                           ".htm pages in this folder"))  # fmt: skip
        found += [(page, f"{path.name}/{name}") for name, page in pages]
    return found


def plan_pages(
    paths: Sequence[Path], *, workflow: Workflow, by: str, report: str | None, date: dt.date,
    problems: Problems, progress: Progress | None = None,
) -> list[Plan]:  # fmt: skip
    """One plan per tracker page (files, and folders' pages); problems noted, not raised."""
    files = page_files(paths, problems)
    plans = []
    for done, (path, name) in enumerate(files, 1):
        with problems.collecting():
            page = read_page(read_text(path), source=name, name=path.name)
            plans.append(page_plan(page, source=name, by=by, report=report, date=date,
                                   workflow=workflow))  # fmt: skip
        if progress is not None:
            progress(done, len(files))
    return plans


def page_plan(
    page: TrackerPage, *, source: str, by: str, report: str | None, date: dt.date,
    workflow: Workflow,
) -> Plan:  # fmt: skip
    """A page as a recommendation: its history in page order, then what the page left undated.

    A page with no status at all starts in the workflow's initial status, dated `date`
    (the import's --date), after whatever dated comments it has; undated progress text
    becomes a comment on that date too.
    """
    header: dict[str, Any] = {"title": page.title, "text": page.text,
                              "report": report or page.report, "number": page.number,
                              "kind": page.kind, "section": page.section,
                              "concern": page.concern}  # fmt: skip
    extra = {"tracker_id": page.tracker_id, "force": page.force, "theme": page.theme}
    header |= {name: value for name, value in extra.items() if value is not None}
    events: list[Event] = [
        StatusChange(date=item.date, by=by, status=item.status)
        if item.status is not None
        else Comment(date=item.date, by=by, text=item.comment or "")
        for item in page.events
    ]
    undated: list[Event] = []
    if not any(isinstance(event, StatusChange) for event in events):
        undated.append(StatusChange(date=date, by=by, status=workflow.initial))
    if page.progress:
        undated.append(Comment(date=date, by=by, text=page.progress))
    what = f"tracker {page.tracker_id}" if page.tracker_id else f"{page.kind} {page.number or ''}"
    return Plan(
        source=source, mode="page", header=header, events=(*events, *undated),
        key=page.key, what=what.strip(), undated=len(undated),
        lines=(*(item.line for item in page.events), *(None for _ in undated)),
    )  # fmt: skip


# --- checks across every plan of a run ------------------------------------------------------


def check_statuses(workflow: Workflow, plans: Sequence[Plan], problems: Problems) -> None:
    """One problem naming every status the workflow lacks, where each is used, and the fix."""
    uses: dict[str, list[str]] = {}
    for plan in plans:
        for index, event in enumerate(plan.events):
            if isinstance(event, StatusChange) and event.status not in workflow.statuses:
                line = plan.lines[index] if index < len(plan.lines) else None
                where = f"line {line}" if line else f"event {index + 1}"
                uses.setdefault(event.status, []).append(f"{plan.source} {where}")
    if not uses:
        return
    named = [f"{status!r} ({', '.join(places)})" for status, places in uses.items()]
    lines = " and ".join(f"`  - {status}`" for status in uses)
    problems.add(ImportUnknownStatus(
        statuses=("status " if len(uses) == 1 else "statuses ") + "; ".join(named),
        lines=("the line " if len(uses) == 1 else "the lines ") + lines,
        valid=", ".join(workflow.statuses),
    ))  # fmt: skip


def without_repeats(
    plans: Sequence[Plan], problems: Problems
) -> tuple[list[Plan], list[tuple[Plan, Plan]]]:
    """(plans to import, (repeat, the plan it repeats)): the same recommendation twice in one
    run is imported once if both say the same; if they differ, that is a problem."""
    first: dict[tuple[Any, ...], Plan] = {}
    kept: list[Plan] = []
    repeats: list[tuple[Plan, Plan]] = []
    for plan in plans:
        earlier = first.get(plan.key) if plan.key is not None else None
        if earlier is None:
            if plan.key is not None:
                first[plan.key] = plan
            kept.append(plan)
        elif (earlier.header, earlier.events) == (plan.header, plan.events):
            repeats.append((plan, earlier))
        else:
            problems.add(ImportFormatError(
                source=f"{earlier.source} and {plan.source}",
                detail=f"both are {_named(plan.key)}, but they differ "
                f"({_difference(earlier, plan)}): import only the right one",
            ))  # fmt: skip
    return kept, repeats


def _named(key: tuple[Any, ...] | None) -> str:
    if key is not None and key[0] == "tracker":
        return f"tracker recommendation {key[1]}"
    if key is not None and key[0] == "row":
        return f"number {key[2]} of report {key[1]!r}"
    return "the same recommendation (the same text)"


def _difference(one: Plan, other: Plan) -> str:
    fields = [name for name in dict.fromkeys([*one.header, *other.header])
              if one.header.get(name) != other.header.get(name)]  # fmt: skip
    if fields:
        return ", ".join(fields)
    if len(one.events) != len(other.events):
        return f"{len(one.events)} and {len(other.events)} events"
    return "events"
