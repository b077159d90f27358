"""Pick a routine: the list, a filter, and a preview of what the routine asks for.

Everything here is drawn from the app's routine overviews (:mod:`coach.overview`), never from
the library itself, so the first frame can come from the start-up cache. Their words are the
library's, shown as written (:func:`coach.tui.text.literal`). What comes later (when each
routine was last done, an interrupted session to resume, problems found on start) is handed
in by the app once it knows.

The filter: ``/`` opens it, and from then on every printable key is text (letters that are
keys in the list never act from it); Esc clears it and goes back to the list, Down goes to
the list keeping it, Enter starts the highlighted match. In the list, a letter does what its
key says or nothing. ``/`` is a priority binding, run as the app takes the key from the
terminal and before it takes the next: so the keys typed right behind it (a burst, a paste)
are sent to the field, even the first time, when the field is still being made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from coach.overview import RoutineOverview
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField, pass_on
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from coach.coaching.plan import Due, Missed
    from coach.history import HistoryStore
    from coach.recent import Recent
    from coach.timeline import Step

FILTER_PLACEHOLDER = "Press / to filter routines"


class FilterField(TextField):
    """The filter: Esc clears it and Down leaves it for the list, Enter starts; each acts in
    its own turn, so keys typed right behind it go where it sent the focus. The list follows
    each change at once (not when Input.Changed arrives), so an Enter right behind the last
    letter starts what that letter left highlighted."""

    BINDINGS = [
        Binding("escape", "leave(True)", "Clear filter"),
        Binding("down", "leave(False)", "To the list", key_display="↓"),
    ]

    def __init__(self, follow: Callable[[str], None], start: Callable[[], None],
                 **kwargs) -> None:
        super().__init__(placeholder=FILTER_PLACEHOLDER, select_on_focus=False, **kwargs)
        self._follow = follow
        self._start = start

    def watch_value(self, value: str) -> None:
        super().watch_value(value)
        self._follow(self.value)

    async def own_key(self, key: str) -> bool:
        if key != "enter":
            return False
        self._start()  # the pain question opens now: what is typed next goes there
        return True

    def action_leave(self, clear: bool) -> None:
        if clear:
            self.value = ""
        self.screen.set_focus(self.screen.query_one("#routines"))


class RoutineList(OptionList):
    """The routines. Enter starts the highlighted one in its own turn, so digits typed right
    behind it go to the pain question; keys sent here once that is up follow the focus."""

    def __init__(self, start: Callable[[], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self._start = start

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._start()


class PickerScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        Binding("r", "resume", "Resume"),
        Binding("l", "levels", "Levels"),
        Binding("e", "app.exercises", "Exercises"),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings", show=False),
        Binding("b", "builder('new')", "New routine"),
        Binding("c", "builder('copy')", "Copy routine into the builder", show=False),
        Binding("E", "builder('edit')", "Edit your routine", show=False),
        Binding("D", "builder('delete')", "Delete your routine", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self._last_done: dict[str, str] = {}  # routine id -> "yesterday"
        self._notices: dict[str, Text] = {}  # what the notice line says, by subject
        self._resumable: str | None = None  # the session id `r` resumes
        self._due: dict[str, Due] = {}  # routine id -> what the plan asks of it today
        self._missed_asked: Missed | None = None  # asked once a run, then kept in history
        # Routines as the person plays them (at their levels), with why each ranged item
        # plays its number (by item number): read with the recent history.
        self._levels: dict[str, tuple[RoutineOverview, dict[int, str]]] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="picker-notice")
        with Horizontal(id="picker"):
            with Vertical(id="picker-left"):
                # Drawn like the empty filter field it stands in for; the field itself (an
                # Input, the costliest widget on this screen) is made on the first `/`, so
                # the picker's first frame is drawn without it.
                yield Static(FILTER_PLACEHOLDER, id="filter-hint")
                yield RoutineList(self.action_start, id="routines")
            with VerticalScroll(id="preview"):
                yield Static(id="preview-body")
        yield KeyBar()

    @property
    def overviews(self) -> tuple[RoutineOverview, ...]:
        return self.coach.overviews

    def on_mount(self) -> None:
        self._fill("")
        self._draw_notice()
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

    # --- what the app learns after the first frame ----------------------------------------

    def show_last_done(self, last_done: dict[str, str]) -> None:
        """When each routine was last done, in words ("yesterday"), by routine id."""
        if last_done != self._last_done:
            self._last_done = dict(last_done)
            if self.is_mounted:
                self.refill()

    def show_notice(self, subject: str, text: Text | None) -> None:
        """Say ``text`` on the notice line above the list until told otherwise (None), one
        paragraph per ``subject``; the line is hidden when there is nothing to say."""
        if text is None:
            self._notices.pop(subject, None)
        else:
            self._notices[subject] = text
        if self.is_mounted:  # else on_mount draws it
            self._draw_notice()

    def _draw_notice(self) -> None:
        # The offer to resume first: it is short, and its key must not be cut off below a
        # long list of problems on a small terminal.
        said = sorted(self._notices.items(), key=lambda item: item[0] != "resume")
        notice = self.query_one("#picker-notice", Static)
        notice.update(Text("\n").join(text for _, text in said))
        notice.display = bool(self._notices)

    def read_recent(self, store: HistoryStore, steps_of: Callable[[str], list[Step] | None],
                    now: datetime, today: date) -> None:
        """Read, in a worker thread, when each routine was last done and whether a session
        of the last day was interrupted (see coach.recent), and show it."""
        self._read_recent(store, steps_of, now, today)

    @work(thread=True, group="recent", exclusive=True, exit_on_error=False)
    def _read_recent(self, store: HistoryStore, steps_of: Callable[[str], list[Step] | None],
                     now: datetime, today: date) -> None:
        from coach.history import HistoryDamaged, HistoryError
        from coach.recent import read_recent

        self.coach.settle_recordings()  # a workout just ended counts as done
        from coach.planning import due_marks, missed_question

        try:
            recent = read_recent(store, now, steps_of, today)
            due, missed = due_marks(store, today), missed_question(store, today)
        except HistoryDamaged as exc:
            # Found here before the history pane found it: say where the old file went, as
            # the pane would (the store has started a fresh one).
            self.app.call_from_thread(self.notify, str(exc), title="History",
                                      severity="warning", timeout=20)
            return
        except HistoryError:
            return  # nothing to add here; the history pane says what is wrong
        levels = self._read_levels(store)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_recent, recent, now, today, due, missed)
            self.app.call_from_thread(self._show_levels, levels)

    def _read_levels(self, store: HistoryStore) -> dict[str, tuple[RoutineOverview,
                                                                    dict[int, str]]]:
        """Each routine with a ranged item as the person plays it, and why (in a worker)."""
        from coach.history import HistoryError
        from coach.overview import overview
        from coach.progress import levels_by_routine, played_library

        coach = self.coach
        try:
            every = levels_by_routine(store, coach.settings, coach.library)
        except HistoryError:
            return {}
        return {rid: (overview(played_library(coach.library, coach.library.routines[rid],
                                              levels), rid, coach.settings),
                      {level.item: level.reason for level in levels})
                for rid, levels in every.items()}

    def _show_levels(self, levels: dict[str, tuple[RoutineOverview, dict[int, str]]]) -> None:
        if levels != self._levels:
            self._levels = levels
            option = self.query_one("#routines", OptionList).highlighted_option
            self._preview(option.id if option is not None else None)

    def _show_recent(self, recent: Recent, now: datetime, today: date,
                     due: dict[str, Due] | None = None, missed: Missed | None = None) -> None:
        from coach.recent import days_ago
        from coach.tui.notices import resume_notice

        if (due or {}) != self._due:
            self._due = dict(due or {})
            self.refill()
        self.show_last_done({routine: days_ago(day, today)
                             for routine, day in recent.last_done.items()})
        session = recent.interrupted
        self._resumable = session.session_id if session is not None else None
        self.refresh_bindings()
        self.show_notice("resume", resume_notice(session, now) if session else None)
        if recent.checkin_due:
            self.coach.ask_checkin()
        # Over the routines only, after the morning's question (asked again as it closes).
        if missed is not None and missed != self._missed_asked and self.app.screen is self:
            self._missed_asked = missed
            self.coach.ask_missed(missed)

    # --- the list -----------------------------------------------------------------------

    def _option(self, routine: RoutineOverview) -> Option:
        prompt = Text.assemble(literal(routine.name, "bold"))
        due = self._due.get(routine.id)
        if due is not None and due.done:
            prompt.append("  ✓ done today", "green")
        elif due is not None:
            prompt.append(f"  ● due {', '.join(due.times) or 'today'}", "bold yellow")
            if due.completed:
                prompt.append(f" ({due.completed} of {len(due.times)} done)", "dim")
        prompt.append(literal(f"\n{routine.length} · {routine.exercises_text} · "
                              f"{', '.join(routine.equipment) or 'no equipment'}", "dim",
                              multiline=True))
        if routine.id in self._last_done:
            prompt.append(f" · done {self._last_done[routine.id]}", "dim italic")
        return Option(prompt, id=routine.id)

    def _fill(self, query: str) -> None:
        options = self.query_one("#routines", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        shown = [r for r in self.overviews if r.matches(query)]
        ids = [r.id for r in shown]
        options.set_options(self._option(r) for r in shown)
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0
        self._preview(ids[options.highlighted or 0] if ids else None)

    def _preview(self, routine_id: str | None) -> None:
        body = self.query_one("#preview-body", Static)
        routine = next((r for r in self.overviews if r.id == routine_id), None)
        if routine is None:
            body.update("No routine matches the filter. Escape clears it.")
            return
        routine, reasons = self._levels.get(routine.id, (routine, {}))
        text = Text.assemble(literal(routine.name, "bold"), "\n")
        text.append(literal(routine.description, multiline=True))
        # Coach's estimate, and beside it the length the article promises, if it does.
        length = [f"About {routine.length.removeprefix('~')}", routine.claimed,
                  routine.exercises_text]
        text.append("\n\n")
        text.append(literal(" · ".join(bit for bit in length if bit)))
        text.append("\n")
        if routine.frequency:
            text.append("How often: ", style="bold")
            text.append(literal(routine.frequency))
            text.append("\n")
        text.append("Fetch: ", style="bold")
        text.append(literal(", ".join(routine.equipment) or "nothing"))
        text.append("\n\n")
        for n, item in enumerate(routine.items, 1):
            text.append(literal(f"{n}. {item.name}", "bold"))
            text.append("\n")
            text.append(literal(f"   {item.prescription}", "dim"))
            text.append("\n")
            if n in reasons:
                text.append(literal(f"   {reasons[n]}", "italic"))
                text.append("\n")
            if item.frequency:
                text.append(literal(f"   how often: {item.frequency}", "dim italic"))
                text.append("\n")
        if routine.source:
            text.append("\nFrom: ", style="bold")
            text.append(literal(routine.source, "italic", multiline=True))
            text.append("\n")
        body.update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # What is highlighted now: the list may have been filled again since this was sent.
        option = self.query_one("#routines", OptionList).highlighted_option
        self._preview(option.id if option is not None else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Not a second Enter of a burst, once the question is up.
        if self.is_active and event.option.id is not None:
            self.coach.start_workout(event.option.id)

    # --- filtering ----------------------------------------------------------------------

    def _field(self) -> Input | None:
        """The filter field, once `/` has asked for it."""
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
            field = FilterField(self._fill, self.action_start, id="filter")
            await self.query_one("#picker-left").mount(field, before=hint)
            await hint.remove()
        return field

    def on_key(self, event: events.Key) -> None:
        field = self._field()
        if event.key == "escape" and field is not None and field.value:
            event.stop()  # Escape clears a filter from the list too
            field.value = ""

    def on_screen_resume(self) -> None:
        # Back from a workout or another screen: the list has the keys again, so q quits;
        # and what was done, resumed or deleted meanwhile shows.
        self.set_focus(self.query_one("#routines", OptionList))
        self.coach.refresh_recent()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            # In the field, `/` is text like any other key.
            field = self._field()
            return field is None or self.focused is not field
        if action == "resume":
            return self._resumable is not None
        return True

    async def action_filter(self) -> None:
        # Run by the app as it takes `/` from the terminal: until this returns (the field
        # made, the first time), the keys behind it wait, and then go to the field.
        self.set_focus(await self._open_field())

    def action_start(self) -> None:
        option = self.query_one("#routines", OptionList).highlighted_option
        if option is not None and option.id is not None and self.is_active:
            self.coach.start_workout(option.id)

    def action_resume(self) -> None:
        if self._resumable is not None:
            self.coach.resume_workout(self._resumable)

    def action_levels(self) -> None:
        option = self.query_one("#routines", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.coach.show_levels(option.id)

    def action_builder(self, how: str) -> None:
        """``new`` routine, or ``copy``, ``edit`` or ``delete`` the highlighted one."""
        option = self.query_one("#routines", OptionList).highlighted_option
        if how == "new":
            self.coach.open_builder()
        elif option is None or option.id is None:
            self.notify("No routine is highlighted.", severity="warning")
        elif how == "delete":
            self.coach.delete_routine(option.id)
        else:
            self.coach.open_builder(option.id, edit=how == "edit")
