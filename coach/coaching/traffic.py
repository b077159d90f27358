"""One session's traffic light from its pain scores, after Silbernagel's pain-monitoring model.

The model (Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. "Continued sports activity,
using a pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy:
a randomized controlled study." Am J Sports Med 2007;35(6):897-906): pain during or after
exercise may reach about 5 out of 10, must settle by the next morning, and must not climb
from week to week.

The rules, in the order they are tried (the first that applies sets the colour; the reason
also names what could not be judged for want of a score):

1. Any score (before, during, after, next morning) at or above :data:`coach.HIGH_PAIN`:
   red, ``stop`` is set, and the reason says to stop and gives the red flags.
2. The highest pain during or after over ``limit``: red.
3. The next morning not settled (``morning > baseline + morning_margin``): red.
4. Pain rising week to week (:func:`rising`): red.
5. No pain score during or after: amber, since coach cannot call the session easy.
6. The highest pain during or after more than ``above_baseline`` over the baseline: amber
   (it stayed within the limit; rule 3 has already made it red if the morning did not settle).
7. Otherwise green.

The baseline is the pain before this session, else the person's usual baseline; with neither,
the rules that need one (3 and 6) are skipped and the reason says so. Missing scores never
make a session red.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coach import HIGH_PAIN, RED_FLAGS

Colour = Literal["green", "amber", "red"]


@dataclass(frozen=True)
class Thresholds:
    """The limits of the pain-monitoring model, on the 0-10 scale.

    ``limit`` (5) and "pain must settle by the next morning" and "must not climb from week to
    week" are Silbernagel et al. 2007 (Am J Sports Med 35(6):897-906). ``above_baseline`` (2)
    is the issue's line between green and amber: pain may rise this far over the person's own
    baseline and still count as easy. ``morning_margin`` (0) is coach's reading of "settled":
    the next morning is back at the baseline or below. ``weekly_rise`` (1.0) is coach's reading
    of "climbing": a whole point between one week's average and the next, since smaller
    moves are the wobble of a 0-10 scale.
    """

    limit: int = 5
    above_baseline: int = 2
    morning_margin: int = 0
    weekly_rise: float = 1.0


@dataclass(frozen=True)
class Light:
    """A session's colour, why, whether the next morning settled (None: not known), and
    whether the person should stop and read the red flags."""

    colour: Colour
    reason: str
    settled: bool | None = None
    stop: bool = False


def rising(weekly: Sequence[float], thresholds: Thresholds = Thresholds()) -> bool:
    """Whether pain climbs week to week: the last of ``weekly`` (the person's average pain of
    each complete week, oldest first) is at least ``weekly_rise`` over the week before it.
    Fewer than two weeks never rise."""
    return len(weekly) >= 2 and weekly[-1] - weekly[-2] >= thresholds.weekly_rise


def settled(morning: int | None, baseline: int | None,
            thresholds: Thresholds = Thresholds()) -> bool | None:
    """Whether the next morning is back at the baseline (within ``morning_margin``); None
    when either score is missing."""
    if morning is None or baseline is None:
        return None
    return morning <= baseline + thresholds.morning_margin


def light(
    *,
    before: int | None,
    during: int | None,
    after: int | None,
    morning: int | None,
    usual_baseline: int | None = None,
    weekly: Sequence[float] = (),
    thresholds: Thresholds = Thresholds(),
) -> Light:
    """The traffic light of one session (see the module's rules).

    ``before``: pain before the session; ``during``: the highest pain during it; ``after``:
    pain after it; ``morning``: the next morning's check-in (None until given);
    ``usual_baseline``: the person's usual pain before, used when ``before`` is None;
    ``weekly``: average pain of each complete week, oldest first (see :func:`rising`).
    """
    baseline = before if before is not None else usual_baseline
    is_settled = settled(morning, baseline, thresholds)
    notes = _missing(before, usual_baseline, during, after, morning)

    def red(reason: str, stop: bool = False) -> Light:
        return Light("red", _join(reason, notes), is_settled, stop)

    scores = {"before": before, "during": during, "after": after, "the next morning": morning}
    high = [(when, s) for when, s in scores.items() if s is not None and s >= HIGH_PAIN]
    if high:
        when, score = max(high, key=lambda pair: pair[1])
        return red(f"pain {when} reached {score}/10, which is high: stop, and ease off "
                   f"next time. {RED_FLAGS}", stop=True)
    known = [s for s in (during, after) if s is not None]
    peak = max(known) if known else None
    if peak is not None and peak > thresholds.limit:
        return red(f"pain reached {peak}/10, over the limit of {thresholds.limit}/10")
    if is_settled is False:
        return red(f"pain had not settled by the next morning ({morning}/10 against "
                   f"{baseline}/10 before)")
    if rising(weekly, thresholds):
        return red(f"pain is climbing week to week (average {weekly[-2]:g} then "
                   f"{weekly[-1]:g}/10)")
    if peak is None:
        return Light("amber", _join("no pain score during or after the session, so it "
                                    "cannot count as easy", notes), is_settled)
    if baseline is not None and peak > baseline + thresholds.above_baseline:
        return Light("amber", _join(
            f"pain rose to {peak}/10, more than {thresholds.above_baseline} over "
            f"{baseline}/10 before, but within the limit of {thresholds.limit}/10", notes,
        ), is_settled)
    if baseline is None:
        easy = f"pain stayed within the limit of {thresholds.limit}/10 ({peak}/10)"
    else:
        easy = (f"pain stayed within the limits ({peak}/10, no more than "
                f"{thresholds.above_baseline} over {baseline}/10 before)")
    if is_settled:
        easy += " and had settled by the next morning"
    return Light("green", _join(easy, notes), is_settled)


def _missing(before: int | None, usual: int | None, during: int | None, after: int | None,
             morning: int | None) -> list[str]:
    """What could not be judged, in words, for the end of the reason."""
    notes = []
    if before is None and usual is None:
        notes.append("no pain before to compare with")
    elif before is None:
        notes.append(f"compared with your usual {usual}/10 before")
    if (during is None) != (after is None):
        notes.append(f"no score {'during' if during is None else 'after'}")
    if morning is None:
        notes.append("no check-in the morning after")
    return notes


def _join(reason: str, notes: list[str]) -> str:
    text = reason[0].upper() + reason[1:]
    if not text.endswith("."):
        text += "."
    if notes:
        said = "; ".join(notes)
        text += f" {said[0].upper()}{said[1:]}."
    return text
