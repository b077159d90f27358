"""The big countdown (``0:25``) and rep count (``4/10``), as large as the space allows.

Digits are a 5x7 pixel font drawn with half blocks (``▀ ▄ █``), two pixels to a cell, so a
pixel is about square on a terminal. At scale ``k`` each pixel is ``k`` columns by ``k``
half-rows, so the digits are ``ceil(7k / 2)`` rows tall: 4, 7, 11, 14, ... The widget
draws the largest scale that fits its region; below four rows it uses the three-row box
digits of Textual's ``Digits`` widget, and below that a plain bold line. Rendering happens
only when the text or the size changes (see :meth:`BigClock.update`), so a countdown costs
one small repaint a second.
"""

from __future__ import annotations

import math
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD
from textual.strip import Strip
from textual.widget import Widget

# 5x7 pixels per digit; ':' and '/' are narrower. "#" is a lit pixel.
_PIXELS = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": (".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", ".", "#", ".", "#", ".", "."),
    "/": ("...#", "...#", "..#.", "..#.", ".#..", ".#..", "#..."),
    " ": ("..", "..", "..", "..", "..", "..", ".."),
}
PIXEL_ROWS = 7
SMALL_ROWS = 3  # Textual's box digits
CHARACTERS = frozenset(_PIXELS)

# The three-row digits, as Textual's Digits draws them in bold, plus a slash of our own.
_BOX = {char: tuple(row.ljust(3) for row in DIGITS3X3_BOLD[3 * i:3 * i + 3])
        for i, char in enumerate(DIGITS) if char in "0123456789:"}
_BOX["/"] = ("  ╻", " ┏┛", "╺┛ ")
_BOX[" "] = (" ", " ", " ")


def scale_rows(scale: int) -> int:
    """Rows the half-block digits take at ``scale``."""
    return math.ceil(PIXEL_ROWS * scale / 2)


@lru_cache(maxsize=64)
def render_scaled(text: str, scale: int) -> tuple[str, ...]:
    """``text`` in half-block digits at ``scale``, one pixel column between characters
    (``scale`` columns on screen). Every row has the same width."""
    pixels: list[str] = [""] * PIXEL_ROWS
    for i, char in enumerate(text):
        glyph = _PIXELS[char]
        for r in range(PIXEL_ROWS):
            pixels[r] += ("." if i else "") + glyph[r]
    grid = ["".join(p * scale for p in row) for row in pixels for _ in range(scale)]
    if len(grid) % 2:
        grid.append("." * len(grid[0]))
    cells = {("#", "#"): "█", ("#", "."): "▀", (".", "#"): "▄", (".", "."): " "}
    return tuple("".join(cells[pair] for pair in zip(top, bottom, strict=False))
                 for top, bottom in zip(grid[0::2], grid[1::2], strict=False))


def render_box(text: str) -> tuple[str, ...]:
    """``text`` in Textual's three-row box digits, each character three columns wide."""
    rows = ["", "", ""]
    for char in text:
        glyph = _BOX[char]
        for r in range(SMALL_ROWS):
            rows[r] += glyph[r].ljust(3)
    return tuple(rows)


def render_clock(text: str, width: int, height: int) -> tuple[str, ...]:
    """``text`` as large as fits ``width`` x ``height``: the largest half-block scale, else
    box digits, else the text itself on one line."""
    if not text:
        return ()
    if not set(text) <= CHARACTERS:
        return (text,)
    scale = max(1, (2 * height) // PIXEL_ROWS)
    while scale >= 1:
        rows = render_scaled(text, scale)
        if len(rows) <= height and len(rows[0]) <= width:
            return rows
        scale -= 1
    if height >= SMALL_ROWS and len(text) * 3 <= width:
        return render_box(text)
    return (text,)


def _changed_columns(before: tuple[str, ...], after: tuple[str, ...],
                     size: Size) -> Region | None:
    """The part of a ``size`` widget that differs between two drawings (each right-aligned and
    centred the same way), an empty Region when none does; None when their shapes differ."""
    if not before or len(before) != len(after) or len(before[0]) != len(after[0]):
        return None
    pairs = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
    if not pairs:
        return Region()
    first = min(_same_prefix(b, a) for b, a in pairs)
    last = len(after[0]) - min(_same_prefix(b[::-1], a[::-1]) for b, a in pairs)
    left = size.width - len(after[0])
    top = max(0, (size.height - len(after)) // 2)
    return Region(left + first, top, last - first, len(after))


def _same_prefix(a: str, b: str) -> int:
    """How many leading characters two strings share, by halving (slices compare in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


class BigClock(Widget):
    """``text`` drawn as large as the widget's region allows, right-aligned and centred
    vertically. Repaints only when the text changes, and never needs a layout. Lines are
    drawn straight to strips (no Rich text layout), which keeps a countdown cheap."""

    DEFAULT_CSS = """
    BigClock { width: 1fr; height: 1fr; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text
        self._drawn: tuple[str, Size, tuple[str, ...]] | None = None
        self._style = Style()

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        """Show ``text``; only the columns that change are painted again (from 0:57 to 0:56,
        the last digit)."""
        if text == self._text:
            return
        before = self.rows() if self._drawn is not None else ()
        self._text = text
        changed = _changed_columns(before, self.rows(), self.size)
        if changed is None:
            self.refresh()
        elif changed:
            self.refresh(changed)

    def rows(self) -> tuple[str, ...]:
        """What is drawn at the widget's current size, each row as wide as the widget."""
        size = self.size
        if self._drawn is None or self._drawn[:2] != (self._text, size):
            rows = render_clock(self._text, size.width, size.height)
            self._drawn = (self._text, size, rows)
        return self._drawn[2]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style = self.rich_style  # once a paint, not once a line: it walks the DOM
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        rows = self.rows()
        row = y - max(0, (height - len(rows)) // 2)
        style = self._style
        if not 0 <= row < len(rows):
            return Strip.blank(width, style)
        text = rows[row]
        if len(rows) == 1 and text == self._text:  # the plain line: bold, to stand out
            style += Style(bold=True)
        return Strip([Segment(text.rjust(width)[-width:] if width else "", style)], width)
