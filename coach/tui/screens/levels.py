"""A routine's levels: each ranged item with its number, the article's range and why, where the
person holds or releases the highlighted item's level, or resets it to the low end.

The levels come from the history (:func:`coach.progress.routine_levels`), read in a worker
thread, as is each choice, kept the moment its key is pressed; the list is read again after
it, and the picker's preview reads them again when this screen closes. Without a history that
can be written, the levels show (from the low end, or as read) and a choice says why it
cannot be kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from coach.coaching.progression import ItemLevel


class LevelsScreen(Screen[None]):
    """The ranged items of one routine at the person's levels."""

    DEFAULT_CSS = """
    #levels { height: 1fr; padding: 0 1; }
    #levels-head { height: auto; margin: 0 0 1 0; }
    #levels-list { height: 1fr; }
    """
    BINDINGS = [
        Binding("h", "choose('hold')", "Hold"),
        Binding("h", "choose('release')", "Release"),
        Binding("x", "choose('reset')", "Reset to the low end"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, coach: Coach, routine_id: str, wall: Callable[[], datetime]) -> None:
        super().__init__()
        self.coach = coach
        self.routine = coach.library.routines[routine_id]
        self.wall = wall
        self.sub_title = self.routine.name
        self.levels: list[ItemLevel] | None = None  # None until read

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="levels"):
            yield Static(id="levels-head")
            yield OptionList(id="levels-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#levels-head", Static).update(Text.assemble(
            ("Your levels: ", "bold"), literal(self.routine.name, "bold"),
            "\nEach number steps up after three easy sessions in a row, holds on amber and "
            "steps back on red; never past the article's range."))
        self.query_one("#levels-list", OptionList).focus()
        self._read(None)

    # --- reading and keeping ------------------------------------------------------------

    @work(thread=True, group="levels", exclusive=True, exit_on_error=False)
    def _read(self, choice: tuple[int, str, str] | None) -> None:
        """Keep ``choice`` (item, exercise, hold|release|reset) if any, then read the levels."""
        from coach.history import HistoryError
        from coach.progress import routine_levels

        store = self.coach.history
        problem = None
        if choice is not None:
            if store is None:
                problem = self.coach.history_problem or "history is off"
            else:
                try:
                    store.add_level_choice(self.wall(), self.routine.id, *choice)
                except HistoryError as exc:
                    problem = str(exc)
        try:
            levels = routine_levels(store, self.coach.settings, self.routine, self.coach.library)
        except HistoryError as exc:
            problem = problem or str(exc)
            levels = routine_levels(None, self.coach.settings, self.routine, self.coach.library)
        self.app.call_from_thread(self._show, levels, problem)

    def _show(self, levels: list[ItemLevel], problem: str | None) -> None:
        if problem is not None:
            self.notify(f"The level was not changed: {problem}", severity="error",
                        timeout=10)
        self.levels = levels
        listing = self.query_one("#levels-list", OptionList)
        keep = listing.highlighted or 0
        if not levels:
            listing.set_options([Option(literal(
                "No item of this routine has a range, so nothing in it progresses."),
                disabled=True)])
            self.refresh_bindings()
            return
        listing.set_options(self._option(level) for level in levels)
        listing.highlighted = min(keep, len(levels) - 1)
        self.refresh_bindings()

    def _option(self, level: ItemLevel) -> Option:
        ladder = level.ranged.ladder
        name = self.coach.library.exercises[level.exercise].name
        prompt = literal(f"{level.item}. {name}", "bold")
        prompt.append(literal(f"  {ladder.amount(level.value)} (range {ladder.span()}"
                              f"{', held' if level.level.held else ''})"))
        prompt.append("\n")
        prompt.append(literal(f"   {level.reason}", "dim"))
        return Option(prompt, id=str(level.item))

    def _highlighted(self) -> ItemLevel | None:
        if not self.levels:
            return None
        at = self.query_one("#levels-list", OptionList).highlighted
        return self.levels[at] if at is not None and at < len(self.levels) else None

    # --- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "choose":
            return True
        level = self._highlighted()
        if level is None:
            return False
        if parameters[0] in ("hold", "release"):  # h holds, or releases a held level
            return level.level.held == (parameters[0] == "release")
        return True

    def action_choose(self, choice: str) -> None:
        level = self._highlighted()
        if level is not None:
            self._read((level.item, level.exercise, choice))

    def action_back(self) -> None:
        self.dismiss(None)
