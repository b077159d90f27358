"""The traffic light of a session: each rule of coach.coaching.traffic by a case that breaks
if the rule goes, and what missing scores do (never red on their own)."""

from __future__ import annotations

import pytest

from coach import HIGH_PAIN, RED_FLAGS
from coach.coaching.traffic import Light, Thresholds, light, rising, settled

# (before, during, after, morning, usual, weekly) -> colour, settled, words in the reason
CASES = [
    # green: within the limit and no more than 2 over the baseline, morning back at baseline
    ((2, 3, 4, 2, None, ()), "green", True, "within the limits (4/10"),
    ((2, 4, 3, 1, None, ()), "green", True, "settled by the next morning"),
    # exactly at the limit and exactly 2 over: both still green
    ((3, 5, 5, 3, None, ()), "green", True, "no more than 2 over 3/10"),
    # amber: more than 2 over the baseline, within the limit, settled
    ((1, 4, 2, 1, None, ()), "amber", True, "more than 2 over 1/10"),
    ((0, None, 5, 0, None, ()), "amber", True, "rose to 5/10"),
    # red: over the limit (6 > 5), even when the morning settled
    ((4, 6, 4, 4, None, ()), "red", True, "over the limit of 5/10"),
    ((4, 3, 6, None, None, ()), "red", None, "reached 6/10"),
    # red: not settled by the morning, even when easy the day before
    ((2, 3, 3, 3, None, ()), "red", False, "not settled by the next morning (3/10 against 2/10"),
    # red: amber by the peak and not settled
    ((1, 4, 4, 2, None, ()), "red", False, "not settled"),
    # red: climbing week to week, though the session itself was easy
    ((2, 3, 3, 2, None, (2.0, 3.0)), "red", True, "climbing week to week (average 2 then 3/10)"),
    # a rise under a whole point is a wobble, not a climb
    ((2, 3, 3, 2, None, (2.0, 2.5)), "green", True, "within the limits"),
    # falling weeks are fine
    ((2, 3, 3, 2, None, (4.0, 3.0, 2.0)), "green", True, "within the limits"),
    # the usual baseline stands in when there is no pain before
    ((None, 3, 3, 1, 1, ()), "green", True, "compared with your usual 1/10 before"),
    ((None, 4, 4, 1, 1, ()), "amber", True, "more than 2 over 1/10"),
    ((None, 3, 3, 2, 1, ()), "red", False, "not settled"),
    # missing scores: never red for want of data, and the reason says what is missing
    ((2, 3, 3, None, None, ()), "green", None, "No check-in the morning after"),
    ((None, 4, 4, 4, None, ()), "green", None, "no pain before to compare with"),
    ((2, None, None, 2, None, ()), "amber", True, "No pain score during or after"),
    ((2, 3, None, 2, None, ()), "green", True, "no score after"),
    ((None, None, None, None, None, ()), "amber", None, "cannot count as easy"),
]


@pytest.mark.parametrize(("scores", "colour", "is_settled", "words"), CASES)
def test_light(scores: tuple, colour: str, is_settled: bool | None, words: str) -> None:
    before, during, after, morning, usual, weekly = scores
    got = light(before=before, during=during, after=after, morning=morning,
                usual_baseline=usual, weekly=weekly)
    assert (got.colour, got.settled, got.stop) == (colour, is_settled, False)
    assert words.lower() in got.reason.lower()


@pytest.mark.parametrize("where", ["before", "during", "after", "morning"])
def test_high_pain_always_stops_with_the_red_flags(where: str) -> None:
    """HIGH_PAIN anywhere wins over every other rule, even with nothing else wrong."""
    scores = {"before": 2, "during": 2, "after": 2, "morning": 2, where: HIGH_PAIN}
    got = light(**scores)
    assert got.colour == "red" and got.stop
    assert f"reached {HIGH_PAIN}/10" in got.reason and "stop" in got.reason
    assert RED_FLAGS in got.reason


def test_just_under_high_pain_does_not_stop() -> None:
    got = light(before=HIGH_PAIN - 1, during=HIGH_PAIN - 1, after=None, morning=None)
    assert not got.stop and RED_FLAGS not in got.reason


@pytest.mark.parametrize(
    ("thresholds", "colour"),
    [
        (Thresholds(), "amber"),              # 5 is more than 2 over 2
        (Thresholds(above_baseline=3), "green"),
        (Thresholds(limit=4), "red"),
    ],
)
def test_thresholds_move_the_lines(thresholds: Thresholds, colour: str) -> None:
    got = light(before=2, during=5, after=None, morning=2, thresholds=thresholds)
    assert got.colour == colour


def test_morning_margin_allows_a_wobble() -> None:
    assert light(before=2, during=3, after=3, morning=3).colour == "red"
    allowed = light(before=2, during=3, after=3, morning=3, thresholds=Thresholds(morning_margin=1))
    assert allowed.colour == "green" and allowed.settled


@pytest.mark.parametrize(
    ("weekly", "expected"),
    [((), False), ((5.0,), False), ((2.0, 3.0), True), ((2.0, 2.9), False),
     ((1.0, 4.0, 3.0), False), ((4.0, 1.0, 2.0), True)],
)
def test_rising(weekly: tuple[float, ...], expected: bool) -> None:
    assert rising(weekly) is expected


@pytest.mark.parametrize(
    ("morning", "baseline", "expected"),
    [(None, 2, None), (2, None, None), (2, 2, True), (1, 2, True), (3, 2, False)],
)
def test_settled(morning: int | None, baseline: int | None, expected: bool | None) -> None:
    assert settled(morning, baseline) is expected


def test_light_is_plain_data() -> None:
    assert Light("green", "why") == Light("green", "why", None, False)
