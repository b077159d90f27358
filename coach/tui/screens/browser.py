"""Browse every exercise: its instructions, variants, equipment and which routines use it;
filter the list, and start one exercise as a workout of its own."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.library import Library
from coach.models import Exercise
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar
from coach.wording import exercise_sheet


def exercise_text(exercise: Exercise, used_by: list[str]) -> Text:
    """Everything about one exercise, its words as the library has them."""
    sheet = exercise_sheet(exercise)
    text = Text.assemble(literal(sheet.name, "bold"), "\n")
    if sheet.aliases:
        text.append(literal("Also called: " + sheet.aliases, "dim"))
        text.append("\n")
    text.append(literal(sheet.purpose, multiline=True))
    text.append("\n\nStarting position: ", style="bold")
    text.append(literal(sheet.position, multiline=True))
    text.append("\n")
    for line in sheet.steps:
        text.append(literal(line, multiline=True))
        text.append("\n")
    if sheet.variants:
        text.append("\nVariants:\n", style="bold")
        for name, cue in sheet.variants:
            text.append(literal(f"  {name}"))
            if cue:
                text.append(literal(f": {cue}", "dim", multiline=True))
            text.append("\n")
    for label, value in sheet.facts:
        text.append(f"\n{label}: ", style="bold")
        text.append(literal(value))
    text.append("\nUsually: ", style="bold")
    text.append(literal(sheet.prescription))
    text.append("\n\nIn routines: ", style="bold")
    text.append(literal(", ".join(used_by) or "none"))
    text.append("\n")
    return text


FILTER_PLACEHOLDER = "/ to filter exercises"


def matches(exercise: Exercise, query: str) -> bool:
    """Every word typed is in the exercise's id, name, aliases, areas or equipment."""
    haystack = " ".join([exercise.id, exercise.name, *exercise.aliases, *exercise.areas,
                         *exercise.equipment]).lower()
    return all(word in haystack for word in query.lower().split())


class ExerciseBrowserScreen(Screen[None]):
    """Every exercise, filtered with ``/``; Enter plays the highlighted one on its own."""

    CSS_PATH = "browser.tcss"
    BINDINGS = [
        # Priority: the list's own Enter would hide this one from the key bar.
        Binding("enter", "start", "Start this exercise", priority=True),
        # A priority binding, so the focus is in the filter before the app hands on the
        # keys typed right behind the / (a burst): none of them reaches the list, where q
        # would leave.
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="browser"):
            with Vertical(id="browser-left"):
                yield TextField(placeholder=FILTER_PLACEHOLDER, id="exercise-filter",
                                select_on_focus=False)
                yield OptionList(id="exercise-list")
            with VerticalScroll(id="exercise-detail"):
                yield Static(id="exercise-body")
        yield KeyBar()

    @property
    def library(self) -> Library:
        return self.coach.library

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#exercise-list", OptionList).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one("#exercise-list", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        shown = [ex for ex in self.library.exercises.values() if matches(ex, query)]
        ids = [ex.id for ex in shown]
        options.set_options(Option(literal(ex.name), id=ex.id) for ex in shown)
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0
        self._show(ids[options.highlighted or 0] if ids else None)

    def _show(self, exercise_id: str | None) -> None:
        body = self.query_one("#exercise-body", Static)
        if exercise_id is None:
            body.update("No exercise matches the filter. Esc clears it.")
            return
        used_by = [r.name for r in self.library.routines_using(exercise_id)]
        body.update(exercise_text(self.library.exercises[exercise_id], used_by))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Keys typed in a burst refill the list before this arrives: show what is highlighted
        # now, which may be nothing.
        option = event.option_list.highlighted_option
        if option is not None and option.id == event.option.id:
            self._show(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click: Enter itself is this screen's (action_start)
        if event.option.id is not None:
            self.coach.start_exercise(event.option.id)

    # --- the filter: / focuses it; there every printable key is text; Esc clears --------

    def _field(self) -> Input:
        return self.query_one("#exercise-filter", Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_key(self, event: events.Key) -> None:
        field = self._field()
        if field.has_focus and event.key in ("escape", "down", "up"):
            event.stop()
            if event.key == "escape":
                field.value = ""
            self.set_focus(self.query_one("#exercise-list", OptionList))
        elif event.key == "escape" and field.value:  # Esc clears a filter from the list too
            event.stop()
            field.value = ""

    def action_filter(self) -> None:
        field = self._field()
        if field.has_focus:  # a / typed in the filter is text like any other key
            field.insert_text_at_cursor("/")
        else:
            self.set_focus(field)  # now, not after a refresh as Widget.focus() would

    def action_start(self) -> None:
        option = self.query_one("#exercise-list", OptionList).highlighted_option
        if option is None or option.id is None:
            self.notify("No exercise matches the filter.", severity="warning")
            return
        self.coach.start_exercise(option.id)

    def action_back(self) -> None:
        self.app.pop_screen()
