"""coach: a keyboard-driven terminal coach for foot exercises against back, hip and knee pain."""

__version__ = "0.1.0"

# Said once on first run and in the key list; here, where importing it costs nothing.
SAFETY_NOTE = (
    "General fitness guidance from popular articles, not medical advice. "
    "Stop and seek care if pain sharpens, or if numbness or weakness appears."
)
