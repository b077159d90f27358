"""Plans and missed days in the history: when each routine is meant to be played
(``coach plan``), the sessions completed per day that the plan is held against, and the
answers to "why was this planned day missed?".

:class:`PlanMethods` gives :class:`~coach.history.HistoryStore` these methods (as
:mod:`coach.history.checkins` does for check-ins); they raise
:class:`~coach.history.errors.HistoryError` where SQLite fails, ValueError for a plan or an
answer the rules refuse. A read-only history written before plans existed reads as having
none; a row a hand edit made unreadable is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from coach.coaching.plan import ANSWERS, Answer, Plan, plan_problem
from coach.history import queries
from coach.history.connection import StoreMethods
from coach.history.rows import day, moment, text
from coach.history.schema import has_table

__all__ = ["PlanMethods"]



def _plan(routine: object, days: object, times: object, set_at: object) -> Plan | None:
    """A stored row as a plan, or None when a hand edit made it unreadable."""
    if not isinstance(days, str) or not isinstance(times, str):
        return None
    try:
        numbers = tuple(sorted({int(d) for d in days.split(",")}))
    except ValueError:
        return None
    hours = tuple(sorted(times.split(","))) if times else ()
    since = moment(set_at)
    if plan_problem(numbers, hours) is not None or since is None:
        return None
    return Plan(text(routine), numbers, hours, since.date())


class PlanMethods(StoreMethods):
    """The store's plans, completed sessions by day, and missed-day answers."""


    def plans(self) -> list[Plan]:
        """Every plan, by routine id."""
        def read() -> list[Plan]:
            with self._db.read() as c:
                if not has_table(c, "plans"):
                    return []
                rows = c.execute("SELECT routine_id, days, times, set_at FROM plans"
                                 " ORDER BY routine_id").fetchall()
            return [p for p in (_plan(*row) for row in rows) if p is not None]
        return self._sql(read)

    def set_plan(self, routine: str, days: Sequence[int], times: Sequence[str],
                 at: datetime) -> Plan:
        """Plan ``routine`` on ``days`` (0 = Monday) at ``times`` ("HH:MM"; none: any time),
        replacing its plan if it had one; ``at`` (aware) is when, and the plan holds from
        that day. Returns what was kept. Raises ValueError for days or times
        :func:`~coach.coaching.plan.plan_problem` refuses."""
        problem = plan_problem(days, times)
        if problem is not None:
            raise ValueError(problem)
        iso = queries.stored_time(at)[0]
        numbers, hours = tuple(sorted(set(days))), tuple(sorted(times))

        def write() -> None:
            with self._db.write() as c:
                c.execute("INSERT OR REPLACE INTO plans (routine_id, days, times, set_at)"
                          " VALUES (?, ?, ?, ?)",
                          (routine, ",".join(map(str, numbers)), ",".join(hours), iso))
        self._sql(write)
        return Plan(routine, numbers, hours, at.date())

    def clear_plan(self, routine: str) -> bool:
        """Drop ``routine``'s plan; whether it had one."""
        def write() -> bool:
            with self._db.write() as c:
                return c.execute("DELETE FROM plans WHERE routine_id = ?",
                                 (routine,)).rowcount > 0
        return self._sql(write)

    def completed_by_day(self, since: date, until: date) -> dict[date, dict[str, int]]:
        """How many sessions of each routine were completed on each day from ``since`` to
        ``until``, both included (one query on the sessions' day index)."""
        def read() -> dict[date, dict[str, int]]:
            with self._db.read() as c:
                rows = c.execute(
                    "SELECT day, routine_id, COUNT(*) FROM sessions"
                    " WHERE day BETWEEN ? AND ? AND status = 'completed'"
                    " GROUP BY day, routine_id",
                    (since.isoformat(), until.isoformat())).fetchall()
            found: dict[date, dict[str, int]] = {}
            for on, routine, count in rows:
                when = day(on)
                if when is not None:
                    found.setdefault(when, {})[text(routine)] = count
            return found
        return self._sql(read)

    def played_on(self, on: date) -> list[tuple[str, str, datetime, str]]:
        """The sessions started on ``on`` and played to an end (completed, skipped or
        aborted), oldest first: (routine id, routine name, start, status)."""
        def read() -> list[tuple[str, str, datetime, str]]:
            with self._db.read() as c:
                rows = c.execute(
                    "SELECT routine_id, routine_name, started_at, status FROM sessions"
                    " WHERE day = ? AND status IN ('completed', 'skipped', 'aborted')"
                    " ORDER BY started_ms, id", (on.isoformat(),)).fetchall()
            found = []
            for routine, name, started, status in rows:
                when = moment(started)
                if when is not None:
                    found.append((text(routine), text(name), when, text(status)))
            return found
        return self._sql(read)

    def missed_answers(self, since: date) -> dict[tuple[date, str], Answer]:
        """The answers about missed days from ``since`` on, by (day, routine)."""
        def read() -> dict[tuple[date, str], Answer]:
            with self._db.read() as c:
                if not has_table(c, "missed_days"):
                    return {}
                rows = c.execute("SELECT day, routine_id, answer FROM missed_days"
                                 " WHERE day >= ?", (since.isoformat(),)).fetchall()
            found: dict[tuple[date, str], Answer] = {}
            for on, routine, answer in rows:
                when = day(on)
                for known in ANSWERS:
                    if when is not None and answer == known:
                        found[(when, text(routine))] = known
            return found
        return self._sql(read)

    def answer_missed(self, missed_day: date, routine: str, answer: Answer,
                      at: datetime) -> None:
        """Keep why ``routine`` was not played on ``missed_day``, said at ``at`` (aware); a
        second answer about the same day replaces the first. Raises ValueError for an
        answer not in :data:`~coach.coaching.plan.ANSWERS`."""
        if answer not in ANSWERS:
            raise ValueError(f"the answer must be one of {', '.join(ANSWERS)}, got {answer!r}")
        iso = queries.stored_time(at)[0]

        def write() -> None:
            with self._db.write() as c:
                c.execute("INSERT OR REPLACE INTO missed_days (day, routine_id, answer,"
                          " answered_at) VALUES (?, ?, ?, ?)",
                          (missed_day.isoformat(), routine, answer, iso))
        self._sql(write)
