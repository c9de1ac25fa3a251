"""A small form in a dialog (a role, a contract, a step, a consent) that a service saves."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import Problem, Refused
from kpa_local.tui.calls import call
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.field import Field, form_values, show_refusal
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from datetime import date

    from kpa_local.domain.money import Money
    from kpa_local.services.context import Context

Submit = Callable[["Context", Mapping[str, str]], object]


def read_dates(values: Mapping[str, str], names: Mapping[str, str], *, today: date) -> dict[str, date | None]:
    """Read several date fields at once; refuse with one problem per unreadable date."""
    dates: dict[str, date | None] = {}
    problems = []
    for name, label in names.items():
        try:
            dates[name] = parse_date(values.get(name, ""), today=today)
        except DateError as error:
            problems.append(Problem(name, f"{label} : {error.message}"))
    if problems:
        raise Refused(problems)
    return dates


def read_amounts(
    values: Mapping[str, str], names: Mapping[str, str], *, zero_when_blank: tuple[str, ...] = ()
) -> dict[str, Money]:
    """Read several amount fields at once (`1 234,56`); refuse with one problem per unreadable amount."""
    from kpa_local.domain.money import AmountError, parse_amount

    amounts: dict[str, Money] = {}
    problems = []
    for name, what in names.items():
        typed = values.get(name, "") or ("0" if name in zero_when_blank else "")
        try:
            amounts[name] = parse_amount(typed, what)
        except AmountError as error:
            problems.append(Problem(name, error.message))
    if problems:
        raise Refused(problems)
    return amounts


class QuickFormScreen(GuardedForm, ModalScreen[bool]):
    """A title, a few fields and Enregistrer; answers True once the service has saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="quick_form.save", priority=True),
        Binding("escape", "leave_form", "Annuler", id="quick_form.cancel"),
    ]

    def __init__(self, title: str, fields: list[Field], submit: Submit, *, hint: str = "", key: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.field_widgets = fields
        self.submit = submit
        self.hint = hint
        self.key = key or title  # what it is about (a person's contract), for its drafts

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.hint:
                yield Static(self.hint, classes="hint")
            yield from self.field_widgets
            yield Static("", id="quick-message", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Annuler", id="cancel")
                yield Button("Enregistrer", variant="primary", id="save")
            yield KeyLine()

    def on_mount(self) -> None:
        if self.field_widgets:
            self.field_widgets[0].control.focus()
        self.form_shown()

    def action_save(self) -> None:
        call(self, self.submit, form_values(self), then=lambda _saved: self.dismiss(True), group="submit", write=True)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_leave_form()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        show_refusal(self, message.problems, message.text, self.query_one("#quick-message", Static))

    def form_key(self) -> str:
        return f"formulaire:{self.key}"

    def close_form(self) -> None:
        self.dismiss(False)
