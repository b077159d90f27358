"""Widgets shared by coach's screens."""
