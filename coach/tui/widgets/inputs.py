"""Text inputs whose cursor blink follows the app (off in tests, for stable snapshots)."""

from __future__ import annotations

from textual.widgets import Input


class TextField(Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
