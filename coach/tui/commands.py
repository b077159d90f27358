"""Command palette entries: every routine by name, and the app's other places.

A routine's name and description are data, so each entry's prompt is built here as text
(:func:`coach.tui.text.literal`) with the typed letters marked: the palette reads a ``str``
prompt, a ``help`` line and :meth:`Matcher.highlight`'s input as markup. ``help`` is kept
for coach's own words.

Matching is bounded too. Textual's fuzzy search tries every way the typed letters fit a
name, which grows combinatorially (eight a's against a name "a a a a ..." does not finish);
:func:`match` finds the letters left to right in linear time and scores them by Textual's
own rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.style import Style
from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher
from textual.widgets import Input

from coach.tui.text import literal
from coach.tui.widgets.inputs import BlinkSetting

if TYPE_CHECKING:
    from coach.tui.services import Coach


@dataclass(frozen=True)
class Command:
    name: str  # what is matched against what is typed
    run: Callable[[], object]
    detail: str | None = None  # data shown under the name (a routine's description)
    help: str | None = None  # coach's own words only: the palette reads it as markup


def match(matcher: Matcher, candidate: str) -> tuple[float, list[int]]:
    """How well what was typed matches ``candidate`` (0: not at all), and where its letters
    are: the whole query where it appears as it is, else each letter at its first place
    after the one before."""
    query, text = matcher.query, candidate
    if not matcher.case_sensitive:
        query, text = query.lower(), text.lower()
    if not query:
        return 0.0, []
    found = text.find(query)
    if found >= 0:
        offsets = list(range(found, found + len(query)))
        # As Textual ranks it: the query as it is beats its letters apart.
        boost = 2.0 if text == query else 1.5
    else:
        offsets, at, boost = [], 0, 1.0
        for letter in query:
            at = text.find(letter, at)
            if at < 0:
                return 0.0, []
            offsets.append(at)
            at += 1
    return matcher.fuzzy_search.score(text, offsets) * boost, offsets


def prompt(command: Command, offsets: Sequence[int] = (), style: Style | None = None) -> Text:
    """The name (the letters at ``offsets`` in ``style``), then the detail, as written."""
    text = literal(command.name)
    for offset in offsets:
        # Offsets are into the name as it was lower-cased, which may be longer.
        if offset < len(command.name) and not command.name[offset].isspace():
            text.stylize(style or "", offset, offset + 1)
    if command.detail:
        text.append("\n")
        text.append(literal(command.detail, "dim", multiline=True))
    return text


class CoachCommands(Provider):
    @property
    def coach(self) -> Coach:
        """The app whose places these are: the palette is the app's own, and CoachApp is a
        Coach (mypy checks it where the app hands itself to its screens). Typed here, not
        imported, so the app and its palette do not import each other."""
        return cast("Coach", self.app)

    def _commands(self) -> Iterator[Command]:
        app = self.coach
        for routine in app.overviews:
            yield Command(f"Start: {routine.name}", partial(app.start_workout, routine.id),
                          detail=routine.description)
        yield Command("Browse exercises", app.action_exercises,
                      help="Every exercise and its instructions")
        yield Command("Session history", app.action_history,
                      help="Past sessions and pain over time")
        yield Command("Settings", app.action_settings,
                      help="Get-ready and switch seconds, the bell, the theme")
        yield Command("Voice on or off", self._toggle_voice,
                      help="Spoken cues in a workout (v while it runs)")
        yield from self._builder_commands(app)

    def _builder_commands(self, app: Coach) -> Iterator[Command]:
        from coach.user_library import is_user_routine

        library = app.library
        locations = app.locations
        yield Command("New routine", app.open_builder, help="Build a routine of your own")
        for routine in library.routines.values():
            yield Command(f"Copy: {routine.name}", partial(app.open_builder, routine.id),
                          help="Build a routine of your own from a copy of this one")
            if locations is not None and is_user_routine(library, locations.user_library,
                                                         routine.id):
                yield Command(f"Edit: {routine.name}",
                              partial(app.open_builder, routine.id, edit=True),
                              help="Change this routine of your own")

    def _toggle_voice(self) -> None:
        self.app.notify(self.coach.voice.toggle(), timeout=4)

    async def startup(self) -> None:
        """The palette's own input follows the app's cursor setting, as coach's fields do
        (a steady cursor where the app was asked for one: a blink would make what is drawn
        depend on when)."""
        palette, app = self.app.screen, self.app
        if isinstance(palette, CommandPalette) and isinstance(app, BlinkSetting):
            for field in palette.query(Input):
                field.cursor_blink = app.cursor_blink

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(prompt(command), command.run, text=command.name,
                               help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score, offsets = match(matcher, command.name)
            if score > 0:
                shown = prompt(command, offsets, matcher.match_style.rich_style)
                yield Hit(score, shown, command.run, text=command.name, help=command.help)
