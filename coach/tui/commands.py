"""Command palette entries: every routine by name, and the app's other places."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class CoachCommands(Provider):
    def _commands(self):
        app = self.app
        for routine in app.library.routines.values():  # type: ignore[attr-defined]
            yield (f"Start: {routine.name}", partial(app.start_workout, routine.id),  # type: ignore[attr-defined]
                   routine.description)
        yield ("Browse exercises", app.action_exercises, "Every exercise and its instructions")  # type: ignore[attr-defined]
        yield ("Session history", app.action_history, "Past sessions and pain over time")  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
