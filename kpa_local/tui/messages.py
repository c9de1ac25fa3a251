"""The message `calls.call` posts to a screen or widget when a service refused or failed."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class Failed(Message):
    """A service refused or failed: the French sentence to show, and the problems by field."""

    text: str
    problems: dict[str | None, str] = field(default_factory=dict)
