"""The keys that Textual's own widgets show in the footer, said in French.

Only the list of a `Select` shows one (« esc Dismiss menu »); the command palette is replaced
by its French subclass in tui/commands.py. Set once, before any list is built.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets._select import SelectOverlay


def speak_french() -> None:
    """Give Textual's shown keys their French descriptions (done once per process)."""
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "Fermer la liste")]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()
