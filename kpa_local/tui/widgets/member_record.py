"""One person's record as the app shows it: identity, profile, roles, contracts, path, consents.

Shown on a person's page and, for a coopérant·e, as their own Membres section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from kpa_local.domain import codes
from kpa_local.domain.codes import label
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed

if TYPE_CHECKING:
    from kpa_local.services import members, personal_data
    from kpa_local.services.personal_data import AccessExport
    from kpa_local.services.views import MemberDetail
else:
    members = deferred("kpa_local.services.members")
    personal_data = deferred("kpa_local.services.personal_data")

STACKED_BELOW = 92  # columns: below this, the identity and profile cards are one above the other


class MemberRecord(VerticalScroll):
    """A person's record, read in a worker; `load()` reads it again after a change."""

    def __init__(self, person_id: int, *, editable: bool) -> None:
        # Beside the section menu there is no room for two tables side by side.
        super().__init__(id="detail", classes="" if editable else "beside-menu")
        self.person_id = person_id
        self.editable = editable
        self.shown = False

    def on_resize(self) -> None:
        # Two cards side by side need about 45 columns each to keep « Genre : Femme   Âge… » on one line.
        self.set_class(0 < self.size.width < STACKED_BELOW, "-stacked")

    def _title(self, text: str, key: str) -> Static:
        return Static(f"{text}  ({key})" if self.editable else text, classes="card-title")

    def compose(self) -> ComposeResult:
        yield Static("Chargement…", classes="section-title", id="person-name")
        with Horizontal(id="detail-top"):
            yield Static("", id="identity", classes="card")
            yield Static("", id="profile", classes="card")
        yield self._title("Rôles", "Ctrl+R pour ajouter")
        yield self._table("roles", ("Rôle", "Depuis le", "Jusqu'au"))
        yield self._title("Contrats", "Ctrl+K pour ajouter")
        yield self._table("contracts", ("Contrat", "Début", "Fin prévue", "Fin anticipée"))
        with Horizontal(id="detail-bottom"):
            with Vertical(classes="steps-column"):
                yield self._title("Étapes du parcours", "Ctrl+T")
                yield self._table("steps", ("Étape", "Depuis le"))
            with Vertical():
                yield self._title("Consentements", "Ctrl+G")
                yield self._table("consents", ("Pour", "Donné le", "Retiré le"))

    @staticmethod
    def _table(name: str, columns: tuple[str, ...]) -> DataTable[str]:
        table: DataTable[str] = DataTable(id=name, cursor_type="row", classes="small-table")
        table.add_columns(*columns)
        return table

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the record again (in a worker)."""
        call(self, members.get_member, self.person_id, then=self.show, group="record")

    @on(Failed)
    def failed(self, message: Failed) -> None:
        message.stop()
        if self.shown:  # an action on a record already on screen
            from kpa_local.tui.screens.notice import NoticeScreen

            self.app.push_screen(NoticeScreen("Action impossible", message.text))
        else:
            self.query_one("#person-name", Static).update(message.text)

    def show(self, detail: MemberDetail) -> None:
        from kpa_local.fmt import date_fr

        self.shown = True
        form = detail.form
        left = f", sortie le {date_fr(detail.exit_date)}" if detail.exit_date else ""
        self.query_one("#person-name", Static).update(
            f"{detail.full_name} — entrée le {date_fr(detail.entry_date)}{left}"
        )
        if detail.anonymised:
            born = "effacée (seul l'âge à l'entrée est gardé)"
        else:
            born = form["birth_date"] or "non renseignée"
        contact = [
            f"Date de naissance : {born}",
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
            f"Mission locale : {'Oui' if detail.mission_locale else 'Non'}   "
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

    def export_personal_data(self) -> None:
        """Right of access: write everything the KPA holds about the person, then say where."""
        call(
            self,
            personal_data.write_access_export,
            self.person_id,
            then=self.exported,
            group="personal-data",
            write=True,
        )

    def exported(self, export: AccessExport) -> None:
        from kpa_local.tui.screens.notice import NoticeScreen

        self.app.push_screen(
            NoticeScreen(
                "Données de la personne",
                "Tout ce que la KPA garde sur cette personne est écrit.\n\n"
                f"À lire ou à imprimer :\n  {export.pdf_path}\n\n"
                f"Les mêmes données, pour un logiciel :\n  {export.json_path}\n\n"
                "Remettez-les à la personne, puis effacez-les de l'ordinateur.",
            )
        )

    def _fill(self, name: str, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one(f"#{name}", DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)
        if not rows:
            table.add_row("(aucun)", *[""] * (len(table.columns) - 1))
