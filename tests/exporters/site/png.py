"""Just enough PNG decoding to tell a rendered page from a blank one (8-bit RGB/RGBA)."""

from __future__ import annotations

import struct
import zlib


def pixels(data: bytes, *, max_rows: int | None = None) -> tuple[int, int, list[bytes], int]:
    """Width, height, unfiltered rows and bytes per pixel of a Chromium screenshot;
    `max_rows`: only the top rows (decoding in Python is slow)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, bytearray(), b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    size = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(bytes(idat)), width * size
    rows, previous = [], bytearray(stride)
    for y in range(height if max_rows is None else min(height, max_rows)):
        start = y * (stride + 1)
        rows.append(
            bytes(
                _unfilter(
                    raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, size
                )
            )
        )
        previous = bytearray(rows[-1])
    return width, height, rows, size


def _unfilter(kind: int, line: bytearray, up_line: bytearray, size: int) -> bytearray:
    for i in range(len(line)):
        left = line[i - size] if i >= size else 0
        up, corner = up_line[i], up_line[i - size] if i >= size else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            guess = left + up - corner
            pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
            line[i] = (
                line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
            ) & 0xFF
    return line


def colour_census(data: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not white) in a PNG."""
    width, height, rows, size = pixels(data)
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), size)}
    white = sum(row[i : i + 3] == b"\xff\xff\xff" for row in rows for i in range(0, len(row), size))
    return len(colours), 1 - white / (width * height)
