"""The form to create or edit a person: a refused save says why beside each field and keeps everything."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from kpa_local.domain import codes
from kpa_local.domain.errors import Refused
from kpa_local.domain.members import FIELD_LABELS as L
from kpa_local.domain.members import MemberDraft, read_member_form
from kpa_local.services.views import MemberDetail, PartnerView
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import app_today
from kpa_local.tui.widgets.field import (
    Field,
    choice_field,
    date_field,
    form_values,
    nothing_saved,
    show_refusal,
    text_field,
)
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.services import members
    from kpa_local.services.context import Context
else:
    members = deferred("kpa_local.services.members")


def read_form_choices(context: Context, person_id: int | None) -> tuple[tuple[PartnerView, ...], MemberDetail | None]:
    """The partners a person can be oriented by, and the person's record when it is changed."""
    detail = members.get_member(context, person_id) if person_id is not None else None
    return members.list_partners(context), detail


def save_member(context: Context, draft: MemberDraft, initial_role: str, person_id: int | None) -> int:
    """Create the person, or change their record; their id."""
    if person_id is None:
        return members.create_member(context, draft, initial_role=initial_role).id
    return members.update_member(context, person_id, draft).id


YES_NO = {"non": "Non", "oui": "Oui"}


class MemberFormScreen(GuardedForm, ModalScreen[int | None]):
    """Create a person (no id) or edit one; answers the person's id once saved, None if left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="member_form.save", priority=True),
        Binding("escape", "leave_form", "Annuler", id="member_form.cancel"),
    ]

    def __init__(self, person_id: int | None = None) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        title = "Nouvelle personne" if self.person_id is None else "Modifier la fiche"
        with Vertical(classes="form-dialog"):
            yield Static(title, classes="dialog-title")
            yield Static("", id="form-message")
            with VerticalScroll(id="form-body"):
                yield Static("Identité", classes="form-section")
                with Horizontal(classes="row"):
                    yield text_field("last_name", L["last_name"])
                    yield text_field("first_name", L["first_name"])
                with Horizontal(classes="row"):
                    yield date_field("birth_date", L["birth_date"])
                    yield choice_field("gender", L["gender"], codes.GENDERS, value=codes.UNKNOWN)
                yield Static("Coordonnées", classes="form-section")
                with Horizontal(classes="row"):
                    yield text_field("phone", L["phone"], placeholder="06 12 34 56 78")
                    yield text_field("email", L["email"], placeholder="prenom.nom@exemple.fr")
                yield text_field("address", L["address"])
                with Horizontal(classes="row"):
                    yield text_field("postal_code", L["postal_code"], placeholder="59100")
                    yield text_field("city", L["city"])
                yield Static("Entrée dans la KPA", classes="form-section")
                with Horizontal(classes="row"):
                    yield date_field("entry_date", L["entry_date"])
                    if self.person_id is None:
                        yield choice_field("initial_role", "Rôle à l'entrée", codes.ROLES, value="cooperant")
                with Horizontal(classes="row"):
                    yield choice_field("partner_id", L["partner_id"], {}, blank="Personne (venu·e seul·e)")
                    yield choice_field(
                        "planned_duration",
                        L["planned_duration"],
                        codes.PLANNED_DURATIONS,
                        value=codes.UNKNOWN,
                    )
                yield Static("Situation (ce que le réseau compte)", classes="form-section")
                with Horizontal(classes="row"):
                    yield choice_field("qpv", L["qpv"], codes.YES_NO_UNKNOWN, value=codes.UNKNOWN)
                    yield choice_field("single_parent", L["single_parent"], codes.YES_NO_UNKNOWN, value=codes.UNKNOWN)
                with Horizontal(classes="row"):
                    yield choice_field(
                        "international_protection",
                        L["international_protection"],
                        codes.YES_NO_UNKNOWN,
                        value=codes.UNKNOWN,
                    )
                    yield choice_field("rqth", L["rqth"], codes.YES_NO_UNKNOWN, value=codes.UNKNOWN)
                yield choice_field("education", L["education"], codes.EDUCATION_LEVELS, value=codes.UNKNOWN)
                with Horizontal(classes="row"):
                    yield choice_field(
                        "ft_registered_at_entry",
                        L["ft_registered_at_entry"],
                        codes.YES_NO_UNKNOWN,
                        value=codes.UNKNOWN,
                    )
                    yield date_field("ft_registered_since", L["ft_registered_since"])
                yield choice_field("ft_registered_during", L["ft_registered_during"], YES_NO, value="non")
                yield Static("Sortie", classes="form-section")
                with Horizontal(classes="row"):
                    yield date_field("exit_date", L["exit_date"])
                    yield choice_field(
                        "exit_situation",
                        L["exit_situation"],
                        codes.EXIT_SITUATIONS,
                        blank="Pas encore sorti·e",
                    )
                yield text_field("notes", L["notes"])
            with Horizontal(classes="buttons"):
                yield Button("Annuler", id="cancel")
                yield Button("Enregistrer (Ctrl+S)", variant="primary", id="save")
            yield KeyLine()

    def on_mount(self) -> None:
        self.prepare()
        self.query_one("#last_name").focus()

    def prepare(self) -> None:
        call(self, read_form_choices, self.person_id, then=self.fill, group="form")

    def fill(self, choices: tuple[tuple[PartnerView, ...], MemberDetail | None]) -> None:
        partners, detail = choices
        partner = self.query_one("#partner_id", Select)
        partner.set_options([(p.name, str(p.id)) for p in partners])
        if detail is not None:
            for field in self.query(Field):
                if field.field_name in detail.form:
                    field.value = detail.form[field.field_name]
        self.form_shown()

    def action_save(self) -> None:
        values = form_values(self)
        try:
            draft = read_member_form(values, today=app_today(self))
        except Refused as refused:
            self.show_refusal(refused)
            return
        self.query_one("#form-message", Static).update("Enregistrement…")
        initial_role = values.get("initial_role", "cooperant")
        call(self, save_member, draft, initial_role, self.person_id, then=self.saved, group="member", write=True)

    def show_refusal(self, refused: Refused) -> None:
        self.post_message(Failed(refused.message, {p.field: p.message for p in refused.problems}))

    @on(Failed)
    def rejected(self, message: Failed) -> None:
        notice = self.query_one("#form-message", Static)
        first = show_refusal(self, message.problems, message.text, notice)
        if first is not None:
            notice.update(nothing_saved(len(message.problems), "en rouge sous les champs"))
        notice.add_class("error")

    def saved(self, person_id: int) -> None:
        self.dismiss(person_id)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_leave_form()

    def form_key(self) -> str:
        return f"personne:{self.person_id or 'new'}"

    def close_form(self) -> None:
        self.dismiss(None)
