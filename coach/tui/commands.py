"""Command palette entries: every routine by name, and the app's other places.

A routine's name and description are data, so each entry's prompt is built here as text
(:func:`coach.tui.text.literal`) with the typed letters marked from the matcher's own fuzzy
search: the palette reads a ``str`` prompt, a ``help`` line and :meth:`Matcher.highlight`'s
input as markup. ``help`` is kept for coach's own words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher

from coach.tui.text import literal


@dataclass(frozen=True)
class _Command:
    name: str  # what is matched against what is typed
    run: Callable[[], object]
    detail: str | None = None  # data shown under the name (a routine's description)
    help: str | None = None  # coach's own words only: the palette reads it as markup


def prompt(command: _Command, matcher: Matcher | None = None) -> Text:
    """The name (the letters ``matcher`` matched marked), then the detail, both as written."""
    text = literal(command.name)
    if matcher is not None:
        _, offsets = matcher.fuzzy_search.match(matcher.query, command.name)
        style = matcher.match_style.rich_style
        for offset in offsets:
            # Offsets are into the name as the matcher lower-cased it, which may be longer.
            if offset < len(command.name) and not command.name[offset].isspace():
                text.stylize(style, offset, offset + 1)
    if command.detail:
        text.append("\n")
        text.append(literal(command.detail, "dim", multiline=True))
    return text


class CoachCommands(Provider):
    def _commands(self) -> Iterator[_Command]:
        app = self.app
        for routine in app.overviews:  # type: ignore[attr-defined]
            yield _Command(f"Start: {routine.name}",
                           partial(app.start_workout, routine.id),  # type: ignore[attr-defined]
                           detail=routine.description)
        yield _Command("Browse exercises", app.action_exercises,  # type: ignore[attr-defined]
                       help="Every exercise and its instructions")
        yield _Command("Session history", app.action_history,  # type: ignore[attr-defined]
                       help="Past sessions and pain over time")
        yield from self._builder_commands()

    def _builder_commands(self) -> Iterator[_Command]:
        from coach.tui.screens.builder import open_builder
        from coach.userlib import is_user_routine

        app = self.app
        library = app.library  # type: ignore[attr-defined]
        locations = getattr(app, "locations", None)
        yield _Command("New routine", partial(open_builder, app),
                       help="Build a routine of your own")
        for routine in library.routines.values():
            yield _Command(f"Copy: {routine.name}", partial(open_builder, app, routine.id),
                           help="Build a routine of your own from a copy of this one")
            if locations is not None and is_user_routine(library, locations.user_library,
                                                         routine.id):
                yield _Command(f"Edit: {routine.name}",
                               partial(open_builder, app, routine.id, edit=True),
                               help="Change this routine of your own")

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(prompt(command), command.run, text=command.name,
                               help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, prompt(command, matcher), command.run, text=command.name,
                          help=command.help)
