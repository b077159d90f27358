"""Settings in the app: get-ready and switch seconds, the bell and the theme.

Each field is checked as it is typed with the bounds and words ``config.toml`` is checked
with (:func:`coach.config.setting_problem`), the message under the field. The theme is tried
as you move through the choices and put back if you leave without saving. Saving writes
``config.toml`` atomically (:func:`coach.config.save_settings`, in a worker) and puts the
settings in force at once (:meth:`coach.tui.app.CoachApp.apply_settings`); a file with
problems of its own is not overwritten, and the screen says why. The screen returns whether
it saved.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from coach.config import SETTING_HELP, Settings
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.builder_fields import ChoiceField, FieldRow, number_field
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar

SECONDS = ("prepare_seconds", "switch_seconds")
_LABELS = {"prepare_seconds": "Get ready (s)", "switch_seconds": "Switch (s)",
           "bell": "Bell", "theme": "Theme"}
_ORDER = (*SECONDS, "bell", "theme")
_HINTS = {**SETTING_HELP, "theme": "←/→ tries each theme; Esc without saving puts it back"}


def _error(message: str) -> Text:
    """A field's problem, marked in words and weight as well as colour (NO_COLOR)."""
    return Text.assemble(("⚠ ", "bold red"), literal(message, "bold red"))


class SettingsScreen(Screen[bool]):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, coach: Coach, settings: Settings, config_file: Path | None,
                 themes: list[str]) -> None:
        super().__init__()
        self.coach = coach
        self.saved = settings
        self.config_file = config_file
        self.themes = themes
        self.problems: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="settings-banner")
        with VerticalScroll(id="settings-form"):
            for key in SECONDS:
                field = number_field(key, "0")
                field.value = str(getattr(self.saved, key))
                yield FieldRow(_LABELS[key], field, key)
            yield FieldRow("Bell", ChoiceField([("on", "on"), ("off", "off")],
                                               "on" if self.saved.bell else "off",
                                               id="f-bell"), "bell")
            themes = self.themes if self.saved.theme in self.themes else [self.saved.theme,
                                                                           *self.themes]
            yield FieldRow("Theme", ChoiceField([(t, t) for t in themes], self.saved.theme,
                                                id="f-theme"), "theme")
            yield Static(self._where(), id="settings-where")
        yield KeyBar()

    def _where(self) -> Text:
        if self.config_file is None:
            return Text("No config directory was given, so settings can't be saved.")
        text = Text("Saved in ", style="dim")
        text.append(literal(str(self.config_file), "dim"))
        text.append(". Get-ready and switch seconds count from the next workout.", style="dim")
        return text

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        for key in _ORDER:
            self._show(key)
        self._show_banner(None)
        self.set_focus(self.query_one("#f-prepare_seconds"))
        if self.config_file is not None:
            self._check_file(self.config_file)

    @work(group="settings", exclusive=True)
    async def _check_file(self, path: Path) -> None:
        """Say at once when ``config.toml`` has problems: saving will not overwrite it."""
        from coach.config import load_settings

        _, problems = await asyncio.to_thread(load_settings, path)
        if problems:
            self._show_banner(f"{path} has problems, so it will not be overwritten"
                              f" until you fix them:\n" + "\n".join(map(str, problems[:4])))

    def _show_banner(self, message: str | None) -> None:
        banner = self.query_one("#settings-banner", Static)
        banner.update(literal(message or "", multiline=True))
        banner.display = bool(message)

    # --- the fields ---------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """What the form holds, as settings values (numbers as typed, when not numbers)."""
        out: dict[str, object] = {}
        for key in SECONDS:
            typed = self.query_one(f"#f-{key}", Input).value.strip()
            out[key] = int(typed) if re.fullmatch(r"\d{1,6}", typed) else typed
        out["bell"] = self.query_one("#f-bell", ChoiceField).value == "on"
        out["theme"] = self.query_one("#f-theme", ChoiceField).value
        return out

    def _problem(self, key: str, value: object) -> str | None:
        from coach.config import setting_problem

        if key in SECONDS and not isinstance(value, int):
            return "expected a whole number of seconds, such as 5"
        if key == "theme" and value not in self.themes:
            return f"no theme '{value}' here; choose another"
        return setting_problem(key, value)

    def _show(self, key: str) -> None:
        problem = self._problem(key, self.values()[key])
        message = self.query_one(f"#m-{key}", Static)
        if problem:
            self.problems[key] = problem
            message.update(_error(problem))
        else:
            self.problems.pop(key, None)
            message.update(Text(_HINTS[key], style="dim"))
        self.query_one(f"#f-{key}").set_class(bool(problem), "-bad")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show((event.input.id or "").removeprefix("f-"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        event.stop()
        key = (event.choice.id or "").removeprefix("f-")
        self._show(key)
        if key == "theme" and event.value in self.themes:
            self.app.theme = event.value  # tried at once; Esc without saving puts it back

    @property
    def dirty(self) -> bool:
        saved = self.saved.to_dict()
        return self.values() != {key: saved[key] for key in _ORDER}

    # --- leaving and saving -------------------------------------------------------------

    def _leave(self, saved: bool) -> None:
        if not saved and self.saved.theme in self.themes:
            self.app.theme = self.saved.theme
        self.dismiss(saved)

    def action_back(self) -> None:
        """Leave at once; with unsaved changes, after a y/n question."""
        if not self.dirty:
            self._leave(False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._leave(False)

        self.coach.confirm("Leave without saving your settings?", answered)

    def action_save(self) -> None:
        if self.config_file is None:
            self.notify("No config directory was given, so settings can't be saved.",
                        severity="error")
            return
        if self.problems:
            key = min(self.problems, key=_ORDER.index)
            self.set_focus(self.query_one(f"#f-{key}"))
            self.notify(f"{_LABELS[key]}: {self.problems[key]}", title="Not saved",
                        severity="error")
            return
        settings = self._settings()
        if settings is not None:
            self._save(self.config_file, settings)

    def _settings(self) -> Settings | None:
        """The form as settings; None while a field holds what is not a setting."""
        values = self.values()
        prepare, switch = values["prepare_seconds"], values["switch_seconds"]
        bell, theme = values["bell"], values["theme"]
        if not (isinstance(prepare, int) and isinstance(switch, int)
                and isinstance(bell, bool) and isinstance(theme, str)):
            return None
        # What the form does not show (the pain thresholds: config.toml only) is kept.
        return replace(self.saved, prepare_seconds=prepare, switch_seconds=switch, bell=bell,
                       theme=theme)

    @work(group="settings", exclusive=True)
    async def _save(self, path: Path, settings: Settings) -> None:
        from coach.config import SettingsNotSaved, save_settings

        try:
            await asyncio.to_thread(save_settings, path, settings)
        except SettingsNotSaved as exc:
            self._show_banner(f"Not saved: {exc}")
            self.notify(str(exc), title="Settings not saved", severity="error", timeout=15)
            return
        self.coach.apply_settings(settings)
        self.notify(f"Settings saved to {path}.")
        self.dismiss(True)

    def on_key(self, event: events.Key) -> None:
        # Enter on a choice moves on, as it does in a number field.
        if event.key == "enter" and isinstance(self.focused, ChoiceField):
            event.stop()
            self.focus_next()
