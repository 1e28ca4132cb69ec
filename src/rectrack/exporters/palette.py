"""Status badge colours: a distinct pair per status, each readable at WCAG AA (4.5:1).

Colour is never the only signal (every badge carries its status as text), but a reader
who scans a table by colour should still be able to tell any two statuses apart. Shared by
the HTML export and the site, so a status looks the same in both.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from dataclasses import dataclass

AA_NORMAL_TEXT = 4.5


@dataclass(frozen=True, kw_only=True)
class BadgeColours:
    """A badge's text and background, as #rrggbb."""

    text: str
    background: str


# Hand-picked so the common workflows look calm: open statuses in warm and blue tones,
# closed ones in greens; tested against AA_NORMAL_TEXT like the generated ones.
_OPEN = (
    BadgeColours(text="#2b3a55", background="#e4eaf3"),
    BadgeColours(text="#7a4300", background="#ffedc7"),
    BadgeColours(text="#5a2a91", background="#efe5fb"),
    BadgeColours(text="#1d4f9c", background="#dde9ff"),
    BadgeColours(text="#8c1c1c", background="#fde2e2"),
    BadgeColours(text="#55521a", background="#efeed8"),
)
_CLOSED = (
    BadgeColours(text="#14632e", background="#d6f3de"),
    BadgeColours(text="#0b5757", background="#d3efef"),
    BadgeColours(text="#474747", background="#e8e8e8"),
    BadgeColours(text="#3d5a1a", background="#e4f1cf"),
)
NO_STATUS = BadgeColours(text="#57606a", background="#ffffff")


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def badge_colours(statuses: Sequence[str], *, final: frozenset[str]) -> list[BadgeColours]:
    """One pair per status, in the order given; no two pairs alike."""
    open_pool, closed_pool = list(_OPEN), list(_CLOSED)
    taken: set[BadgeColours] = set()
    pairs: list[BadgeColours] = []
    for position, status in enumerate(statuses):
        pool = closed_pool if status in final else open_pool
        pair = pool.pop(0) if pool else _generated(position, taken)
        taken.add(pair)
        pairs.append(pair)
    return pairs


def _generated(position: int, taken: set[BadgeColours]) -> BadgeColours:
    """A further pair on a golden-angle walk round the hue circle, darkened until AA holds."""
    step = position
    while True:
        hue = (0.11 + step * 0.381966) % 1.0
        background = _hex(*colorsys.hls_to_rgb(hue, 0.92, 0.6))
        lightness = 0.3
        text = _hex(*colorsys.hls_to_rgb(hue, lightness, 0.7))
        while contrast_ratio(text, background) < AA_NORMAL_TEXT + 0.3:
            lightness -= 0.02
            text = _hex(*colorsys.hls_to_rgb(hue, lightness, 0.7))
        pair = BadgeColours(text=text, background=background)
        if pair not in taken:
            return pair
        step += 1


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))
