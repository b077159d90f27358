"""Pain scores as a sparkline on the fixed 0-10 scale, one column a session.

Textual's Sparkline scales to the smallest and largest value shown, which would draw a
week of 2s and a week of 8s the same; pain before and after must share one scale to be
compared, so this one always spans 0 to 10. A session without a score leaves a gap.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"  # eighths of a cell, from none to full
PAIN_MAX = 10


def column(pain: int, rows: int) -> list[str]:
    """The cells of one score from the top row down. Zero still shows the lowest bar, so a
    score of 0 is told apart from no score."""
    eighths = max(1, round(pain / PAIN_MAX * rows * 8))
    cells = []
    for row in range(rows - 1, -1, -1):  # top first
        cells.append(BARS[min(8, max(0, eighths - row * 8))])
    return cells


class PainLine(Widget):
    """One score per column, oldest on the left; as tall as its height."""

    DEFAULT_CSS = """
    PainLine { width: auto; height: 1; }
    """

    def __init__(self, values: Sequence[int | None] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.values: list[int | None] = list(values)

    def show(self, values: Sequence[int | None]) -> None:
        self.values = list(values)
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return max(1, len(self.values))

    def render(self) -> Text:
        rows = max(1, self.size.height)
        grid = [[" "] * len(self.values) for _ in range(rows)]
        for x, pain in enumerate(self.values):
            if pain is not None:
                for y, cell in enumerate(column(pain, rows)):
                    grid[y][x] = cell
        return Text("\n".join("".join(line) for line in grid), no_wrap=True, overflow="crop")
