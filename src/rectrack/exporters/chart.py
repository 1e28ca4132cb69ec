"""An inline SVG step chart of open and closed recommendations over time.

Plain SVG 1.1 with presentation attributes only, so it shows in any browser, prints, and
needs no script. Pure: points in, markup out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rectrack.domain.stats import Point

WIDTH, HEIGHT = 560, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 16, 30, 34
OPEN_COLOUR = "#d4622a"
CLOSED_COLOUR = "#1a7f37"


def svg_chart(points: Sequence[Point]) -> str:
    """The chart; a short note in the same frame when there is nothing to draw yet (no
    events, or all on one day: a line needs two)."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
        'font-family="system-ui, sans-serif" font-size="12">'
        '<title id="chart-title">Open and closed recommendations over time</title>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
    )
    if len({point.date for point in points}) < 2:  # one day is a dot, not a line
        note = "Not enough history yet" if points else "No events yet"
        return (
            head + f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
            f'fill="#57606a">{note}</text></svg>'
        )
    scale = _Scale(points)
    parts = [head, *_grid(scale), *(_series(points, scale, label=label) for label in _SERIES)]
    return "".join([*parts, _legend(), "</svg>"])


_SERIES = {"open": OPEN_COLOUR, "closed": CLOSED_COLOUR}


class _Scale:
    """Where a day and a count fall on the plot."""

    def __init__(self, points: Sequence[Point]) -> None:
        self.start, self.end = points[0].date, points[-1].date
        self.span = max((self.end - self.start).days, 1)
        self.top = max(1, max(max(point.open, point.closed) for point in points))
        self.width, self.height = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(self, day: dt.date) -> float:
        return round(_LEFT + self.width * (day - self.start).days / self.span, 1)

    def y(self, count: int) -> float:
        return round(_TOP + self.height * (1 - count / self.top), 1)


def _grid(scale: _Scale) -> list[str]:
    """Count gridlines, year ticks, and the first and last dates."""
    parts = []
    step = -(-scale.top // 4)  # at most five gridlines, on whole numbers
    for count in sorted({*range(0, scale.top, step), scale.top}):
        y = scale.y(count)
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y}" y2="{y}" '
            f'stroke="#d0d7de" stroke-width="1"/><text x="{_LEFT - 6}" y="{y + 4}" '
            f'text-anchor="end" fill="#57606a">{count}</text>'
        )
    start, end = scale.start, scale.end
    for year in range(start.year + 1, end.year + 1):
        tick = scale.x(dt.date(year, 1, 1))
        parts.append(
            f'<line x1="{tick}" x2="{tick}" y1="{_TOP}" y2="{HEIGHT - _BOTTOM}" stroke="#eaeef2"/>'
        )
        if (end - start).days > 700 or year == end.year:
            parts.append(
                f'<text x="{tick}" y="{HEIGHT - _BOTTOM + 16}" text-anchor="middle" '
                f'fill="#57606a">{year}</text>'
            )
    parts.append(
        f'<text x="{_LEFT}" y="{HEIGHT - 4}" fill="#57606a">{start.isoformat()}</text>'
        f'<text x="{WIDTH - _RIGHT}" y="{HEIGHT - 4}" text-anchor="end" fill="#57606a">'
        f"{end.isoformat()}</text>"
    )
    return parts


def _series(points: Sequence[Point], scale: _Scale, *, label: str) -> str:
    """One count as a step line; the closed line dashed, so equal counts both show."""
    steps = []
    previous: float | None = None
    for point in points:
        if previous is not None:
            steps.append(f"{scale.x(point.date)},{previous}")
        previous = scale.y(point.open if label == "open" else point.closed)
        steps.append(f"{scale.x(point.date)},{previous}")
    dash = ' stroke-dasharray="7 5"' if label == "closed" else ""
    return (
        f'<polyline class="series-{label}" fill="none" stroke="{_SERIES[label]}" '
        f'stroke-width="3"{dash} stroke-linejoin="round" points="{" ".join(steps)}"/>'
    )


def _legend() -> str:
    items = []
    for offset, (label, colour) in enumerate((("Open", OPEN_COLOUR), ("Closed", CLOSED_COLOUR))):
        left = _LEFT + offset * 90
        items.append(
            f'<rect x="{left}" y="8" width="14" height="14" rx="2" fill="{colour}"/>'
            f'<text x="{left + 20}" y="19" fill="#1b1f24">{label}</text>'
        )
    return "".join(items)
