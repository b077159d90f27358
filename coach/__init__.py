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
