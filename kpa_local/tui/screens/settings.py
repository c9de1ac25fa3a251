"""Paramètres: the KPA's identity, the legal identity of the structure de portage, and billing terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.widgets.field import Field, choice_field, form_values, show_problems, text_field

if TYPE_CHECKING:
    from kpa_local.services import settings
else:
    settings = deferred("kpa_local.services.settings")

KPA_FIELDS = (
    ("name", "Nom de la KPA", ""),
    ("code", "Code dans le réseau", "roubaix-manau"),
    ("address", "Adresse du local", ""),
    ("postal_code", "Code postal", "59100"),
    ("city", "Ville", ""),
    ("email", "E-mail", ""),
    ("phone", "Téléphone", ""),
    ("contact", "Personne à appeler (imprimée sur les relances)", "Camille Martin"),
)
PORTAGE_FIELDS = (
    ("name", "Nom de la structure de portage (CAE)", ""),
    ("legal_form", "Forme juridique et capital", "SCOP SA à capital variable"),
    ("address", "Adresse du siège", ""),
    ("postal_code", "Code postal", ""),
    ("city", "Ville", ""),
    ("siren", "SIREN (9 chiffres)", "123 456 789"),
    ("siret", "SIRET du siège (14 chiffres)", "123 456 789 00012"),
    ("rcs", "Immatriculation RCS", "RCS Lille Métropole 123 456 789"),
    ("vat_number", "N° de TVA intracommunautaire", "FR40123456789"),
)


BILLING_FIELDS = (
    ("iban", "IBAN de la CAE (pour les virements)", "FR76 3000 6000 0112 3456 7890 189"),
    ("bic", "BIC", "AGRIFRPP"),
    ("payment_methods", "Moyens de paiement acceptés", "virement, chèque, espèces, carte"),
    ("payment_days", "Délai de paiement des factures (jours, 60 au plus)", "30"),
    ("quote_validity_days", "Validité des devis (jours)", "30"),
    ("late_penalty", "Pénalités de retard (mention imprimée)", ""),
    ("escompte", "Escompte (mention imprimée)", "Pas d'escompte pour paiement anticipé."),
)


SHARING_CHOICES = (
    ("basis", "Recettes partagées", {"paiements": "L'argent reçu des clients (paiements)",
                                     "factures": "Les factures émises (moins les avoirs)"}),
    ("cae_base", "Base de la contribution à la CAE", {"recettes": "Les recettes",
                                                      "recettes_moins_depenses": "Les recettes moins les dépenses"}),
    ("insurance", "Assurance accidents du travail", {"pourcentage": "Un pourcentage de ce qui reste",
                                                      "forfait": "Un montant par personne et par mois"}),
    ("method", "Partage de ce qui reste", {"heures": "Au prorata des heures", "parts_egales": "À parts égales",
                                           "poids": "Selon le poids de chacun"}),
)  # fmt: skip
SHARING_FIELDS = (
    ("cae_percent", "Contribution à la CAE (%)", "10"),
    ("insurance_percent", "Assurance, en pourcentage (%)", "1"),
    ("insurance_per_person_month", "Assurance, montant par personne et par mois (€)", "0"),
    ("savings_percent", "Épargne collective (% de ce qui reste)", "10"),
    ("weights", "Poids (numéro de fiche = poids ; …)", "12 = 2 ; 15 = 1,5"),
    ("eligible_contracts", "Contrats qui donnent droit à une part", "cape, cesa"),
)


READ_ONLY = (
    "Vous pouvez lire les paramètres de la KPA ; seule la coordination peut les changer. "
    "Une erreur ? Dites-le à la coordination."
)


def _name(section: str, key: str) -> str:
    return f"{section}__{key}"


class SettingsScreen(GuardedForm, SectionScreen):
    """Edit the identities printed on documents; kpa.toml keeps its comments."""

    MODE = "settings"
    SUB_TITLE = "Paramètres"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="settings.save", priority=True),
        Binding("ctrl+b", "safety", "Sauvegardes et vérification", id="settings.safety"),
        Binding("ctrl+r", "accounts", "Comptes", id="settings.accounts"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Paramètres", classes="section-title")
        yield Static("", id="settings-message")
        with VerticalScroll(id="settings-form"):
            yield Static("La KPA", classes="form-section")
            for key, label, example in KPA_FIELDS:
                yield text_field(_name("kpa", key), label, placeholder=example)
            yield Static("La structure de portage (vendeur légal sur les devis et factures)", classes="form-section")
            for key, label, example in PORTAGE_FIELDS:
                yield text_field(_name("portage", key), label, placeholder=example)
            yield Static("Facturation (le reste se règle dans config/kpa.toml, où tout est expliqué)",
                         classes="form-section")  # fmt: skip
            for key, label, example in BILLING_FIELDS:
                yield text_field(_name("billing", key), label, placeholder=example)
            yield Static("La règle de répartition (expliquée avec un exemple dans config/kpa.toml)",
                         classes="form-section")  # fmt: skip
            for key, label, choices in SHARING_CHOICES:
                yield choice_field(_name("sharing", key), label, choices)
            for key, label, example in SHARING_FIELDS:
                yield text_field(_name("sharing", key), label, placeholder=example)
            with Horizontal(classes="buttons"):
                yield Button("Enregistrer (Ctrl+S)", variant="primary", id="save-settings")

    def on_mount(self) -> None:
        if not self.may_change():
            for field in self.query(Field):
                field.control.disabled = True
            self.query_one("#save-settings", Button).display = False
            self._notice(READ_ONLY, error=False)
        self.load()

    def may_change(self) -> bool:
        """Whether the signed-in role may change the settings (others read them)."""
        from kpa_local.services.access import Permission, allows

        actor = getattr(self.app, "actor", None)
        return actor is not None and allows(actor.role, Permission.EDIT_SETTINGS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Saving and the accounts are offered only to the roles allowed to use them."""
        from kpa_local.services.access import Permission, allows

        if action == "save":
            return self.may_change()
        if action == "accounts":
            actor = getattr(self.app, "actor", None)
            return actor is not None and allows(actor.role, Permission.MANAGE_ACCOUNTS)
        return True

    def action_accounts(self) -> None:
        from kpa_local.tui.screens.accounts import AccountsScreen

        self.app.push_screen(AccountsScreen())

    def action_safety(self) -> None:
        from kpa_local.tui.screens.safety import SafetyScreen

        self.app.push_screen(SafetyScreen())

    def load(self) -> None:
        call(self, settings.identity_values, then=self.fill, group="settings")

    def fill(self, identity: dict[str, dict[str, str]]) -> None:
        for section, values in identity.items():
            for key, value in values.items():
                self.query_one(f"#field-{_name(section, key)}", Field).value = value
        self.form_shown()

    def action_save(self) -> None:
        changes: dict[str, dict[str, str]] = {}
        for name, value in form_values(self).items():
            section, key = name.split("__", 1)
            changes.setdefault(section, {})[key] = value
        call(self, settings.save_identity, changes, then=self.saved, group="settings", write=True)

    @on(Button.Pressed, "#save-settings")
    def save_pressed(self) -> None:
        self.action_save()

    def saved(self, _done: object) -> None:
        show_problems(self, {})
        self.form_shown()
        self._notice("Paramètres enregistrés dans config/kpa.toml.", error=False)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        problems: dict[str | None, str] = {
            (field or "").replace(".", "__"): text for field, text in message.problems.items()
        }
        show_problems(self, problems)
        self._notice("Rien n'est enregistré : corrigez ce qui est en rouge." if problems else message.text, error=True)

    def _notice(self, text: str, *, error: bool) -> None:
        notice = self.query_one("#settings-message", Static)
        notice.update(text)
        notice.set_class(error, "error")
        notice.set_class(not error, "success")

    def form_key(self) -> str:
        return "parametres"

    def close_form(self) -> None:
        """A section is never closed: switching sections keeps it as it is."""
