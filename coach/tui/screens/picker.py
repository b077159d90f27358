"""Pick a routine: the list, a filter, and a preview of what the routine asks for.

Everything here is drawn from the app's routine overviews (:mod:`coach.overview`), never from
the library itself, so the first frame can come from the start-up cache. Their words are the
library's, shown as written (:func:`coach.tui.text.literal`).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.overview import RoutineOverview
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar


FILTER_PLACEHOLDER = "Type to filter routines"


class PickerScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("e", "app.exercises", "Exercises"),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings", show=False),
        Binding("b", "builder('new')", "New routine"),
        Binding("c", "builder('copy')", "Copy routine into the builder", show=False),
        Binding("E", "builder('edit')", "Edit your routine", show=False),
        Binding("D", "builder('delete')", "Delete your routine", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    # Letters that are keys here; any other printable key starts filtering.
    _KEYS = {"e", "h", "s", "q", "b", "c", "E", "D", "/", "?", " "}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="picker"):
            with Vertical(id="picker-left"):
                # Drawn like the empty filter field it stands in for; the field itself (an
                # Input, the costliest widget on this screen) is made on the first key that
                # filters, so the picker's first frame is drawn without it.
                yield Static(FILTER_PLACEHOLDER, id="filter-hint")
                yield OptionList(id="routines")
            with VerticalScroll(id="preview"):
                yield Static(id="preview-body")
        yield KeyBar()

    @property
    def overviews(self) -> tuple[RoutineOverview, ...]:
        return self.app.overviews  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#routines", OptionList).focus()

    def refill(self) -> None:
        """Show the routines again, keeping the filter and the highlight (the library
        changed: the routine builder saved, or it was checked after the first frame)."""
        self._fill(self._query())

    def highlight(self, routine_id: str) -> None:
        """Move the highlight to ``routine_id`` if the list (as filtered) shows it."""
        options = self.query_one("#routines", OptionList)
        ids = [o.id for o in options.options]
        if routine_id in ids:
            options.highlighted = ids.index(routine_id)

    # --- the list -----------------------------------------------------------------------

    @staticmethod
    def _option(routine: RoutineOverview) -> Option:
        prompt = Text.assemble(literal(routine.name, "bold"))
        prompt.append(literal(f"\n{routine.length} · {routine.exercises_text} · "
                              f"{', '.join(routine.equipment) or 'no equipment'}", "dim",
                              multiline=True))
        return Option(prompt, id=routine.id)

    def _fill(self, query: str) -> None:
        options = self.query_one("#routines", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        shown = [r for r in self.overviews if r.matches(query)]
        ids = [r.id for r in shown]
        options.set_options(self._option(r) for r in shown)
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0
        self._preview(options.highlighted_option.id if ids else None)

    def _preview(self, routine_id: str | None) -> None:
        body = self.query_one("#preview-body", Static)
        routine = next((r for r in self.overviews if r.id == routine_id), None)
        if routine is None:
            body.update("No routine matches the filter. Escape clears it.")
            return
        text = Text.assemble(literal(routine.name, "bold"), "\n")
        text.append(literal(routine.description, multiline=True))
        text.append(f"\n\nAbout {routine.length.removeprefix('~')} · {routine.exercises_text}\n")
        text.append("Fetch: ", style="bold")
        text.append(literal(", ".join(routine.equipment) or "nothing"))
        text.append("\n\n")
        for n, item in enumerate(routine.items, 1):
            text.append(literal(f"{n}. {item.name}", "bold"))
            text.append("\n")
            text.append(literal(f"   {item.prescription}", "dim"))
            text.append("\n")
        if routine.source:
            text.append("\nFrom: ", style="bold")
            text.append(literal(routine.source, "italic", multiline=True))
            text.append("\n")
        body.update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.start_workout(event.option.id)  # type: ignore[attr-defined]

    # --- filtering ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def _field(self) -> Input | None:
        """The filter field, once a key has asked for it."""
        found = self.query("#filter")
        return found.first(Input) if found else None

    def _query(self) -> str:
        field = self._field()
        return field.value if field is not None else ""

    async def _open_field(self) -> Input:
        """The filter field, made in place of its stand-in the first time."""
        field = self._field()
        if field is None:
            hint = self.query_one("#filter-hint", Static)
            field = TextField(placeholder=FILTER_PLACEHOLDER, id="filter", select_on_focus=False)
            await self.query_one("#picker-left").mount(field, before=hint)
            await hint.remove()
        return field

    async def on_key(self, event: events.Key) -> None:
        field = self._field()
        if field is not None and field.has_focus:
            if event.key in ("escape", "down"):
                event.stop()
                if event.key == "escape":
                    field.value = ""
                self.set_focus(self.query_one("#routines", OptionList))
            return
        if event.key == "escape" and self._query():  # Escape clears a filter from the list too
            event.stop()
            field.value = ""
            return
        if event.is_printable and event.character and event.character not in self._KEYS:
            event.stop()
            field = await self._open_field()
            self.set_focus(field)
            field.insert_text_at_cursor(event.character)

    def on_screen_resume(self) -> None:
        # Back from a workout or another screen: the list has the keys again, so q quits.
        self.set_focus(self.query_one("#routines", OptionList))

    async def action_filter(self) -> None:
        self.set_focus(await self._open_field())

    def action_start(self) -> None:
        option = self.query_one("#routines", OptionList).highlighted_option
        if option is not None:
            self.app.start_workout(option.id)  # type: ignore[attr-defined]

    def action_builder(self, how: str) -> None:
        """``new`` routine, or ``copy``, ``edit`` or ``delete`` the highlighted one."""
        from coach.tui.screens.builder import delete_user_routine, open_builder

        option = self.query_one("#routines", OptionList).highlighted_option
        if how == "new":
            open_builder(self.app)
        elif option is None:
            self.notify("No routine is highlighted.", severity="warning")
        elif how == "delete":
            delete_user_routine(self.app, option.id)
        else:
            open_builder(self.app, option.id, edit=how == "edit")
