"""Pain by day over the last weeks as a small bar chart: before, after and the next morning
side by side for each day, on the fixed 0-10 scale, the newest day on the right.

Each day is a group of three one-cell-wide bars and a gap (their colours from the theme's
warning, success and primary, and the legend says which is which); as many days as the width
holds,
up to those given. A day without a score leaves its bar empty. Drawn with the eighths of
:mod:`coach.tui.widgets.painline`, so the two read alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

from coach.tui.widgets.painline import column

__all__ = ["DAY_WIDTH", "PainTrend"]

DAY_WIDTH = 4  # before, after, next morning, and a gap between days
AXIS = "10 ", " 5 ", " 0 "
SERIES = (("before", "warning"), ("after", "success"), ("next morning", "primary"))


class PainTrend(Widget):
    """``days``: (day, before, after, next morning), oldest first; one row of legend, the
    rest bars."""

    DEFAULT_CSS = """
    PainTrend { height: 4; width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.days: list[tuple[date, float | None, float | None, int | None]] = []

    def show(self, days: Sequence[tuple[date, float | None, float | None, int | None]]
             ) -> None:
        self.days = list(days)
        self.refresh()

    def _colours(self) -> list[str]:
        theme = self.app.theme_variables if self.is_attached else {}
        return [theme.get(name, "") for _, name in SERIES]

    def render(self) -> Text:
        rows = max(1, self.size.height - 1)
        fits = max(1, (self.size.width - len(AXIS[0])) // DAY_WIDTH)
        shown = self.days[-fits:]
        colours = self._colours()
        legend = Text(no_wrap=True, overflow="crop")
        if shown:
            legend.append(f"Pain by day, {shown[0][0]:%d %b} to {shown[-1][0]:%d %b}: ",
                          style="dim")
        else:
            legend.append("Pain by day: no scores in the last weeks", style="dim")
        for (name, _), colour in zip(SERIES, colours, strict=True):
            if shown:
                legend.append("█", style=colour)
                legend.append(f" {name}  ")
        lines = [legend]
        bars = [[column(round(v), rows) if v is not None else [" "] * rows
                 for v in day[1:]] for day in shown]
        for y in range(rows):
            line = Text(AXIS[0 if y == 0 else 2 if y == rows - 1 else 1]
                        if rows > 1 else "   ", style="dim", no_wrap=True, overflow="crop")
            for group in bars:
                for cells, colour in zip(group, colours, strict=True):
                    line.append(cells[y], style=colour)
                line.append(" ")
            lines.append(line)
        return Text("\n", no_wrap=True).join(lines)
