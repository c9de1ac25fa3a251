"""The collective savings ledger's one rule: its balance never goes below zero, on any day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def lowest_balance_with(entries: Sequence[tuple[date, int]], day: date, amount_cents: int) -> tuple[int, int]:
    """The balance on `day` before a new entry, and the lowest balance from that day on with it.

    `entries` are (day, signed amount in cents); a new entry goes after those of its own day.
    """
    before = sum(cents for entry_day, cents in entries if entry_day <= day)
    running = lowest = before + amount_cents
    for entry_day, cents in sorted(entries):
        if entry_day > day:
            running += cents
            lowest = min(lowest, running)
    return before, lowest
