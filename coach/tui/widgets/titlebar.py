"""The top line of every screen: coach's header.

It looks like Textual's ``Header`` (the ⭘ on the left opens the command palette when
clicked; the app's title and the screen's sub-title centred between the icon's eight columns
and the clock's ten) but is one widget instead of four, so it costs the routine picker's
first frame less. It repaints when a title or sub-title changes. A sub-title may name a
routine, so control characters in either are drawn as look-alikes (Textual's ``Content``
reads neither as markup).

Where Header's clock would be, it says what state coach is in, in words (so it reads without
colour too): the screen's :attr:`TitleBar.status` (the runner's "Paused", in reverse) and
"Bell off" whenever the app's bell is muted, on every screen that has a TitleBar. The
columns kept there grow to fit both.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from coach.safetext import visible

ICON = "⭘"
ICON_WIDTH = 8  # Header's icon: "⭘" with a column of padding, in eight columns
CLOCK_WIDTH = 10  # the space Header keeps for its clock, shown or not


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """
    ALLOW_SELECT = False
    # The screen's own state, shown at the right in reverse: "Paused", or "" for none.
    status: reactive[str] = reactive("", layout=False)
    # The app's bell (its ``bell_on``, followed from mount), muted: "Bell off".
    bell_off: reactive[bool] = reactive(False, layout=False)

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)
        self.watch(self.app, "bell_on", self._bell_changed)

    def _title_changed(self) -> None:
        self.refresh()

    def _bell_changed(self, on: bool) -> None:
        self.bell_off = not on

    def state(self) -> Content:
        """What the right-hand columns say: ``Paused · Bell off``, or nothing."""
        parts: list[Content] = []
        if self.status:
            parts.append(Content.styled(f" {self.status} ", "reverse bold"))
        if self.bell_off:
            parts.append(Content.styled("Bell off", "bold"))
        return Content(" ").join(parts)

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        state = self.state()
        right = max(CLOCK_WIDTH, state.cell_length + 1)
        middle = max(0, self.size.width - ICON_WIDTH - right)
        text = app.format_title(visible(title), visible(sub_title)).truncate(
            middle, ellipsis=True)
        left = (middle - text.cell_length) // 2
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        line = Content.assemble(icon, text.pad(left, middle - left - text.cell_length))
        if not state:
            return line  # the clock's columns stay blank, as Header leaves them
        return Content.assemble(line, state.pad_left(right - 1 - state.cell_length), " ")

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
