"""The footer of every screen: the keys that work now, named as on the keyboard (« Ctrl+S », « Échap »).

The names come from the app (KpaApp.get_key_display), the same as in every key line; a section's own
keys are also written at its top, where they are never cut on a small screen.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, one place for every screen to change it."""
