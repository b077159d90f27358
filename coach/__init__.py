"""coach: a keyboard-driven terminal coach for foot exercises against back, hip and knee pain."""

__version__ = "0.1.0"

# Said on first run, in the key list, after `coach show ROUTINE` and when pain runs high; here,
# where importing it costs nothing.
NOT_ADVICE = "General fitness guidance from popular articles, not medical advice."
# The red flags one by one (the first-run note lists them), and as one sentence.
SEEK_CARE = "Stop and seek care if you notice"
RED_FLAG_SIGNS = (
    "pain that sharpens or spreads down a leg",
    "tingling",
    "numbness",
    "weakness",
    "a change in bladder or bowel control",
    "fever",
    "pain at night",
)
RED_FLAGS = f"{SEEK_CARE} {', '.join(RED_FLAG_SIGNS[:-1])}, or {RED_FLAG_SIGNS[-1]}."
SAFETY_NOTE = f"{NOT_ADVICE} {RED_FLAGS}"
# A pain score from which coach says the red flags again (0-10, before or after a workout).
HIGH_PAIN = 7
# Why the red flags are said: what they may mean, and so what to do.
FLAGS_WHY = "These can be signs of a problem for a clinician, not for exercise."


def high_pain_reason(score: int | None, *, after: bool = False) -> str | None:
    """What coach says of a high pain score, with its reason (the red flags follow it, with
    :data:`FLAGS_WHY`); None below :data:`HIGH_PAIN`. ``after``: said after a workout."""
    if score is None or score < HIGH_PAIN:
        return None
    if after:
        return (f"{score} out of 10 is high. If the workout raised it, ease off next time: "
                "pain that keeps rising says the load is too much for now.")
    return (f"{score} out of 10 is high. Exercise can make pain this strong worse, so "
            "rest may serve you better today; if you go on, go gently.")
