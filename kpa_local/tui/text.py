"""Small helpers for text shown in tables."""

from __future__ import annotations


def shorten(text: str, width: int) -> str:
    """Text cut to a column's width, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def figure(text: str, width: int = 12) -> str:
    """A figure pushed to the right of its column (tables align text to the left)."""
    return text.rjust(width)
