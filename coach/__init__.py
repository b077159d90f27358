"""coach: a keyboard-driven terminal coach for foot exercises against back, hip and knee pain."""

__version__ = "0.1.0"

# Said on first run, in the key list, after `coach show ROUTINE` and when pain runs high; here,
# where importing it costs nothing.
NOT_ADVICE = "General fitness guidance from popular articles, not medical advice."
RED_FLAGS = (
    "Stop and seek care if pain sharpens or spreads down a leg, or if you notice tingling, "
    "numbness, weakness, a change in bladder or bowel control, fever, or pain at night."
)
SAFETY_NOTE = f"{NOT_ADVICE} {RED_FLAGS}"
