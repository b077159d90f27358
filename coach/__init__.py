"""coach: a keyboard-driven terminal coach for foot exercises against back, hip and knee pain."""

__version__ = "0.1.0"
