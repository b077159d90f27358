"""The morning's pain question: asked over the routines on the first start of a day after a
session (when :func:`coach.recent.checkin_due` says so), its answer kept as a check-in.

It is the pain question of a workout (:class:`~coach.tui.screens.pain.PainScreen`), with the
red flags at 7 or more, and a note after the score, as ``coach checkin PAIN --note TEXT``
takes: Enter or Tab moves from the score to the note, Enter there keeps both. Enter alone on
the score and Esc both skip it, and nothing is stored. The app asks
it at most once a run and day (``CoachApp.ask_checkin``), so a skip is remembered for this run
only: the next start that day asks again, until a check-in of the day is kept (the question,
or ``coach checkin``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.tui.screens.pain import PainAnswer
    from coach.tui.services import Host

QUESTION = "Pain this morning, 0-10?"
CONTEXT = "Since your last session"
HINT = "Enter or Tab: on to the note · Enter there keeps both · Enter alone or Esc skips"
HIGH_HINT = "Enter on the note keeps both · Esc skips the question"


def ask_checkin(app: Host) -> None:
    """Show the question; keep the answer in the history, unless it is skipped."""
    from coach.tui.screens.pain import PainScreen

    def answered(answer: PainAnswer | None) -> None:
        if answer is None or answer.pain is None:
            return  # skipped: nothing is stored
        keep(app, answer.pain, answer.note)

    app.show(PainScreen(QUESTION, CONTEXT, hint=HINT, high_hint=HIGH_HINT, note=True),
             answered)


def keep(app: Host, pain: int, note: str | None = None) -> None:
    """Store the check-in (one short write) and say so, or say why it could not be kept."""
    from coach.history import HistoryError

    store = app.history
    if store is None or store.read_only:
        app.notify(f"Pain {pain}/10 was not kept: {app.history_problem or 'history is off'}.",
                   title="Check-in", severity="warning")
        return
    try:
        store.add_checkin(app.wall(), pain, note)
    except (HistoryError, ValueError) as exc:  # ValueError: a note the store refuses
        app.notify(f"Pain {pain}/10 was not kept: {exc}", title="Check-in", severity="error")
        return
    app.notify(f"Pain {pain}/10{' and the note' if note else ''} kept for this morning.",
               title="Check-in")
