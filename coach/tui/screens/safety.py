"""The one-time safety note shown on first run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach import SAFETY_NOTE


class SafetyScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "dismiss", "Continue")]

    def compose(self) -> ComposeResult:
        with Vertical(id="safety-dialog", classes="dialog"):
            yield Label("Before you start", classes="dialog-question")
            yield Label(SAFETY_NOTE)
            yield Label("Press Enter to continue.", classes="hint")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
