"""A person's file: profile as the network counts it, roles, contracts, path steps, consents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header

from kpa_local.domain import codes
from kpa_local.domain.contracts import ContractTerms
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.roles import RoleSpan
from kpa_local.services.access import Permission, allows
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.notice import NoticeScreen
from kpa_local.tui.screens.quick_form import QuickFormScreen, read_dates
from kpa_local.tui.widgets.field import choice_field, date_field
from kpa_local.tui.widgets.key_footer import KeyFooter
from kpa_local.tui.widgets.member_record import MemberRecord

if TYPE_CHECKING:
    from datetime import date

    from kpa_local.services import personal_data
    from kpa_local.services.context import Context
else:
    personal_data = deferred("kpa_local.services.personal_data")

# What each action needs beyond reading the record (the services check it again).
_NEEDS = {
    "edit": Permission.EDIT_MEMBERS,
    "add_role": Permission.EDIT_MEMBERS,
    "add_contract": Permission.EDIT_MEMBERS,
    "add_step": Permission.EDIT_MEMBERS,
    "add_consent": Permission.EDIT_MEMBERS,
    "anonymise": Permission.ANONYMISE,
}

CAPE_TERMS = {"1": "12 mois", "2": "24 mois (renouvelé une fois)", "3": "36 mois (renouvelé deux fois)"}


class MemberDetailScreen(Screen[None]):
    """Everything about one person, and the actions on their path."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Retour", id="member.back"),
        Binding("ctrl+e", "edit", "Modifier", id="member.edit"),
        Binding("ctrl+r", "add_role", "Rôle", id="member.role"),
        Binding("ctrl+k", "add_contract", "Contrat", id="member.contract"),
        Binding("ctrl+t", "add_step", "Étape", id="member.step"),
        Binding("ctrl+g", "add_consent", "Consentement", id="member.consent"),
        Binding("ctrl+d", "personal_data", "Ses données", id="member.personal_data"),
        Binding("ctrl+a", "anonymise", "Anonymiser", id="member.anonymise"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield MemberRecord(self.person_id, editable=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Fiche d'une personne"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The personal-data actions are offered only to the roles allowed to take them."""
        needed = _NEEDS.get(action)
        actor = getattr(self.app, "actor", None)
        return needed is None or (actor is not None and allows(actor.role, needed))

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        from kpa_local.tui.screens.member_form import MemberFormScreen

        self.app.push_screen(MemberFormScreen(self.person_id), self._reload)

    def _open(self, screen: QuickFormScreen) -> None:
        screen.key = f"{screen.key}:{self.person_id}"  # a draft of one person's form is never offered on another's
        self.app.push_screen(screen, self._reload)

    def _reload(self, _answer: object) -> None:
        self.query_one(MemberRecord).load()

    def action_personal_data(self) -> None:
        """Right of access: everything the KPA holds about the person, as a PDF and as JSON."""
        self.query_one(MemberRecord).export_personal_data()

    def action_anonymise(self) -> None:
        """Wipe the identity of a person who left, after a clear question."""
        question = (
            "Anonymiser cette fiche ? Le nom, la date de naissance exacte, les coordonnées et les notes "
            "seront effacés pour toujours ; restent ce que le réseau compte, les factures et la comptabilité."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Anonymiser"), self._anonymise_if_confirmed)

    def _anonymise_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            call(
                self,
                personal_data.anonymise_person,
                self.person_id,
                then=self.anonymised,
                group="personal-data",
                write=True,
            )

    def anonymised(self, _done: object) -> None:
        self.notify("La fiche est anonymisée.")
        self.query_one(MemberRecord).load()

    @on(Failed)
    def refused(self, message: Failed) -> None:
        self.app.push_screen(NoticeScreen("Action impossible", message.text))

    def action_add_role(self) -> None:
        person_id = self.person_id

        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.members import add_role

            dates = read_dates(values, {"start": "Début", "end": "Fin"}, today=context.today())
            start = _required(dates["start"], "start", "Indiquez le premier jour du rôle.")
            return add_role(context, person_id, RoleSpan(values["role"], start, dates["end"]))

        self._open(
            QuickFormScreen(
                "Ajouter un rôle",
                [
                    choice_field("role", "Rôle", codes.ROLES, value="cooperant"),
                    date_field("start", "Premier jour"),
                    date_field("end", "Dernier jour (vide s'il continue)"),
                ],
                submit,
            )
        )

    def action_add_contract(self) -> None:
        person_id = self.person_id

        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.members import add_contract

            dates = read_dates(values, {"start": "Début", "end": "Fin"}, today=context.today())
            start = _required(dates["start"], "start", "Indiquez le premier jour du contrat.")
            terms = ContractTerms(values["kind"], start, cape_terms=int(values["cape_terms"] or "1"), end=dates["end"])
            return add_contract(context, person_id, terms)

        self._open(
            QuickFormScreen(
                "Ajouter un contrat",
                [
                    choice_field("kind", "Contrat", codes.CONTRACT_KINDS, value="cape"),
                    date_field("start", "Premier jour"),
                    choice_field("cape_terms", "Durée d'un CAPE", CAPE_TERMS, value="1"),
                    date_field("end", "Dernier jour (autres contrats ; vide si sans fin)"),
                ],
                submit,
                hint="Un CAPE dure 12 mois, renouvelable ; sa fin est calculée.",
            )
        )

    def action_add_step(self) -> None:
        person_id = self.person_id

        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.members import set_step

            dates = read_dates(values, {"start": "Depuis le"}, today=context.today())
            start = _required(dates["start"], "start", "Indiquez le jour où l'étape a commencé.")
            return set_step(context, person_id, values["step"], start)

        self._open(
            QuickFormScreen(
                "Étape du parcours",
                [
                    choice_field("step", "Étape", codes.PATH_STEPS, value="immerger"),
                    date_field("start", "Depuis le"),
                ],
                submit,
            )
        )

    def action_add_consent(self) -> None:
        person_id = self.person_id

        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.members import set_consent

            dates = read_dates(values, {"given": "Donné le", "withdrawn": "Retiré le"}, today=context.today())
            given = _required(dates["given"], "given", "Indiquez le jour où l'accord a été donné.")
            return set_consent(context, person_id, values["kind"], given, dates["withdrawn"])

        self._open(
            QuickFormScreen(
                "Consentement",
                [
                    choice_field("kind", "Pour", codes.CONSENT_KINDS, value="donnees"),
                    date_field("given", "Donné le"),
                    date_field("withdrawn", "Retiré le (vide s'il tient toujours)"),
                ],
                submit,
            )
        )


def _required(value: date | None, field: str, message: str) -> date:
    if value is None:
        raise Refused([Problem(field, message)])
    return value
