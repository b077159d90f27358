"""The person's own routines, from the app's side: open the builder on a new routine, a copy
or one of their own, and delete one of their own after a y/n question.

Shipped routines are never changed: editing or deleting one is refused with a word on how
to copy it instead. Deleting runs in a worker and goes through
:func:`coach.user_library.delete_routine`; the app reads the library again afterwards.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from coach.tui.services import Host

SHIPPED_REFUSAL = "Shipped routines are never changed — press c to copy"


def user_library(app: Host) -> Path | None:
    """The person's own library file, or None when no config directory was given."""
    return None if app.locations is None else app.locations.user_library


def open_builder(app: Host, routine_id: str | None = None, *, edit: bool = False) -> None:
    """A new routine, a copy of ``routine_id``, or (``edit``) that routine of the person's
    own; shipped routines are refused for editing."""
    from coach.drafts import Draft
    from coach.tui.screens.builder import BuilderScreen
    from coach.user_library import is_user_routine

    library = app.library
    path = user_library(app)
    if routine_id is None:
        draft = Draft()
    else:
        routine = library.routines[routine_id]
        if edit and (path is None or not is_user_routine(library, path, routine_id)):
            app.notify(SHIPPED_REFUSAL, severity="warning")
            return
        draft = Draft.of(routine, library.exercises, edit=edit, taken=library.routines)

    def saved(routine_id: str | None) -> None:
        # The app refilled the picker when it reloaded the library; show what was saved.
        if routine_id is not None:
            app.highlight_routine(routine_id)

    app.show(BuilderScreen(app, draft), saved)


def delete_routine(app: Host, routine_id: str) -> None:
    """Delete one of the person's own routines after a y/n question."""
    from coach.tui.builder_text import problem_text
    from coach.user_library import UserLibraryError, delete_routine, is_user_routine

    library = app.library
    path = user_library(app)
    if path is None or not is_user_routine(library, path, routine_id):
        app.notify("Shipped routines are never deleted", severity="warning")
        return
    name = library.routines[routine_id].name

    async def remove() -> None:
        try:
            await asyncio.to_thread(delete_routine, path, routine_id)
        except (UserLibraryError, OSError) as exc:
            app.notify(problem_text(exc), title="Nothing was deleted", severity="error",
                       timeout=15)
            return
        app.reload_library()
        app.notify(f"Deleted '{name}'.")

    def answered(yes: bool | None) -> None:
        if yes:
            app.in_background(remove(), group="user-library")

    app.confirm(f"Delete your routine '{name}'?", answered)
