"""The one-time safety note shown on first run: not medical advice, and the red flags as a
short list, each on its own line, so they are read rather than skimmed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach import NOT_ADVICE, RED_FLAG_SIGNS, SEEK_CARE


def red_flag_list() -> Text:
    """``Stop and seek care if you notice:`` and one ``• sign`` a line."""
    text = Text(f"{SEEK_CARE}:", style="bold")
    for sign in RED_FLAG_SIGNS:
        text.append(f"\n • {sign}")
    return text


class SafetyScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "dismiss", "Continue")]

    def compose(self) -> ComposeResult:
        with Vertical(id="safety-dialog", classes="dialog"):
            yield Label("Before you start", classes="dialog-question")
            yield Label(NOT_ADVICE, id="safety-not-advice")
            yield Label(red_flag_list(), id="safety-flags")
            yield Label("Press Enter to continue.", classes="hint")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
