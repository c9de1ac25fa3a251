"""A form field: its label, the input itself and, under it, what to fix."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from kpa_local.domain.text import count_text, plural


class Field(Vertical):
    """A labelled input or choice with room for a message beside it."""

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 1 0; }
    Field > .field-label { color: $text-muted; }
    Field > .field-error { color: $error; height: auto; display: none; }
    Field.-invalid > .field-error { display: block; }
    Field.-invalid Input, Field.-invalid SelectCurrent { border: tall $error; }
    """

    def __init__(self, name: str, label: str, control: Input | Select[str]) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.control = control

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield self.control
        yield Static("", classes="field-error")

    @property
    def value(self) -> str:
        control = self.control
        if isinstance(control, Input):
            return control.value
        value = control.value
        return value if isinstance(value, str) else ""

    @value.setter
    def value(self, text: str) -> None:
        control = self.control
        if isinstance(control, Input) or text:
            control.value = text
        else:
            control.clear()

    def show_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")


def text_field(name: str, label: str, *, placeholder: str = "", value: str = "") -> Field:
    """A field to type into."""
    return Field(name, label, Input(value=value, placeholder=placeholder, id=name))


def password_field(name: str, label: str) -> Field:
    """A field whose typing is hidden (a password)."""
    return Field(name, label, Input(password=True, id=name))


def date_field(name: str, label: str, *, value: str = "") -> Field:
    """A field for a date typed as JJ/MM/AAAA."""
    return Field(name, label, Input(value=value, placeholder="JJ/MM/AAAA", id=name, max_length=10))


def choice_field(
    name: str, label: str, choices: Mapping[str, str], *, value: str = "", blank: str | None = None
) -> Field:
    """A field to choose from a list; `blank` names the empty choice when there is one."""
    select: Select[str] = Select(
        [(text, code) for code, text in choices.items()],
        prompt=blank or "Choisir…",
        allow_blank=blank is not None,
        value=value if value in choices else (Select.NULL if blank is not None else next(iter(choices))),
        id=name,
    )
    return Field(name, label, select)


def form_values(container: Widget) -> dict[str, str]:
    """The text of every field inside a container, by field name."""
    return {field.field_name: field.value for field in container.query(Field)}


def show_problems(container: Widget, problems: Mapping[str | None, str]) -> Field | None:
    """Show each problem beside its field (and clear the others); return the first field in error."""
    first = None
    for field in container.query(Field):
        message = problems.get(field.field_name)
        field.show_error(message)
        if message and first is None:
            first = field
    return first


# A refusal that belongs to no field stays on screen until it is read (closed with a click).
REFUSAL_SECONDS = 24 * 60 * 60.0


def nothing_saved(count: int, where: str = "en rouge") -> str:
    """« Rien n'est enregistré : 2 choses à corriger, indiquées en rouge. »"""
    return f"Rien n'est enregistré : {count_text(count, 'chose')} à corriger, {plural(count, 'indiquée')} {where}."


def point_at(place: Widget, control: Widget) -> None:
    """Focus the control to fix and scroll its whole place (label, box and message) into view."""
    control.focus()
    place.call_after_refresh(place.scroll_visible, animate=False)


def tell_refusal(widget: Widget, message: str) -> None:
    """A refusal no field can hold: a notification in red that stays until it is read."""
    widget.notify(message, title="Rien n'est enregistré", severity="error", timeout=REFUSAL_SECONDS)


def show_refusal(
    container: Widget,
    problems: Mapping[str | None, str],
    text: str,
    notice: Static | None = None,
    *,
    shown_elsewhere: Collection[str] = (),
    notify: bool = True,
) -> Field | None:
    """Show a refusal: each problem beside its field, the first one focused and scrolled into view; the
    rest (or the whole sentence) in the notice and in a notification that stays until read. Problems
    named in `shown_elsewhere` are shown by the caller; `notify=False` where the notice is the only thing
    on screen (signing in). Returns the first field in error."""
    first = show_problems(container, problems)
    shown = {field.field_name for field in container.query(Field)} | set(shown_elsewhere)
    rest = " ".join(dict.fromkeys(message for name, message in problems.items() if name not in shown))
    rest = rest or ("" if problems else text)
    if notice is not None:
        notice.update(rest)
    if rest and notify:
        tell_refusal(container, rest)
    if first is not None:
        point_at(first, first.control)
    return first
