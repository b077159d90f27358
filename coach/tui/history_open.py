"""Opening the history store for the app, and telling the person what they need to know:
history off (no data directory, or a file that cannot be opened), a damaged file moved
aside, or a history that can only be read (shown, never written)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from coach.history import HistoryStore
    from coach.paths import Locations


class _Notify(Protocol):
    def __call__(self, message: str, *, title: str = ..., severity: SeverityLevel = ...,
                 timeout: float | None = ...) -> None: ...


def open_history(locations: Locations | None, notify: _Notify
                 ) -> tuple[HistoryStore | None, str | None]:
    """The store (None when history is off) and why history is off or read-only (None
    when it can be written), each said in a notice as it is found."""
    from coach.history import HistoryError, HistoryStore

    if locations is None:
        return None, "no data directory was given, so history is off"
    try:
        store = HistoryStore(locations.history_db)
    except HistoryError as exc:
        notify(f"{exc}. Workouts still run; the summary offers to save each to a file.",
               title="History can't be saved", severity="error", timeout=20)
        return None, str(exc)
    if store.moved_aside is not None:
        notify(f"{store.path} was not a readable history; it was moved to "
               f"{store.moved_aside} and a new history started.",
               title="History", severity="warning", timeout=20)
    if not store.read_only:
        return store, None
    # Shown, never written: a workout offers its file at the summary instead.
    notify(f"History is read-only here ({store.read_only_reason}). It is shown, but workouts "
           "are not saved to it; the summary offers to save each to a file.",
           title="History", severity="warning", timeout=20)
    return store, (f"the history in {store.path} is read-only: {store.read_only_reason}")
