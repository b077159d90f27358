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

from rich.text import Text
from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD
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
    return tuple("".join(cells[pair] for pair in zip(top, bottom))
                 for top, bottom in zip(grid[0::2], grid[1::2]))


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


class BigClock(Widget):
    """``text`` drawn as large as the widget's region allows, right-aligned and centred
    vertically. Repaints only when the text changes; no layout either way."""

    DEFAULT_CSS = """
    BigClock { width: 1fr; height: 1fr; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def rows(self) -> tuple[str, ...]:
        """What is drawn at the widget's current size."""
        return render_clock(self._text, self.size.width, self.size.height)

    def render(self) -> Text:
        rows = self.rows()
        width, height = self.size
        if not rows:
            return Text()
        above = max(0, (height - len(rows)) // 2)
        right = [row.rjust(width) for row in rows]
        plain = len(rows) == 1 and rows[0] == self._text
        return Text("\n" * above + "\n".join(right), style="bold" if plain else "",
                    no_wrap=True)
