"""A calendar heatmap: one square a day, weeks across and Monday to Sunday down, shaded by
how many sessions the day had, with month names above and a legend below.

The shades are component classes, so they follow the theme; each is blended over the
widget's background the way Textual's own Sparkline blends its colours.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widget import Widget

CELL = "■"
DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")
LABEL_WIDTH = 3  # "Mo "
COLUMN_WIDTH = 2  # a square and a gap
# Sessions in a day -> shade; the last one is for that many or more.
SHADES = ("heatmap--none", "heatmap--one", "heatmap--two", "heatmap--more")
LEGEND = ("0", "1", "2", "3+")


def shade_of(sessions: int) -> int:
    """Index into :data:`SHADES` for a day with ``sessions`` sessions."""
    return min(max(sessions, 0), len(SHADES) - 1)


def month_labels(first_monday: date, weeks: int) -> str:
    """The row above the grid: each month's name over the first week that starts in it
    (and over the first column, when that leaves room before the next name)."""
    row = [" "] * (LABEL_WIDTH + weeks * COLUMN_WIDTH)
    free_from = 0
    for week in range(weeks):
        monday = first_monday + timedelta(weeks=week)
        previous = monday - timedelta(weeks=1)
        if week and monday.month == previous.month:
            continue
        x = LABEL_WIDTH + week * COLUMN_WIDTH
        name = MONTH_NAMES[monday.month - 1]
        if week == 0:
            # Only if the next month's name does not start within this one.
            later = [w for w in range(1, weeks)
                     if (first_monday + timedelta(weeks=w)).month != monday.month]
            if later and LABEL_WIDTH + later[0] * COLUMN_WIDTH < x + len(name) + 1:
                continue
        if x < free_from:
            continue
        row[x:x + len(name)] = name
        free_from = x + len(name) + 1
    return "".join(row).rstrip()


class CalendarHeatmap(Widget):
    """Sessions a day over the last ``weeks`` weeks up to ``today``; days after today are
    left blank. Give it the days with :meth:`show`."""

    COMPONENT_CLASSES = {*SHADES, "heatmap--label"}

    DEFAULT_CSS = """
    CalendarHeatmap { width: auto; height: auto; }
    CalendarHeatmap > .heatmap--none { color: $foreground 15%; }
    CalendarHeatmap > .heatmap--one { color: $success 45%; }
    CalendarHeatmap > .heatmap--two { color: $success 75%; }
    CalendarHeatmap > .heatmap--more { color: $success; }
    CalendarHeatmap > .heatmap--label { color: $foreground 60%; }
    """

    def __init__(self, weeks: int = 12, **kwargs) -> None:
        super().__init__(**kwargs)
        self.weeks = weeks
        self.days: dict[date, int] = {}
        self.today: date | None = None

    def show(self, days: dict[date, int], today: date) -> None:
        """Sessions on each day (missing days count as none), as of ``today``."""
        self.days = dict(days)
        self.today = today
        self.refresh(layout=True)

    def first_monday(self) -> date:
        today = self.today or date.today()
        return today - timedelta(days=today.weekday(), weeks=self.weeks - 1)

    # --- drawing ------------------------------------------------------------------------

    def _style(self, component: str) -> Style:
        _, base = self.background_colors
        color: Color = base + self.get_component_styles(component).color
        return Style(color=color.rich_color)

    def get_content_width(self, container, viewport) -> int:
        return max(LABEL_WIDTH + self.weeks * COLUMN_WIDTH - 1, len(self._legend_text()))

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + 7 + 1

    @staticmethod
    def _legend_text() -> str:
        return "   " + " ".join(f"{CELL} {n}" for n in LEGEND) + " a day"

    def render(self) -> Text:
        label = self._style("heatmap--label")
        shades = [self._style(name) for name in SHADES]
        first = self.first_monday()
        today = self.today or date.today()
        text = Text(no_wrap=True, overflow="crop")
        text.append(month_labels(first, self.weeks) + "\n", style=label)
        for weekday in range(7):
            text.append(f"{DAY_NAMES[weekday]:<{LABEL_WIDTH}}", style=label)
            for week in range(self.weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if week:
                    text.append(" ")
                if day > today:
                    text.append(" ")
                else:
                    text.append(CELL, style=shades[shade_of(self.days.get(day, 0))])
            text.append("\n")
        text.append(" " * LABEL_WIDTH)
        for n, (name, shade) in enumerate(zip(LEGEND, shades, strict=False)):
            text.append((" " if n else "") + CELL, style=shade)
            text.append(f" {name}", style=label)
        text.append(" a day", style=label)
        return text
