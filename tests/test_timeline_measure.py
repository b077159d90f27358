"""The closed-form size of a timeline (coach.timeline.measure_item) against the timeline itself.

The bound on a routine's length is judged from :func:`measure_item`, never from expanding, so
the two must agree for every prescription: the step count exactly, the estimated seconds to
rounding. Hypothesis draws prescriptions of every kind, side plan, range and setting; the
shipped library is checked too.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import shipped

from coach.limits import MAX_ROUTINE_SECONDS, MAX_STEPS
from coach.models import (
    Exercise,
    Hold,
    HoldSide,
    Reps,
    RepsSide,
    Routine,
    RoutineItem,
    Span,
    Timed,
    TimedSide,
    Variant,
)
from coach.timeline import (
    LONGEST_PREPARE_SECONDS,
    LONGEST_SWITCH_SECONDS,
    Measure,
    TimelineTooLong,
    bound_problem,
    estimate_seconds,
    expand,
    expand_item,
    item_prescription,
    longest_measure,
    measure_item,
)

VARIANTS = [Variant(id=f"v{i}", name=f"Variant {i}") for i in range(4)]


def exercise(sides: str, variants: int = 4) -> Exercise:
    return Exercise(id="probe", name="Probe", purpose="Test.", position="Stand.",
                    steps=["Move."], sides=sides, variants=VARIANTS[:variants],
                    prescription=Hold(kind="hold", seconds=Span(5, 5)))


@st.composite
def spans(draw, low: int, high: int) -> Span:
    a = draw(st.integers(low, high))
    b = draw(st.integers(a, min(high, a + 40)))
    return Span(a, b)


@st.composite
def prescriptions(draw) -> Hold | Reps | Timed:
    common = dict(
        sets=draw(st.integers(1, 5)),
        rounds=draw(st.integers(1, 4)),
        rest_seconds=draw(spans(0, 60)),
        variants=[v.id for v in draw(st.lists(st.sampled_from(VARIANTS), max_size=3,
                                              unique=True))],
        sides=draw(st.sampled_from([None, "each", "alternate", "both", "left", "right"])),
        first_side=draw(st.sampled_from(["left", "right"])),
    )
    # Per-side numbers, for a side that is played (sides None plays each side when the
    # exercise's nature is "each": those draws are left to nature="each" by the test).
    sided = common["sides"] in ("each", "alternate", None)
    kind = draw(st.sampled_from(["hold", "reps", "timed"]))

    def side_numbers(model, **own):
        if not sided or not draw(st.booleans()):
            return None
        return model(sets=draw(st.none() | st.integers(1, 5)),
                     rest_seconds=draw(st.none() | spans(0, 60)),
                     rounds=draw(st.none() | st.integers(1, 4)), **{
                         name: draw(st.none() | strategy) for name, strategy in own.items()})

    if kind == "hold":
        seconds = draw(spans(1, 300))
        up_to = draw(st.none() | st.integers(300, 600))
        numbers = dict(seconds=spans(1, 300), holds=st.integers(1, 6),
                       relax_seconds=spans(0, 30))
        return Hold(kind="hold", seconds=seconds, holds=draw(st.integers(1, 6)),
                    relax_seconds=draw(spans(0, 30)), up_to_seconds=up_to,
                    left=side_numbers(HoldSide, **numbers),
                    right=side_numbers(HoldSide, **numbers), **common)
    if kind == "reps":
        tempo = draw(st.none() | st.sampled_from([0.5, 1.0, 2.5, 3.0, 60.0]))
        top = draw(st.none() | spans(1, 30))
        hold_at = draw(st.none() | st.sampled_from(["top", "bottom", "both"])) if top else None
        numbers = dict(count=spans(1, 200), tempo_seconds=st.sampled_from([1.0, 2.0]),
                       hold_seconds=spans(1, 30))
        return Reps(kind="reps", count=draw(spans(1, 200)), tempo_seconds=tempo,
                    hold_seconds=top, hold_at=hold_at, left=side_numbers(RepsSide, **numbers),
                    right=side_numbers(RepsSide, **numbers), **common)
    numbers = dict(seconds=spans(1, 3600))
    return Timed(kind="timed", seconds=draw(spans(1, 3600)),
                 left=side_numbers(TimedSide, **numbers),
                 right=side_numbers(TimedSide, **numbers), **common)


def _tops(model):
    """``model`` with every range at its high end, as a plain number, and an open-ended
    hold played at its cap."""
    if model is None:
        return None
    update = {name: Span(value.high, value.high) for name, value in model
              if isinstance(value, Span)}
    cap = getattr(model, "up_to_seconds", None)
    if cap is not None:
        update["seconds"] = Span(cap, cap)
    return model.model_copy(update=update)


def high_ends(rx: Hold | Reps | Timed) -> Hold | Reps | Timed:
    """The same prescription with every range at its high end (per-side numbers too, each
    side written out in full as it is played)."""
    sides = {}
    for side in ("left", "right"):
        numbers = rx.side_numbers(side)
        if numbers is not None:
            played = _tops(rx.for_side(side))
            sides[side] = type(numbers)(**{f: getattr(played, f)
                                           for f in type(numbers).model_fields})
    return _tops(rx).model_copy(update=sides)


@settings(max_examples=400, deadline=None)
@given(rx=prescriptions(), nature=st.sampled_from(["each", "both"]),
       prepare=st.sampled_from([0, 1, 5, 60]), switch=st.sampled_from([0, 3, 60]))
def test_the_measure_is_the_length_of_the_expanded_item(rx, nature, prepare, switch):
    ex = exercise(nature)
    steps = expand_item(0, ex, rx, prepare_seconds=prepare, switch_seconds=switch)
    size = measure_item(ex, rx, prepare_seconds=prepare, switch_seconds=switch)
    assert size.steps == len(steps)
    assert size.seconds == pytest.approx(estimate_seconds(steps), rel=1e-9, abs=1e-9)
    # Read at the high end, it is the timeline of the prescription played at the high end.
    top = high_ends(rx)
    steps = expand_item(0, ex, top, prepare_seconds=prepare, switch_seconds=switch)
    size = measure_item(ex, rx, prepare_seconds=prepare, switch_seconds=switch, high=True)
    assert size.steps == len(steps)
    assert size.seconds == pytest.approx(estimate_seconds(steps), rel=1e-9, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(rx=prescriptions(), nature=st.sampled_from(["each", "both"]),
       prepare=st.integers(0, 60), switch=st.integers(0, 60))
def test_the_longest_measure_bounds_every_setting_and_every_point_of_a_range(
        rx, nature, prepare, switch):
    ex = exercise(nature)
    longest = longest_measure(ex, rx)
    played = measure_item(ex, rx, prepare_seconds=prepare, switch_seconds=switch)
    assert played.steps <= longest.steps
    assert played.seconds <= longest.seconds + 1e-9


def test_the_shipped_routines_measure_as_they_expand():
    library = shipped()
    for routine in library.routines.values():
        for prepare, switch in ((5, 5), (0, 0), (60, 0), (0, 60)):
            steps = expand(routine, library.exercises, prepare_seconds=prepare,
                           switch_seconds=switch)
            total = sum((measure_item(library.exercises[i.exercise],
                                      item_prescription(i, library.exercises[i.exercise]),
                                      prepare_seconds=prepare, switch_seconds=switch)
                         for i in routine.items), Measure(0, 0))
            assert total.steps == len(steps), routine.id
            assert total.seconds == pytest.approx(estimate_seconds(steps)), routine.id


def test_the_bound_is_judged_at_the_longest_settings():
    assert (LONGEST_PREPARE_SECONDS, LONGEST_SWITCH_SECONDS) == (60, 60)
    # One side, one set, one hold: a get-ready and the hold, whatever config.toml says.
    rx = Hold(kind="hold", seconds=Span(10, 30), sides="both")
    assert longest_measure(exercise("both"), rx) == Measure(2, 60 + 30)


def test_bound_messages():
    assert bound_problem(Measure(MAX_STEPS, MAX_ROUTINE_SECONDS)) is None
    assert bound_problem(Measure(MAX_STEPS + 1, 10)) == (
        "the routine would play 2,001 steps; coach plays at most 2,000"
        " (lower sets, rounds or holds)")
    assert bound_problem(Measure(10, MAX_ROUTINE_SECONDS + 1), "item") == (
        "the item would last up to 4:00:01; coach plays at most 4:00:00"
        " (shorter times, or lower sets, rounds or holds)")


def test_expanding_past_the_bound_is_refused_not_built():
    ex = exercise("each")
    rx = Hold(kind="hold", seconds=Span(5, 5), holds=50, sets=20)  # 2,000 holds
    assert measure_item(ex, rx, prepare_seconds=0, switch_seconds=0).steps == 2000
    assert len(expand_item(0, ex, rx, prepare_seconds=0, switch_seconds=0)) == 2000
    with pytest.raises(TimelineTooLong):
        expand_item(0, ex, rx, prepare_seconds=5, switch_seconds=0)
    routine = Routine(id="r", name="R", description="D.",
                      items=[RoutineItem(exercise="probe", prescription=rx)] * 2)
    with pytest.raises(TimelineTooLong):
        expand(routine, {"probe": ex}, prepare_seconds=0, switch_seconds=0)
