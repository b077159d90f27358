"""The cues of a paced rep follow where it pauses (``hold_at``): top: go, hold, back; bottom:
go, back, hold; both: go, hold, back, hold. Timed on a fake clock through the engine, and
with coach.reps' pure functions."""

from __future__ import annotations

import pytest
from test_engine import T0, exercise, started, steps_of

from coach import reps


def paced(hold_at: str | None, *, count: int = 2, tempo: float = 2, hold: int = 2):
    rx = {"kind": "reps", "count": count, "tempo_seconds": tempo, "hold_seconds": hold}
    if hold_at is not None:
        rx["hold_at"] = hold_at
    (_, step) = steps_of(exercise("press", rx))
    return step


def changes(step) -> list[tuple[float, str | None]]:
    """Every change of cue through the set, as (seconds into the set, new cue), walking
    next_mark() as the engine does."""
    out = [(0.0, reps.cue(step, 0.0))]
    at = 0.0
    while at < step.seconds:
        at = reps.next_mark(step, at)
        cue = reps.cue(step, at)
        if cue != out[-1][1]:
            out.append((round(at, 6), cue))
    return out


@pytest.mark.parametrize(("hold_at", "one_rep"), [
    # A rep of 2 s movement and 2 s pauses: half the movement out, half back.
    (None, [(0.0, "go"), (1.0, "hold"), (3.0, "back")]),  # the top, as before hold_at
    ("top", [(0.0, "go"), (1.0, "hold"), (3.0, "back")]),
    ("bottom", [(0.0, "go"), (1.0, "back"), (2.0, "hold")]),
    ("both", [(0.0, "go"), (1.0, "hold"), (3.0, "back"), (4.0, "hold")]),
])
def test_one_rep_cues_in_the_order_its_pauses_ask(hold_at, one_rep):
    step = paced(hold_at)
    rep = step.rep_seconds
    assert rep == (6 if hold_at == "both" else 4)
    second = [(t + rep, cue) for t, cue in one_rep]
    assert changes(step) == one_rep + second + [(2 * rep, None)]


def test_the_rep_count_turns_with_the_last_pause_of_both_ends():
    step = paced("both")  # 6 s a rep: go 1, hold 2, back 1, hold 2
    assert [reps.reps_done(step, t) for t in (5.9, 6.0, 11.9, 12.0)] == [0, 1, 1, 2]
    assert reps.cue(step, 5.9) == "hold" and reps.cue(step, 6.0) == "go"


def test_phases_end_exactly_with_the_rep_for_an_awkward_tempo():
    step = paced("both", tempo=0.7, hold=1)
    ends = [end for _, end in reps.phases(step)]
    assert ends[-1] == step.rep_seconds == pytest.approx(2.7)
    assert ends == sorted(ends) and ends[0] == pytest.approx(0.35)


@pytest.mark.parametrize("hold_at", ["top", "bottom", "both"])
def test_the_engine_wakes_at_every_cue_and_shows_it(hold_at):
    step = paced(hold_at)
    session, clock, _ = started([step])
    seen = []
    while (change := session.next_change()) is not None:
        clock.now = change
        session.update()
        seen.append((round(change - T0, 6), session.rep_cue()))
    expected = [(t, cue) for t, cue in changes(step)[1:]]
    for item in expected[:-1]:
        assert item in seen
    assert session.state == "finished"


def test_a_rep_with_no_pause_has_go_and_back_only():
    (_, step) = steps_of(exercise("raise", {"kind": "reps", "count": 1, "tempo_seconds": 3}))
    assert changes(step) == [(0.0, "go"), (1.5, "back"), (3.0, None)]
