"""One line at the foot of a dialog with the keys that work now: « Ctrl+S Enregistrer · Échap Annuler »."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App
from textual.widgets import Static

KEY_NAMES = {"escape": "Échap", "enter": "Entrée", "tab": "Tab", "delete": "Suppr", "space": "Espace"}


# The keys a browser keeps for itself (new window, new tab, close tab, reload) and, for each, the key that
# does the same in the tab of `kpa serve`: Alt with the same letter, Alt+5 for F5. Both work everywhere;
# the browser's screens show the second one.
BROWSER_KEYS = {"ctrl+n": "alt+n", "ctrl+t": "alt+t", "ctrl+w": "alt+w", "ctrl+r": "alt+r", "f5": "alt+5"}


def shown_key(key: str, *, in_browser: bool) -> str:
    """The key to show for a binding: in a browser, the second key of one the browser keeps."""
    return key_name(BROWSER_KEYS.get(key, key) if in_browser else key)


def key_name(key: str) -> str:
    """A key as it is printed on the keyboard, in French (`ctrl+s` → `Ctrl+S`)."""
    parts = key.split("+")
    named = [
        KEY_NAMES.get(part, part.upper() if len(part) == 1 or part[0] == "f" else part.capitalize()) for part in parts
    ]
    return "+".join(named)


def wrapped(keys: list[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """The keys in lines of at most `width` cells, a line breaking only between two keys."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    for key, what in keys:
        room = cell_len(key) + 1 + cell_len(what)
        if lines[-1] and width > 0 and used + 3 + room > width:
            lines.append([])
            used = 0
        used += room + (3 if lines[-1] else 0)
        lines[-1].append((key, what))
    return lines


class KeyLine(Static):
    """The dialog's keys that work now (those the footer would show), said in French."""

    DEFAULT_CSS = """
    KeyLine { height: auto; color: $text-muted; padding: 1 0 0 0; }
    """

    def __init__(self, *, classes: str = "key-line") -> None:
        super().__init__("", classes=classes)
        self.keys: list[tuple[str, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def _bindings_changed(self, _screen: object) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        """Write again the keys that work now (a key whose action is refused is not shown)."""
        seen: set[str] = set()
        keys: list[tuple[str, str]] = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if isinstance(active.node, App) or not binding.show or not active.enabled:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            shown = key_name(binding.key_display) if binding.key_display else shown_key(key, in_browser=self.app.is_web)
            keys.append((shown, binding.description))
        self.keys = keys
        self._write()

    def on_resize(self) -> None:
        self._write()

    def _write(self) -> None:
        lines = wrapped(self.keys, self.content_size.width)
        self.update("\n".join(" · ".join(f"[b]{key}[/b] {what}" for key, what in line) for line in lines))
