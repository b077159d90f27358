"""The day's pure rules on a fake today: the pain trend (last seven days against the first
week, meaningful from about 2 points or 30%) and the suggestion from the last light."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach import RED_FLAGS
from coach.coaching.today import pain_trend, suggestion
from coach.coaching.traffic import Light

START = date(2026, 11, 2)


def days(first: list[int], last: list[int], today: date) -> list[tuple[date, int]]:
    """Scores on the first days from START, and on the last days up to ``today``."""
    early = [(START + timedelta(days=i), s) for i, s in enumerate(first)]
    late = [(today - timedelta(days=i), s) for i, s in enumerate(reversed(last))]
    return early + late


TODAY = START + timedelta(days=30)


@pytest.mark.parametrize(("first", "last", "direction", "change", "percent", "meaningful"), [
    ([6, 6, 6], [4, 4], "better", -2.0, -33, True),       # both: 2 points and 33%
    ([6, 6], [4.5, 4.5], "better", -1.5, -25, False),     # under both lines
    ([4, 4], [2.8, 2.8], "better", -1.2, -30, True),      # 30% of a whole point or more
    ([2, 2], [1.4, 1.4], "better", -0.6, -30, False),     # 30%, but under a point
    ([2, 2], [4, 5], "worse", 2.5, 125, True),
    ([3], [3, 3, 3], "the same", 0.0, 0, False),
    ([0, 0], [1, 1], "worse", 1.0, None, False),          # from nothing: no percent
])
def test_the_trend_and_when_it_is_meaningful(first, last, direction, change, percent,
                                              meaningful):
    found = pain_trend(TODAY, days(first, last, TODAY))
    assert found is not None
    assert (found.direction, found.change, found.percent, found.meaningful) == (
        direction, change, percent, meaningful)
    assert found.first_week_from == START
    assert f"{found.last_days:g}/10" in found.text and f"{found.first_week:g}/10" in found.text
    if direction != "the same":
        assert direction in found.text
        assert ("about the change usually counted as meaningful" in found.text) == meaningful


@pytest.mark.parametrize(("scores", "today"), [
    ([], TODAY),
    ([(START, 5)], START + timedelta(days=12)),            # the windows still overlap
    ([(START, 5), (START + timedelta(days=3), 4)], TODAY),  # nothing in the last seven days
    ([(TODAY + timedelta(days=1), 4)], TODAY),             # only a score after today
])
def test_no_trend_until_there_is_one_to_tell(scores, today):
    assert pain_trend(today, scores) is None


def test_the_first_trend_comes_when_the_windows_part():
    scores = [(START, 5), (START + timedelta(days=13), 2)]
    assert pain_trend(START + timedelta(days=13), scores) is not None


GREEN = Light("green", "Pain stayed within the limits.", True)
AMBER = Light("amber", "Pain rose to 5/10.", None)
RED = Light("red", "Pain reached 6/10, over the limit of 5/10.", None)
STOP = Light("red", f"Pain after reached 8/10, which is high: stop. {RED_FLAGS}", None, True)


@pytest.mark.parametrize(("last", "morning", "starts", "why", "stop"), [
    (None, None, "Start gently", "No session has been played", False),
    (GREEN, None, "Carry on", "Your last session was green. Pain stayed", False),
    (AMBER, 3, "Keep the level", "Your last session was amber. Pain rose", False),
    (RED, None, "Ease off: play the gentler version", "was red. Pain reached 6/10", False),
    (STOP, None, "Stop", RED_FLAGS, True),
    (GREEN, 7, "Stop", RED_FLAGS, True),                   # this morning's high score wins
    (None, 9, "Stop", "This morning: 9 out of 10 is high", True),
    (GREEN, 6, "Carry on", "was green", False),
])
def test_the_suggestion_and_its_why(last, morning, starts, why, stop):
    found = suggestion(last, morning)
    assert found.text.startswith(starts)
    assert why in found.why
    assert found.stop is stop
