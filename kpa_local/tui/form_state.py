"""What a form holds, read from its widgets and written back: the boxes typed into, the choices made,
the boxes ticked, and what a composite widget (the lines of a document) says it holds.

Passwords are never read: they are neither compared nor put aside.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol, runtime_checkable

from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea
from textual.widgets.select import InvalidSelectValueError


@runtime_checkable
class HoldsFormValue(Protocol):
    """A widget that says itself what it holds (its own inner boxes are then left to it)."""

    def form_value(self) -> object: ...

    def restore_form_value(self, value: object) -> None: ...


def _widgets(root: Widget) -> Iterator[Widget]:
    """The widgets with an id under root, skipping those inside a widget that holds its own value."""
    keepers = [widget for widget in root.query("*") if isinstance(widget, HoldsFormValue)]
    for widget in root.query("*"):
        if widget.id is None:
            continue
        if any(keeper in widget.ancestors for keeper in keepers):
            continue
        yield widget


def read_form(root: Widget) -> dict[str, object]:
    """Every value the person can change under root, by widget id (passwords left out)."""
    values: dict[str, object] = {}
    for widget in _widgets(root):
        key = widget.id or ""
        if isinstance(widget, HoldsFormValue):
            values[key] = widget.form_value()
        elif isinstance(widget, Input):
            if not widget.password:
                values[key] = widget.value
        elif isinstance(widget, TextArea):
            values[key] = widget.text
        elif isinstance(widget, Checkbox):
            values[key] = widget.value
        elif isinstance(widget, Select):
            values[key] = widget.value if isinstance(widget.value, str) else ""
        elif isinstance(widget, SelectionList):
            values[key] = tuple(sorted(str(value) for value in widget.selected))
    return values


def fill_form(root: Widget, values: Mapping[str, object]) -> None:
    """Put values read by `read_form` back into the widgets (a choice no longer offered is left alone)."""
    for widget in _widgets(root):
        key = widget.id or ""
        if key not in values:
            continue
        value = values[key]
        if isinstance(widget, HoldsFormValue):
            widget.restore_form_value(value)
        elif isinstance(widget, Input):
            widget.value = str(value)
        elif isinstance(widget, TextArea):
            widget.text = str(value)
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            _choose(widget, str(value))
        elif isinstance(widget, SelectionList) and isinstance(value, tuple):
            widget.deselect_all()
            for selected in value:
                widget.select(selected)


def _choose(select: Select[str], value: str) -> None:
    try:
        if value:
            select.value = value
        else:
            select.clear()
    except InvalidSelectValueError:
        pass  # no longer offered (a client archived meanwhile), or a list without a blank: chosen again
