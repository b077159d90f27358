"""Browse every exercise: its instructions, variants, equipment and which routines use it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.describe import prescription_text
from coach.models import Exercise
from coach.tui.text import literal
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar


def exercise_text(exercise: Exercise, used_by: list[str]) -> Text:
    """Everything about one exercise, its words as the library has them."""
    text = Text.assemble(literal(exercise.name, "bold"), "\n")
    if exercise.aliases:
        text.append(literal("Also called: " + ", ".join(exercise.aliases), "dim"))
        text.append("\n")
    text.append(literal(exercise.purpose, multiline=True))
    text.append("\n\nStarting position: ", style="bold")
    text.append(literal(exercise.position, multiline=True))
    text.append("\n")
    for n, line in enumerate(exercise.steps, 1):
        text.append(literal(f"{n}. {line}", multiline=True))
        text.append("\n")
    if exercise.variants:
        text.append("\nVariants:\n", style="bold")
        for variant in exercise.variants:
            text.append(literal(f"  {variant.name}"))
            if variant.cue:
                text.append(literal(f": {variant.cue}", "dim", multiline=True))
            text.append("\n")
    text.append("\nEquipment: ", style="bold")
    text.append(literal(", ".join(exercise.equipment) or "none"))
    text.append("\nWorks: ", style="bold")
    text.append(literal(", ".join(exercise.areas) or "-"))
    text.append("\nSides: ", style="bold")
    text.append("one foot at a time" if exercise.sides == "each" else "both feet together")
    text.append("\nUsually: ", style="bold")
    text.append(literal(prescription_text(exercise, exercise.prescription)))
    text.append("\n\nIn routines: ", style="bold")
    text.append(literal(", ".join(used_by) or "none"))
    text.append("\n")
    return text


class ExerciseBrowserScreen(Screen[None]):
    CSS_PATH = "browser.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="browser"):
            yield OptionList(
                *(Option(literal(ex.name), id=ex.id)
                  for ex in self.app.library.exercises.values()),  # type: ignore[attr-defined]
                id="exercise-list",
            )
            with VerticalScroll(id="exercise-detail"):
                yield Static(id="exercise-body")
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one("#exercise-list", OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0
            self._show(options.get_option_at_index(0).id)

    def _show(self, exercise_id: str | None) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        if exercise_id is None:
            return
        used_by = [r.name for r in library.routines_using(exercise_id)]
        self.query_one("#exercise-body", Static).update(
            exercise_text(library.exercises[exercise_id], used_by))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)
