"""A person's file: profile as the network counts it, roles, contracts, path steps, consents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from kpa_local.domain import codes
from kpa_local.domain.codes import label
from kpa_local.domain.contracts import ContractTerms
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.roles import RoleSpan
from kpa_local.services.views import MemberDetail
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.quick_form import QuickFormScreen, read_dates
from kpa_local.tui.session import deliver
from kpa_local.tui.widgets.field import choice_field, date_field

if TYPE_CHECKING:
    from datetime import date

    from kpa_local.services.context import Context

CAPE_TERMS = {"1": "12 mois", "2": "24 mois (renouvelé une fois)", "3": "36 mois (renouvelé deux fois)"}


class MemberDetailScreen(Screen[None]):
    """Everything about one person, and the actions on their path."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Retour à la liste", id="member.back"),
        Binding("ctrl+e", "edit", "Modifier", id="member.edit"),
        Binding("ctrl+r", "add_role", "Rôle", id="member.role"),
        Binding("ctrl+k", "add_contract", "Contrat", id="member.contract"),
        Binding("ctrl+t", "add_step", "Étape", id="member.step"),
        Binding("ctrl+g", "add_consent", "Consentement", id="member.consent"),
    ]

    @dataclass
    class Loaded(Message):
        detail: MemberDetail

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.detail: MemberDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="detail"):
            yield Static("Chargement…", classes="section-title", id="person-name")
            with Horizontal(id="detail-top"):
                yield Static("", id="identity", classes="card")
                yield Static("", id="profile", classes="card")
            yield Static("Rôles  (Ctrl+R pour ajouter)", classes="card-title")
            yield self._table("roles", ("Rôle", "Depuis le", "Jusqu'au"))
            yield Static("Contrats  (Ctrl+K pour ajouter)", classes="card-title")
            yield self._table("contracts", ("Contrat", "Début", "Fin prévue", "Fin anticipée"))
            with Horizontal(id="detail-bottom"):
                with Vertical():
                    yield Static("Étapes du parcours  (Ctrl+T)", classes="card-title")
                    yield self._table("steps", ("Étape", "Depuis le"))
                with Vertical():
                    yield Static("Consentements  (Ctrl+G)", classes="card-title")
                    yield self._table("consents", ("Pour", "Donné le", "Retiré le"))
        yield Footer()

    @staticmethod
    def _table(name: str, columns: tuple[str, ...]) -> DataTable[str]:
        table: DataTable[str] = DataTable(id=name, cursor_type="row", classes="small-table")
        table.add_columns(*columns)
        return table

    def on_mount(self) -> None:
        self.sub_title = "Fiche d'une personne"
        self.load()

    @work(thread=True, exclusive=True, group="member-detail", exit_on_error=False)
    def load(self) -> None:
        from kpa_local.services.members import get_member

        deliver(self, lambda context: self.Loaded(get_member(context, self.person_id)))

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#person-name", Static).update(message.text)

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        from kpa_local.fmt import date_fr

        detail = self.detail = message.detail
        form = detail.form
        left = f", sortie le {date_fr(detail.exit_date)}" if detail.exit_date else ""
        self.query_one("#person-name", Static).update(
            f"{detail.full_name} — entrée le {date_fr(detail.entry_date)}{left}"
        )
        contact = [
            f"Né·e le : {form['birth_date'] or 'non renseigné'}",
            f"Téléphone : {form['phone'] or '—'}",
            f"E-mail : {form['email'] or '—'}",
            f"Adresse : {form['address']} {form['postal_code']} {form['city']}".rstrip(),
            f"Orienté·e par : {detail.partner_name or 'personne'}",
        ]
        if detail.exit_date:
            contact.append(f"Situation à la sortie : {label(codes.EXIT_SITUATIONS, form['exit_situation'])}")
        self.query_one("#identity", Static).update("\n".join(contact))
        profile = [
            f"Genre : {label(codes.GENDERS, form['gender'])}   Âge à l'entrée : {detail.age_band}",
            f"Département : {detail.departement}   QPV : {label(codes.YES_NO_UNKNOWN, form['qpv'])}",
            f"Parent isolé : {label(codes.YES_NO_UNKNOWN, form['single_parent'])}   "
            f"RQTH : {label(codes.YES_NO_UNKNOWN, form['rqth'])}",
            f"Protection internationale : {label(codes.YES_NO_UNKNOWN, form['international_protection'])}",
            f"Formation : {label(codes.EDUCATION_LEVELS, form['education'])}",
            f"France Travail à l'entrée : {label(codes.YES_NO_UNKNOWN, form['ft_registered_at_entry'])}"
            + (f" ({label(codes.FT_DURATION_BANDS, detail.ft_duration_band)})" if detail.ft_duration_band else ""),
            f"Mission locale : {'oui' if detail.mission_locale else 'non'}   "
            f"Durée prévue : {label(codes.PLANNED_DURATIONS, form['planned_duration'])}",
        ]
        self.query_one("#profile", Static).update("\n".join(profile))
        self._fill(
            "roles",
            [(label(codes.ROLES, r.role), date_fr(r.start_date), date_fr(r.end_date)) for r in detail.roles],
        )
        self._fill(
            "contracts",
            [
                (
                    label(codes.CONTRACT_KINDS, c.kind),
                    date_fr(c.start_date),
                    date_fr(c.planned_end),
                    date_fr(c.ended_early),
                )
                for c in detail.contracts
            ],
        )
        self._fill("steps", [(label(codes.PATH_STEPS, s.step), date_fr(s.start_date)) for s in detail.steps])
        self._fill(
            "consents",
            [
                (label(codes.CONSENT_KINDS, c.kind), date_fr(c.given_on), date_fr(c.withdrawn_on))
                for c in detail.consents
            ],
        )

    def _fill(self, name: str, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one(f"#{name}", DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)
        if not rows:
            table.add_row("(aucun)", *[""] * (len(table.columns) - 1))

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        from kpa_local.tui.screens.member_form import MemberFormScreen

        self.app.push_screen(MemberFormScreen(self.person_id), self._reload)

    def _open(self, screen: QuickFormScreen) -> None:
        self.app.push_screen(screen, self._reload)

    def _reload(self, _answer: object) -> None:
        self.load()

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
