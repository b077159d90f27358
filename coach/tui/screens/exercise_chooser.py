"""Choose an exercise to add to a routine being built: every exercise, filtered as you type;
Enter adds the highlighted one. Returns its id, or ``None``."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.models import Exercise
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField
from coach.wording import prescription_text


class ExerciseChooser(ModalScreen[str | None]):
    """Every exercise, filtered as you type; Enter adds the highlighted one."""
    CSS_PATH = "builder.tcss"

    BINDINGS = [
        Binding("enter", "choose", "Add"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, exercises: dict[str, Exercise]) -> None:
        super().__init__()
        self.exercises = exercises

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-dialog", classes="dialog"):
            yield Label("Add an exercise", classes="dialog-question")
            yield TextField(placeholder="Type to filter exercises", id="chooser-filter",
                            select_on_focus=False)
            yield OptionList(id="chooser-list")
            yield Static("↑/↓ choose · Enter add · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#chooser-list", OptionList).can_focus = False
        self._fill("")
        self.query_one("#chooser-filter").focus()

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        options = []
        for ex in self.exercises.values():
            haystack = " ".join([ex.id, ex.name, *ex.aliases, *ex.areas, *ex.equipment]).lower()
            if all(w in haystack for w in words):
                prompt = literal(ex.name, "bold")
                prompt.append("\n")
                prompt.append(literal(prescription_text(ex, ex.prescription), "dim"))
                options.append(Option(prompt, id=ex.id))
        listing = self.query_one("#chooser-list", OptionList)
        listing.set_options(options)
        if options:
            listing.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def on_key(self, event: events.Key) -> None:
        listing = self.query_one("#chooser-list", OptionList)
        moves = {"down": listing.action_cursor_down, "up": listing.action_cursor_up,
                 "pagedown": listing.action_page_down, "pageup": listing.action_page_up}
        if event.key in moves:
            event.stop()
            moves[event.key]()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        option = self.query_one("#chooser-list", OptionList).highlighted_option
        if option is None:
            self.notify("No exercise matches the filter.", severity="warning")
            return
        self.dismiss(option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
