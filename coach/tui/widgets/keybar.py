"""The keys that work on this screen, on one line at the bottom: coach's footer.

It shows what Textual's ``Footer`` shows (each shown binding of the focused widget and its
screen, one per action; disabled ones dimmed; the command palette key on the right) in its
colours, but as one widget that repaints when the bindings change. Textual's Footer is a
widget per key, fills in its keys a frame after its screen and builds them again on every
change of focus; on the routine picker that was a second frame and a sixth of the time to
start. A click on a key presses it, as on Textual's.

Where the keys don't all fit, they are set closer (as the runner's compact bar is), the
palette key is shortened to ``^p`` if that leaves room for more, and if that is not enough
the last ones go first, the keys of one action together (Move up and Move down), but never
the way out (a key bound to Esc or q: Quit, Back), Save (ctrl+s, which keeps the work done
on the screen) nor ? Keys, which lists every key.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

# Keys a narrow bar keeps to the last: the way out, Save, and the list of every key.
KEEP = frozenset({"escape", "q", "ctrl+s", "question_mark"})


@dataclass(frozen=True)
class _Key:
    key: str  # what a click presses
    display: str
    description: str
    enabled: bool
    action: str = ""

    @property
    def group(self) -> str:
        """The action without its parameters: ``move(-1)`` and ``move(1)`` are one group."""
        return self.action.partition("(")[0]


class KeyBar(Widget):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keybar--separator { color: $foreground 20%; }
    }
    """
    ALLOW_SELECT = False

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        # (first column, last column + 1, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def _keys(self) -> tuple[list[_Key], _Key | None]:
        """The keys to show, in binding order, one per action, and the palette key."""
        app = self.app
        keys: list[_Key] = []
        actions: set[str] = set()
        palette = None
        for key, (_, binding, enabled, _) in self.screen.active_bindings.items():
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = _Key(key, app.get_key_display(binding), binding.description, enabled)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(_Key(key, app.get_key_display(binding), binding.description,
                                 enabled, binding.action))
        return keys, palette

    @staticmethod
    def _width(keys: list[_Key], compact: bool) -> int:
        """Columns the keys take, their spacing included (closely set, the last needs no
        space after it)."""
        if compact:
            return sum(len(k.display) + len(k.description) + 2 for k in keys) - bool(keys)
        return sum(len(k.display) + len(k.description) + 3 for k in keys)

    def _fit(self, keys: list[_Key], room: int) -> tuple[list[_Key], bool]:
        """The keys to draw in ``room``, and whether closely set: all of them if they fit,
        else without the last ones that are not kept (with the other keys of their action),
        until they do."""
        if self._width(keys, self.compact) <= room:
            return keys, self.compact
        keys = list(keys)
        while self._width(keys, True) > room:
            drop = next((k for k in reversed(keys) if k.key not in KEEP), None)
            if drop is None:
                break
            keys = [k for k in keys
                    if k is not drop and (k.key in KEEP or k.group != drop.group)]
        return keys, True

    def _tail(self, palette: _Key | None, short: bool) -> Text:
        """The palette key, on the right: ``▏^p palette``, or ``▏^p`` when short."""
        tail = Text(no_wrap=True, end="")
        if palette is not None:
            tail.append("▏", self.get_component_rich_style("keybar--separator"))
            tail.append(palette.display, self.get_component_rich_style("keybar--key"))
            if not short:
                tail.append(f" {palette.description}",
                            self.get_component_rich_style("keybar--description"))
        return tail

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        every, palette = self._keys()
        # The palette key keeps its place on the right; the others are cut short before it.
        tail = self._tail(palette, short=False)
        room = max(0, self.size.width - tail.cell_len)
        keys, compact = self._fit(every, room)
        if palette is not None and (len(keys) < len(every) or self._width(keys, True) > room):
            short = self._tail(palette, short=True)
            short_room = max(0, self.size.width - short.cell_len)
            more, closer = self._fit(every, short_room)
            if len(more) > len(keys) or self._width(keys, True) > room:
                tail, room, keys, compact = short, short_room, more, closer
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, str]] = []
        for k in keys:
            start = line.cell_len
            dim = Style() if k.enabled else Style(dim=True)
            if compact:  # "space Pause n Next"
                line.append(k.display, key_style + dim)
                line.append(f" {k.description}", text_style + dim)
            else:  # " / Filter  e Exercises "
                line.append(f" {k.display} ", key_style + dim)
                line.append(f"{k.description} ", text_style + dim)
            spans.append((start, min(line.cell_len, room), k.key))
            if compact:
                line.append(" ")
        line.truncate(room, overflow="crop", pad=True)
        if palette is not None:
            spans.append((room, room + tail.cell_len, palette.key))
            line.append_text(tail)
        self._spans = [span for span in spans if span[0] < span[1]]
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
