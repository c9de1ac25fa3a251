"""What was typed in open forms, kept before their screens go (a lock, a change of user)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.app import App


@runtime_checkable
class KeepsDraft(Protocol):
    """A form that can put aside what was typed, to offer it back to the same account later."""

    def keep_draft(self) -> None: ...


def keep_drafts(app: App[Any]) -> int:
    """Ask every screen of every section that keeps drafts to put aside what was typed; how many did."""
    kept = 0
    for stack in app._screen_stacks.values():  # Textual keeps each section's screens there
        for screen in stack:
            if isinstance(screen, KeepsDraft):
                screen.keep_draft()
                kept += 1
    return kept
