"""The top line of every screen: coach's header.

It looks like Textual's ``Header`` (the ⭘ on the left opens the command palette when
clicked; the app's title and the screen's sub-title centred between the icon's eight columns
and the clock's ten) but is one widget instead of four, so it costs the routine picker's
first frame less. It repaints when a title or sub-title changes. A sub-title may name a
routine, so control characters in either are drawn as look-alikes (Textual's ``Content``
reads neither as markup).
"""

from __future__ import annotations

from textual import events
from textual.content import Content
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

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        middle = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        text = app.format_title(visible(title), visible(sub_title)).truncate(
            middle, ellipsis=True)
        left = (middle - text.cell_length) // 2
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        return Content.assemble(icon, text.pad(left, middle - left - text.cell_length))

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
