"""Comptes: coordination creates accounts, gives a new password when one is forgotten, closes accounts.

Opened from Paramètres (Ctrl+R). The service refuses anyone but coordination.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from kpa_local.domain.accounts import ACCOUNT_ROLES, AccountForm
from kpa_local.domain.errors import Problem, Refused
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.quick_form import QuickFormScreen
from kpa_local.tui.widgets.field import choice_field, password_field, text_field
from kpa_local.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from kpa_local.services import accounts
    from kpa_local.services.accounts import AccountView
    from kpa_local.services.context import Context
else:
    accounts = deferred("kpa_local.services.accounts")


def _person_id(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise Refused([Problem("person_id", "Écrivez le numéro de la fiche, en chiffres (voir Membres).")])
    return int(text)


def _create(context: Context, values: Mapping[str, str]) -> object:
    from kpa_local.services.accounts import create_account

    form = AccountForm(values["name"], values["login"], values["role"], values["password"], values["confirmation"],
                       _person_id(values.get("person_id", "")))  # fmt: skip
    return create_account(context, form)


class AccountsScreen(Screen[None]):
    """The accounts of the shared computer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new", "Nouveau compte", id="accounts.new"),
        Binding("ctrl+r", "reset", "Nouveau mot de passe", id="accounts.reset"),
        Binding("ctrl+t", "open_or_close", "Fermer / rouvrir", id="accounts.toggle"),
        Binding("escape", "app.pop_screen", "Retour", id="accounts.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.accounts: list[AccountView] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="safety-body"):
            yield Static("Comptes", classes="section-title")
            yield Static(
                "Chaque personne a son compte et son mot de passe. Un mot de passe oublié : choisissez le compte, "
                "Ctrl+R, puis donnez le nouveau mot de passe de vive voix.",
                classes="hint",
            )
            yield Static("", id="accounts-message")
            table: DataTable[str] = DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
            for title in ("Identifiant", "Nom", "Rôle", "État"):
                table.add_column(title)
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        call(self, accounts.list_accounts, then=self.show, group="accounts")

    def show(self, found: list[AccountView]) -> None:
        self.accounts = found
        table = self.query_one("#accounts", DataTable)
        table.clear()
        for view in found:
            table.add_row(view.login, view.name, view.role_label, "ouvert" if view.active else "fermé")

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#accounts-message", Static).update(message.text)

    def _chosen(self) -> AccountView | None:
        row = self.query_one("#accounts", DataTable).cursor_row
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def _after(self, text: str) -> None:
        self.query_one("#accounts-message", Static).update(text)
        self.load()

    def action_new(self) -> None:
        fields = [
            text_field("name", "Prénom et nom"),
            text_field("login", "Identifiant", placeholder="ex. : nadia.b"),
            choice_field("role", "Rôle", ACCOUNT_ROLES, value="cooperant"),
            text_field("person_id", "Numéro de sa fiche de membre (coopérant·e)", placeholder="voir Membres"),
            password_field("password", "Mot de passe (8 caractères au moins)"),
            password_field("confirmation", "Le même, encore une fois"),
        ]
        self.app.push_screen(
            QuickFormScreen("Nouveau compte", fields, _create),
            lambda saved: self._after("Compte créé.") if saved else None,
        )

    def action_reset(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        def reset(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.accounts import reset_password

            reset_password(context, chosen.id, values["password"], values["confirmation"])
            return None

        fields = [
            password_field("password", "Nouveau mot de passe"),
            password_field("confirmation", "Le même, encore une fois"),
        ]
        self.app.push_screen(
            QuickFormScreen(f"Nouveau mot de passe pour {chosen.name}", fields, reset),
            lambda saved: self._after(f"Nouveau mot de passe enregistré pour {chosen.login}.") if saved else None,
        )

    def action_open_or_close(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            call(
                self,
                accounts.set_active,
                chosen.id,
                not chosen.active,
                then=lambda _done: self.load(),
                group="accounts",
                write=True,
            )
