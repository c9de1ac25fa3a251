"""Messages that workers post to screens once a service has answered."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class Failed(Message):
    """A service refused or failed: the French sentence to show, and the problems by field."""

    text: str
    problems: dict[str | None, str] = field(default_factory=dict)
