"""A progress bar that paints only when told: no timers of its own, no layout on update.

The filled part is a heavy line (``━``, ending in a half cell ``╸``) and the rest a light
one (``─``), so the bar reads the same with colours and without them (NO_COLOR).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

FILLED, HALF, EMPTY = "━", "╸", "─"


def bar_cells(fraction: float, width: int) -> tuple[str, str]:
    """The filled and empty parts of a bar ``width`` cells wide at ``fraction``, to the half
    cell: ``("━━╸", "───")``."""
    halves = round(max(0.0, min(1.0, fraction)) * width * 2)
    full, half = divmod(halves, 2)
    filled = FILLED * full + HALF * half
    return filled, EMPTY * (width - len(filled))


class Meter(Widget):
    """A bar filled to ``fraction`` (0..1), quantised to the half-cells it can show."""

    COMPONENT_CLASSES = {"meter--bar", "meter--track"}
    DEFAULT_CSS = """
    Meter { height: 1; width: 1fr; }
    Meter > .meter--bar { color: $accent; text-style: bold; }
    Meter > .meter--track { color: $surface-lighten-2; }
    Meter:nocolor > .meter--track { text-style: dim; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._fraction = 0.0

    @property
    def fraction(self) -> float:
        return self._fraction

    def shown(self, fraction: float) -> float:
        """``fraction`` as this bar can draw it at its current width."""
        cells = max(1, self.size.width * 2)
        return round(max(0.0, min(1.0, fraction)) * cells) / cells

    def set_fraction(self, fraction: float) -> None:
        shown = self.shown(fraction)
        if shown != self._fraction:
            self._fraction = shown
            self.refresh()

    def on_resize(self) -> None:
        self._fraction = self.shown(self._fraction)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y or not width:
            return Strip.blank(width, self.rich_style)
        filled, empty = bar_cells(self._fraction, width)
        base = self.rich_style
        bar: Style = base + self.get_component_rich_style("meter--bar", partial=True)
        track: Style = base + self.get_component_rich_style("meter--track", partial=True)
        return Strip([Segment(filled, bar), Segment(empty, track)], width)
