"""Build a routine of one's own: name it, add exercises, set each one's prescription, reorder,
and see the timeline and its length change as you type; save it to your library.

The form's rules live in :mod:`coach.drafts` (drafts checked with the library's own models);
its fields in :mod:`coach.tui.builder_form`, its words and the preview's in
:mod:`coach.tui.builder_text`; this screen lays them out and keeps them in step. Saving
runs in a worker and goes through :func:`coach.user_library.save_routine`, which checks the whole
file and writes it atomically; a broken user file is never overwritten. The screen returns
the id of the routine it saved last, or ``None``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.drafts import KIND_FIELDS, Draft, DraftItem
from coach.library import Library, Problem
from coach.models import Routine
from coach.tui.builder_form import (
    FIRST_SIDES,
    FORM_ORDER,
    HINTS,
    HOLD_AT,
    KINDS,
    NUMBERS,
    ROUTINE_FIELDS,
    sides_choices,
)
from coach.tui.builder_text import error_text, item_prompt, preview, problem_text
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.builder_fields import ChoiceField, FieldRow, number_field
from coach.tui.widgets.inputs import TextField
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar
from coach.user_library import (
    BrokenUserLibrary,
    UserLibraryError,
    is_user_routine,
    save_routine,
    user_problems,
)

# Columns below which the side panes narrow so the form's choices fit (80 included).
NARROW = 100
# Columns below which the preview's steps give way to the form (60 included).
TINY = 70


class BuilderScreen(Screen[str | None]):
    CSS_PATH = "builder.tcss"
    BINDINGS = [
        # a and x belong to the list (a field takes letters as text); ctrl+n adds from a field.
        Binding("a,ctrl+n", "add", "Add exercise"),
        Binding("x,delete", "remove", "Remove"),
        Binding("u,ctrl+z", "undo", "Undo remove", show=False),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", key_display="⇧↑"),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", key_display="⇧↓"),
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, coach: Coach, draft: Draft) -> None:
        super().__init__()
        self.coach = coach
        self.draft = draft
        self.current: int | None = 0 if draft.items else None
        self.saved_state = draft.state()
        self.saved_id: str | None = None
        self.problems: list[Problem] = []
        self._ids_of: tuple[Library, set[str], set[str]] | None = None
        # The routine's own fields speak up once touched, or once a save was tried: an
        # empty form is not a list of mistakes.
        self.touched: set[str] = set()
        self.tried_save = False
        # Removed items, last first, with the place each had: u puts them back.
        self.removed: list[tuple[int, DraftItem]] = []

    @property
    def dirty(self) -> bool:
        """Whether the form holds changes that are not saved."""
        return self.draft.state() != self.saved_state

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="builder-banner")
        # The routine's own fields span the screen, so a long name shows whole.
        with Vertical(id="builder-head"):
            for name, label, value in (("name", "Name", self.draft.name),
                                       ("id", "Id", self.draft.id),
                                       ("description", "About", self.draft.description)):
                yield FieldRow(label, TextField(value=value, id=f"f-{name}",
                                                classes="field-input wide",
                                                select_on_focus=False), name)
        with Horizontal(id="builder"):
            with Vertical(id="builder-left"):
                yield Label("Exercises", id="items-title")
                yield OptionList(id="items")
                yield Static(id="m-items", classes="field-msg")
                yield Static(id="left-total")
            with VerticalScroll(id="builder-form"):
                yield Static(id="form-title")
                yield Static(id="form-kept")
                yield FieldRow("Kind", ChoiceField(KINDS, "hold", id="f-kind"), "kind")
                for name, label, placeholder, kinds in NUMBERS:
                    classes = "kind-row " + " ".join(f"kind-{k}" for k in kinds) if kinds else ""
                    yield FieldRow(label, number_field(name, placeholder), name, classes=classes)
                    if name == "hold_seconds":
                        yield FieldRow("Pause at", ChoiceField(HOLD_AT, "", id="f-hold_at"),
                                       "hold_at", classes="kind-row kind-reps")
                yield FieldRow("Sides", ChoiceField([("", "as usual")], "", id="f-sides"),
                               "sides")
                yield FieldRow("First side", ChoiceField(FIRST_SIDES, "right", id="f-first_side"),
                               "first_side")
                yield FieldRow("Variants", number_field("variants", "none"), "variants")
                yield FieldRow("Note", TextField(id="f-note", classes="field-input wide",
                                                 placeholder="shown as you do it",
                                                 select_on_focus=False), "note")
            with VerticalScroll(id="builder-preview"):
                yield Static(id="preview-total")
                yield Static(id="preview-steps")
        yield KeyBar()

    @property
    def library(self) -> Library:
        return self.coach.library

    @property
    def user_library(self) -> Path | None:
        """The person's own library file; None when no config directory was given."""
        locations = self.coach.locations
        return None if locations is None else locations.user_library

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.width < TINY, "-tiny")

    def on_mount(self) -> None:
        if self.draft.replace_id:
            self.sub_title = f"Editing {self.draft.name}"
        elif self.draft.items:
            self.sub_title = "New routine from a copy"
        else:
            self.sub_title = "New routine"
        path = self.user_library
        if path is not None:
            self.problems = user_problems(path)
        self._show_banner()
        self._fill_items()
        self._load_item()
        self._check_routine()
        self._preview()
        (self.query_one("#items") if self.draft.items else self.query_one("#f-name")).focus()

    def _show_banner(self) -> None:
        banner = self.query_one("#builder-banner", Static)
        path = self.user_library
        if path is None:
            banner.update("No config directory was given, so routines can't be saved.")
        elif self.problems:
            text = literal(f"Your library {path} has problems, so the builder won't overwrite it"
                           " until you fix them:\n", "bold", multiline=True)
            text.append(literal("\n".join(str(p) for p in self.problems[:4]), multiline=True))
            if len(self.problems) > 4:
                text.append(f"\n... and {len(self.problems) - 4} more (`coach validate`)")
            banner.update(text)
        banner.display = path is None or bool(self.problems)

    # --- the item list ------------------------------------------------------------------

    def _fill_items(self) -> None:
        items = self.query_one("#items", OptionList)
        with self.prevent(OptionList.OptionHighlighted):
            items.set_options(Option(item_prompt(i, item))
                              for i, item in enumerate(self.draft.items))
            if self.current is not None:
                items.highlighted = self.current

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "items" or event.option_index == self.current:
            return
        self.current = event.option_index
        self._load_item()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.query_one("#items-title").set_class(event.widget.id == "items", "-focused")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "items":
            self.query_one("#f-kind").focus()

    # --- the form -----------------------------------------------------------------------

    def _item(self) -> DraftItem | None:
        if self.current is None or not self.draft.items:
            return None
        return self.draft.items[self.current]

    def _load_item(self) -> None:
        """Fill the form from the highlighted item, posting no change messages."""
        item, index = self._item(), self.current
        form = self.query_one("#builder-form")
        form.display = item is not None
        if item is None or index is None:
            return
        self.query_one("#form-title", Static).update(Text.assemble(
            literal(item.exercise.name, "bold"), (f"  item {index + 1} of "
                                                  f"{len(self.draft.items)}", "dim")))
        with self.prevent(Input.Changed, ChoiceField.Changed):
            for name, *_ in NUMBERS:
                self.query_one(f"#f-{name}", Input).value = item.texts.get(name, "")
            self.query_one("#f-variants", Input).value = item.texts.get("variants", "")
            self.query_one("#f-note", Input).value = item.note
            self.query_one("#f-kind", ChoiceField).value = item.texts["kind"]
            self.query_one("#f-hold_at", ChoiceField).value = item.texts.get("hold_at", "")
            sides = self.query_one("#f-sides", ChoiceField)
            sides.choices = sides_choices(item.exercise)
            sides.value = item.texts.get("sides", "")
            sides.refresh()
            self.query_one("#f-first_side", ChoiceField).value = item.texts.get("first_side",
                                                                                 "right")
        self._show_kind(item.texts["kind"])
        self._show_item_messages()

    def _show_kind(self, kind: str) -> None:
        form = self.query_one("#builder-form")
        for k in KIND_FIELDS:
            form.set_class(k == kind, f"-{k}")

    def _show_item_messages(self) -> None:
        item = self._item()
        if item is None:
            return
        _, errors = item.check()
        kept = self.query_one("#form-kept", Static)
        lines = item.kept_lines()
        kept.update(literal("\n".join(lines), "dim", multiline=True))
        kept.display = bool(lines)
        for name in FORM_ORDER:
            message = self.query_one(f"#m-{name}", Static)
            field = self.query_one(f"#f-{name}")
            hint = self._hint(item, name)
            if name in errors:
                message.update(error_text(errors[name]))
            else:
                message.update(literal(hint, "dim"))
            message.display = name in errors or bool(hint)  # no empty line under a field
            field.set_class(name in errors, "-bad")

    def _hint(self, item: DraftItem, name: str) -> str:
        if name == "variants":
            have = [v.id for v in item.exercise.variants]
            return f"of: {', '.join(have)}" if have else "this exercise has none"
        return HINTS.get(name, "")

    def _changed(self) -> None:
        """After any edit: messages, the item's line, the routine's checks, the preview."""
        if self.current is not None:
            self._show_item_messages()
            self.query_one("#items", OptionList).replace_option_prompt_at_index(
                self.current, item_prompt(self.current, self.draft.items[self.current]))
        self._check_routine()
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = (event.input.id or "").removeprefix("f-")
        if name in ("name", "id", "description"):
            if getattr(self.draft, name) == event.value:
                return  # the field showing its first value, not an edit
            self.touched.add(name)
            if name == "name" and self.draft.id_follows_name:
                self.touched.add("id")
                self._follow_name(event.value)
            if name == "id":
                self.draft.id_follows_name = False
            setattr(self.draft, name, event.value)
            self._changed()
            return
        item = self._item()
        if item is None:
            return
        if (item.note if name == "note" else item.texts.get(name, "")) == event.value:
            return
        if name == "note":
            item.note = event.value
        else:
            item.texts[name] = event.value
        self._changed()

    def _follow_name(self, name: str) -> None:
        from coach.routine_names import slugify

        new_id = slugify(name, fallback="")
        self.draft.id = new_id
        with self.prevent(Input.Changed):
            self.query_one("#f-id", Input).value = new_id

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        event.stop()
        item = self._item()
        if item is None:
            return
        name = (event.choice.id or "").removeprefix("f-")
        if name == "kind":
            if item.texts["kind"] == event.value:
                return
            item.set_kind(event.value)
            with self.prevent(Input.Changed, ChoiceField.Changed):
                for field in KIND_FIELDS[event.value]:
                    widget = self.query_one(f"#f-{field}")
                    if isinstance(widget, (Input, ChoiceField)):
                        widget.value = item.texts[field]
            self._show_kind(event.value)
        elif item.texts.get(name, "") != event.value:
            item.texts[name] = event.value
        else:
            return
        self._changed()

    # --- the routine's own fields -------------------------------------------------------

    def _ids(self) -> tuple[set[str], set[str]]:
        """Routine ids that are the person's own, and the shipped ones; worked out once per
        library (the app replaces it after a save)."""
        library = self.library
        if self._ids_of is None or self._ids_of[0] is not library:
            path = self.user_library
            mine = {r for r in library.routines
                    if path is not None and is_user_routine(library, path, r)}
            self._ids_of = (library, mine, set(library.routines) - mine)
        return self._ids_of[1], self._ids_of[2]

    def _check_routine(self) -> dict[str, str]:
        """The routine's own fields checked; each message shown once the field was touched
        or a save tried (a routine too long to play is said at once, whatever made it so)."""
        mine, shipped = self._ids()
        errors = self.draft.field_errors(mine, shipped)
        for name in ROUTINE_FIELDS:
            shown = name in errors and (self.tried_save or name in self.touched
                                        or (name == "items" and bool(self.draft.items)))
            message = self.query_one(f"#m-{name}", Static)
            message.update(error_text(errors[name]) if shown else "")
            message.display = shown
            if name != "items":
                self.query_one(f"#f-{name}").set_class(shown, "-bad")
        return errors

    # --- the preview --------------------------------------------------------------------

    def _preview(self) -> None:
        settings = self.coach.settings
        steps, head = preview(self.draft, prepare_seconds=settings.prepare_seconds,
                              switch_seconds=settings.switch_seconds)
        self.query_one("#preview-steps", Static).update(steps)
        self.query_one("#preview-total", Static).update(head)
        self.query_one("#left-total", Static).update(head)

    # --- actions ------------------------------------------------------------------------

    def action_add(self) -> None:
        def chosen(exercise_id: str | None) -> None:
            if exercise_id is None:
                return
            at = 0 if self.current is None else self.current + 1
            self.draft.items.insert(at, DraftItem.new(self.library.exercises[exercise_id]))
            self.current = at
            self._fill_items()
            self._load_item()
            self._changed()
            self.query_one("#items").focus()

        self.coach.choose_exercise(chosen)

    def action_remove(self) -> None:
        if self.current is None:
            return
        item = self.draft.items.pop(self.current)
        self.removed.append((self.current, item))
        if not self.draft.items:
            self.current = None
        else:
            self.current = min(self.current, len(self.draft.items) - 1)
        self._fill_items()
        self._load_item()
        self._changed()
        self.notify(f"Removed {item.exercise.name}. Press u to put it back.")

    def action_undo(self) -> None:
        """Put the item removed last back where it was."""
        if not self.removed:
            self.notify("Nothing to put back.", severity="warning")
            return
        at, item = self.removed.pop()
        at = min(at, len(self.draft.items))
        self.draft.items.insert(at, item)
        self.current = at
        self._fill_items()
        self._load_item()
        self._changed()
        self.notify(f"Put {item.exercise.name} back as item {at + 1}.")

    def action_move(self, delta: int) -> None:
        here = self.current
        if here is None or not 0 <= here + delta < len(self.draft.items):
            return
        items = self.draft.items
        items[here], items[here + delta] = items[here + delta], items[here]
        self.current = here + delta
        self._fill_items()
        self._load_item()
        self._changed()

    def action_back(self) -> None:
        """Leave at once, from any field; with unsaved changes, after a y/n question."""
        if not self.dirty:
            self.dismiss(self.saved_id)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(self.saved_id)

        self.coach.confirm("Leave without saving your changes?", answered)

    def action_save(self) -> None:
        path = self.user_library
        if path is None:
            self.notify("No config directory was given, so routines can't be saved.",
                        severity="error")
            return
        if self.problems:
            self.problems = user_problems(path)  # fixed by hand since the builder opened?
            self._show_banner()
        if self.problems:
            self.notify(f"Your library {path} has problems; fix them first, then save again.",
                        title="Not saved", severity="error", timeout=10)
            return
        self.tried_save = True
        errors = self._check_routine()
        routine = self.draft.routine()
        if errors or routine is None:
            self.notify(self._first_problem(errors), title="Not saved", severity="error")
            return
        self._save(path, routine)

    def _first_problem(self, errors: dict[str, str]) -> str:
        for name in ROUTINE_FIELDS:
            if name in errors:
                self.query_one("#f-name" if name == "items" else f"#f-{name}").focus()
                return f"{name.capitalize()}: {errors[name]}"
        for i, item in enumerate(self.draft.items):
            _, item_errors = item.check()
            if item_errors:
                self.current = i
                self._fill_items()
                self._load_item()
                field = min(item_errors, key=FORM_ORDER.index)
                message = item_errors[field]
                self.query_one(f"#f-{field}").focus()
                return f"Item {i + 1} ({item.exercise.name}), {field.replace('_', ' ')}: {message}"
        return "Fix the marked fields first."

    @work(group="user-library", exclusive=True)
    async def _save(self, path: Path, routine: Routine) -> None:
        try:
            await asyncio.to_thread(save_routine, path, routine,
                                    replace_id=self.draft.replace_id)
        except BrokenUserLibrary as exc:
            self.problems = exc.problems
            self._show_banner()
            self.notify(exc.message, title="Not saved", severity="error", timeout=10)
            return
        except (UserLibraryError, OSError) as exc:
            self.notify(problem_text(exc), title="Not saved", severity="error", timeout=15)
            return
        self.draft.replace_id = routine.id
        self.draft.id_follows_name = False
        self.saved_id = routine.id
        self.saved_state = self.draft.state()
        self.sub_title = f"Editing {routine.name}"
        self.coach.reload_library()
        self._check_routine()
        self.notify(f"Saved '{routine.name}' to {path}.")


