"""A progress bar that paints only when told: no timers of its own, no layout on update."""

from __future__ import annotations

from textual.renderables.bar import Bar
from textual.widget import Widget


class Meter(Widget):
    """A bar filled to ``fraction`` (0..1), quantised to the half-cells it can show."""

    COMPONENT_CLASSES = {"meter--bar", "meter--track"}
    DEFAULT_CSS = """
    Meter { height: 1; width: 1fr; }
    Meter > .meter--bar { color: $accent; }
    Meter > .meter--track { color: $surface-lighten-2; }
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

    def render(self) -> Bar:
        width = self.size.width
        return Bar(
            highlight_range=(0, self._fraction * width),
            highlight_style=self.get_component_rich_style("meter--bar"),
            background_style=self.get_component_rich_style("meter--track"),
            width=width,
        )
