"""The missed-day question's flow: asked over the routines when a planned day went by without
its routine (:func:`coach.planning.missed_question`), once: the answer is kept in the history
(Esc as "not now"), and the matching offer follows (pain: the gentler version, each range at
its low end; no time: the short version, the first half of the routine; forgot: a reminder
to give the plan a time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.coaching.plan import Answer, Missed
    from coach.tui.services import Host

TITLE = "Missed day"


def ask_missed(app: Host, missed: Missed) -> None:
    """Show the question about ``missed``; keep the answer and make its offer."""
    from coach.tui.screens.missed import MissedDayScreen

    routine = app.library.routines.get(missed.routine)
    name = routine.name if routine is not None else missed.routine

    def answered(answer: Answer | None) -> None:
        answer = answer or "not now"
        if keep(app, missed, answer):
            make_offer(app, missed.routine, answer)

    app.show(MissedDayScreen(name, missed.day), answered)


def keep(app: Host, missed: Missed, answer: Answer) -> bool:
    """Store the answer (one short write); say why when it cannot be kept."""
    from coach.history import HistoryError

    store = app.history
    if store is None or store.read_only:
        app.notify(f"The answer was not kept: {app.history_problem or 'history is off'}.",
                   title=TITLE, severity="warning")
        return False
    try:
        store.answer_missed(missed.day, missed.routine, answer, app.wall())
    except HistoryError as exc:
        app.notify(f"The answer was not kept: {exc}", title=TITLE, severity="error")
        return False
    return True


def make_offer(app: Host, routine_id: str, answer: Answer) -> None:
    """The offer for ``answer``: a version of the routine to start now (asked y/n), or a
    reminder; nothing for "not now", nor for a routine the library no longer has."""
    from coach.planning import gentler_version, offer, short_version

    routine = app.library.routines.get(routine_id)
    if routine is None:
        return
    made = offer(answer, routine)
    if made is None:
        return
    if made.how == "reminder":
        app.notify(made.text, title=TITLE, timeout=15)
        return
    version = (gentler_version(routine, app.library.exercises) if made.how == "gentler"
               else short_version(routine))

    def start(yes: bool | None) -> None:
        if yes:
            app.workouts.start_version(version)

    app.confirm(f"{made.text} Start it now?", start)
