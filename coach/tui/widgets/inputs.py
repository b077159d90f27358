"""Text inputs whose cursor blink follows the app (off in tests, for stable snapshots), and
which never hold a control character: a key never types one, but a paste can bring ESC or
BEL along, and Input draws its value as it is.
"""

from __future__ import annotations

from textual.widgets import Input

from coach.safetext import visible


class TextField(Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def watch_value(self, value: str) -> None:
        # Look-alikes, one for one, so the cursor stays where it was.
        shown = visible(value)
        if shown != value:
            self.value = shown
