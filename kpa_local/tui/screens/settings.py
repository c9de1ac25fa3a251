"""Paramètres: the keys of kpa.toml the schema puts on screen (identities, billing terms, sharing rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from kpa_local.config.kinds import Choice
from kpa_local.config.sections import SECTIONS
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.widgets.field import Field, choice_field, form_values, show_problems, text_field

if TYPE_CHECKING:
    from kpa_local.services import settings
else:
    settings = deferred("kpa_local.services.settings")

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
            for section in SECTIONS:
                shown = [(name, key) for name, key, _default in section.entries() if key.on_screen]
                if not shown:
                    continue
                yield Static(section.kind.TITLE, classes="form-section")
                for name, key in shown:
                    if isinstance(key.kind, Choice):
                        yield choice_field(_name(section.name, name), key.label, key.kind.choices)
                    else:
                        yield text_field(_name(section.name, name), key.label, placeholder=key.example)
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
