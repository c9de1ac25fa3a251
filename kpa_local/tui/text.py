"""Small helpers for text shown in tables."""

from __future__ import annotations


def shorten(text: str, width: int) -> str:
    """Text cut to a column's width, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
