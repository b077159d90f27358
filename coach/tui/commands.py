"""Command palette entries: every routine by name, and the app's other places."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class CoachCommands(Provider):
    def _commands(self):
        app = self.app
        for routine in app.overviews:  # type: ignore[attr-defined]
            yield (f"Start: {routine.name}", partial(app.start_workout, routine.id),  # type: ignore[attr-defined]
                   routine.description)
        yield ("Browse exercises", app.action_exercises, "Every exercise and its instructions")  # type: ignore[attr-defined]
        yield ("Session history", app.action_history, "Past sessions and pain over time")  # type: ignore[attr-defined]
        yield from self._builder_commands()

    def _builder_commands(self):
        from coach.tui.screens.builder import open_builder
        from coach.userlib import is_user_routine

        app = self.app
        library = app.library  # type: ignore[attr-defined]
        locations = getattr(app, "locations", None)
        yield ("New routine", partial(open_builder, app), "Build a routine of your own")
        for routine in library.routines.values():
            yield (f"Copy: {routine.name}", partial(open_builder, app, routine.id),
                   "Build a routine of your own from a copy of this one")
            if locations is not None and is_user_routine(library, locations.user_library,
                                                         routine.id):
                yield (f"Edit: {routine.name}", partial(open_builder, app, routine.id, edit=True),
                       "Change this routine of your own")

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
