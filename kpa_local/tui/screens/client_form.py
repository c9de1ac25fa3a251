"""The form of one client: identity, billing address, SIREN/SIRET/VAT for organisations, and for a
collectivité what Chorus Pro's directory says of it (its service code, the references it requires)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from kpa_local.domain.billing import CLIENT_KINDS, PUBLIC_KIND
from kpa_local.domain.public_buyers import SERVICE_CODE_LABEL
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.field import Field, choice_field, form_values, show_refusal, text_field
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.services import clients
    from kpa_local.services.clients import ClientView
else:
    clients = deferred("kpa_local.services.clients")


YES_NO = {"non": "Non", "oui": "Oui"}


class ClientFormScreen(GuardedForm, ModalScreen[int | None]):
    """Create or change a client; answers the client's id once saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="client_form.save", priority=True),
        Binding("escape", "leave_form", "Annuler", id="client_form.cancel"),
    ]

    def __init__(self, client_id: int | None) -> None:
        super().__init__()
        self.client_id = client_id
        self.archived = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide-dialog"):
            yield Static("Nouveau client" if self.client_id is None else "Client", classes="dialog-title")
            yield choice_field("kind", "Type de client", CLIENT_KINDS, value="particulier")
            yield text_field("name", "Nom (de la personne ou de l'organisation)")
            yield text_field("address", "Adresse (numéro et rue)")
            with Horizontal(classes="row"):
                yield text_field("postal_code", "Code postal")
                yield text_field("city", "Ville")
            yield text_field("contact", "Personne à contacter")
            with Horizontal(classes="row"):
                yield text_field("email", "E-mail")
                yield text_field("phone", "Téléphone")
            yield Static("Pour une entreprise, une association ou une collectivité :", classes="hint")
            with Horizontal(classes="row"):
                yield text_field("siren", "SIREN (9 chiffres)")
                yield text_field("siret", "SIRET (14 chiffres)")
            yield text_field("vat_number", "N° de TVA intracommunautaire")
            with Vertical(id="public-fields"):
                yield Static(
                    "Collectivité sur Chorus Pro : ce que dit son annuaire (le SIRET ci-dessus est obligatoire).",
                    classes="hint",
                )
                yield text_field(
                    "service_code", f"{SERVICE_CODE_LABEL} (s'il y en a un)", placeholder="par exemple JEUNESSE"
                )
                with Horizontal(classes="row"):
                    yield choice_field("requires_service_code", "Code service obligatoire ?", YES_NO, value="non")
                    yield choice_field(
                        "requires_order_number", "Numéro d'engagement obligatoire ?", YES_NO, value="non"
                    )
            yield Static("", id="client-message", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Annuler", id="cancel")
                if self.client_id is not None:
                    yield Button("Archiver", id="archive")
                yield Button("Enregistrer", variant="primary", id="save")
            yield KeyLine()

    def on_mount(self) -> None:
        self._show_public_fields()
        if self.client_id is not None:
            self.load()
        else:
            self.form_shown()
        self.query_one("#name").focus()

    def load(self) -> None:
        if self.client_id is not None:
            call(self, clients.get_client, self.client_id, then=self.fill, group="client")

    def fill(self, client: ClientView) -> None:
        for name, value in client.values().items():
            self.query_one(f"#field-{name}", Field).value = value.replace("\n", ", ")
        self._show_public_fields()
        self.archived = client.archived
        self.query_one("#archive", Button).label = "Réactiver" if self.archived else "Archiver"
        self.form_shown()

    @on(Select.Changed, "#kind")
    def _show_public_fields(self) -> None:
        """The Chorus Pro fields are asked of a collectivité only."""
        self.query_one("#public-fields").display = self.query_one("#field-kind", Field).value == PUBLIC_KIND

    def action_save(self) -> None:
        call(self, clients.save_client, form_values(self), self.client_id, then=self.saved, group="client", write=True)

    def saved(self, client: ClientView) -> None:
        self.dismiss(client.id)

    @on(Button.Pressed, "#archive")
    def toggle_archive(self) -> None:
        client_id = self.client_id or 0
        archived = not self.archived
        call(
            self,
            clients.archive_client,
            client_id,
            archived,
            then=lambda _archived: self.dismiss(client_id),
            group="client",
            write=True,
        )

    @on(Failed)
    def failed(self, message: Failed) -> None:
        show_refusal(self, message.problems, message.text, self.query_one("#client-message", Static))

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_leave_form()

    def form_key(self) -> str:
        return f"client:{self.client_id or 'new'}"

    def close_form(self) -> None:
        self.dismiss(None)
