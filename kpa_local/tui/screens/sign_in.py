"""Signing in: the first account of a new KPA, the usual sign-in, and unlocking after the idle lock.

The screen covers everything: while it is shown, nothing of the KPA's data is on screen.
The password is checked in a worker (argon2 takes a fraction of a second).
"""

from __future__ import annotations

from contextlib import suppress
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from kpa_local.domain.accounts import AccountForm, Actor
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.files import FileRefused, read_bounded_text
from kpa_local.tui.widgets.field import Field, form_values, password_field, show_refusal
from kpa_local.workspace import Workspace

SIGN_IN = "sign_in"
FIRST = "first"
UNLOCK = "unlock"


def _text(name: str, label: str, placeholder: str = "") -> Field:
    return Field(name, label, Input(id=name, placeholder=placeholder))


class SignInScreen(Screen[Actor]):
    """Who is at the computer: answers the signed-in account."""

    # Tab moves the focus as soon as the app reads it, before the keys typed after it (priority): otherwise,
    # on a busy computer, « camille⇥motdepasse » typed fast would put the first letters of the password in
    # the identifier, which has not yet lost the focus. (Entrée stays the field's: it must come after the
    # letters typed before it, which the field may not have read yet.)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quitter", id="sign_in.quit", priority=True),
        Binding("tab", "app.focus_next", "Case suivante", show=False, id="sign_in.next", priority=True),
        Binding("shift+tab", "app.focus_previous", "Case précédente", show=False, id="sign_in.back", priority=True),
    ]

    class Answered(Message):
        """A worker's answer: the account, or what went wrong."""

        def __init__(
            self,
            actor: Actor | None,
            text: str = "",
            problems: dict[str | None, str] | None = None,
            recovery_key: str | None = None,
        ) -> None:
            super().__init__()
            self.actor = actor
            self.text = text
            self.problems = problems or {}
            self.recovery_key = recovery_key

    class Decided(Message):
        """Whether the KPA still needs its first account."""

        def __init__(self, mode: str, hint: str, problem: str = "") -> None:
            super().__init__()
            self.mode = mode
            self.hint = hint
            self.problem = problem  # why the KPA cannot be reached, said instead of the fields' help

    def __init__(self, workspace: Workspace, kpa_name: str, locked: Actor | None = None) -> None:
        super().__init__(id="sign-in")
        self.workspace = workspace
        self.kpa_name = kpa_name
        self.locked = locked
        self.mode = UNLOCK if locked else ""

    def compose(self) -> ComposeResult:
        with Center(), Vertical(classes="dialog", id="sign-in-box"):
            yield Static(self.kpa_name or "kpa_local", classes="dialog-title")
            yield Static("", id="sign-in-intro")
            yield Vertical(id="sign-in-fields")
            yield Static("", id="sign-in-message", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Changer d'utilisateur", id="switch")
                yield Button("Se connecter", variant="primary", id="go")
            yield Static("", id="sign-in-hint", classes="hint")

    async def on_mount(self) -> None:
        if self.locked is not None:
            await self.show_mode(UNLOCK, "")
        else:
            self.query_one("#switch", Button).display = False
            self.decide()

    @work(thread=True, exclusive=True, group="sign-in", exit_on_error=False)
    def decide(self) -> None:
        from kpa_local.services.accounts import has_accounts

        note = self.workspace.demo_note
        # The note's first paragraph: the demo's accounts (its recovery key, further down, stays in the file).
        hint = ""
        with suppress(FileRefused, UnicodeDecodeError):
            hint = read_bounded_text(note).split("\n\n")[0] if note.exists() else ""
        try:
            mode = SIGN_IN if has_accounts(self.workspace) else FIRST
        except Exception as error:  # the settings or the server: said on the screen, never a silent wait
            from kpa_local.tui.calls import failure_sentence

            self.post_message(self.Decided(SIGN_IN, hint, failure_sentence(error)))
            return
        self.post_message(self.Decided(mode, hint))

    @on(Decided)
    async def decided(self, message: Decided) -> None:
        await self.show_mode(message.mode, message.hint)
        if message.problem:
            self.query_one("#sign-in-message", Static).update(message.problem)

    async def show_mode(self, mode: str, hint: str) -> None:
        self.mode = mode
        fields = self.query_one("#sign-in-fields", Vertical)
        await fields.remove_children()
        intro = self.query_one("#sign-in-intro", Static)
        button = self.query_one("#go", Button)
        if mode == FIRST:
            intro.update(
                "Bienvenue. Créez le premier compte : celui de la coordination, qui pourra ensuite créer "
                "les comptes des autres personnes."
            )
            button.label = "Créer le compte"
            widgets = [_text("name", "Prénom et nom"), _text("login", "Identifiant", "ex. : nadia.b"),
                       password_field("password", "Mot de passe (8 caractères au moins)"),
                       password_field("confirmation", "Le même mot de passe, encore une fois")]  # fmt: skip
        elif mode == UNLOCK:
            assert self.locked is not None
            intro.update(
                f"L'écran est verrouillé. {self.locked.name}, tapez votre mot de passe pour reprendre là où vous "
                "en étiez. Quelqu'un d'autre : touche F10 ou « Changer d'utilisateur » (les saisies non "
                "enregistrées seront alors fermées)."
            )
            button.label = "Déverrouiller"
            widgets = [password_field("password", "Mot de passe")]
        else:
            intro.update("Connectez-vous avec votre identifiant et votre mot de passe.")
            button.label = "Se connecter"
            widgets = [_text("login", "Identifiant"), password_field("password", "Mot de passe")]
        await fields.mount_all(widgets)
        self.query_one("#sign-in-hint", Static).update(hint)
        self.query_one("#sign-in-message", Static).update("")
        widgets[0].control.focus()

    @on(Input.Submitted)
    def next_or_go(self, event: Input.Submitted) -> None:
        inputs = list(self.query_one("#sign-in-fields").query(Input))
        if event.input is not inputs[-1]:
            inputs[inputs.index(event.input) + 1].focus()
        else:
            self.go()

    @on(Button.Pressed, "#go")
    def go(self) -> None:
        self.query_one("#sign-in-message", Static).update("Vérification…")
        self.check(self.mode, form_values(self.query_one("#sign-in-fields")))

    async def action_switch(self) -> None:
        """F10 on the lock (the app's lock key pressed again): someone else signs in."""
        if self.mode == UNLOCK:
            await self.switch()

    @on(Button.Pressed, "#switch")
    async def switch(self) -> None:
        self.locked = None
        self.query_one("#switch", Button).display = False
        await self.show_mode(SIGN_IN, "")

    @work(thread=True, exclusive=True, group="sign-in", exit_on_error=False)
    def check(self, mode: str, values: dict[str, str]) -> None:
        from kpa_local.services import accounts

        recovery_key = None
        try:
            if mode == FIRST:
                form = AccountForm(values["name"], values["login"], "coordination", values["password"],
                                   values["confirmation"])  # fmt: skip
                first = accounts.create_first_account(self.workspace, form)
                actor, recovery_key = first.actor, first.recovery_key
                accounts.sign_in(self.workspace, values["login"], values["password"])
            elif mode == UNLOCK:
                assert self.locked is not None and self.locked.account_id is not None
                actor = accounts.unlock(self.workspace, self.locked.account_id, values["password"])
            else:
                actor = accounts.sign_in(self.workspace, values["login"], values["password"])
        except Refused as refused:
            self.post_message(self.Answered(None, refused.message, {p.field: p.message for p in refused.problems}))
        except KpaError as error:
            self.post_message(self.Answered(None, error.message))
        else:
            self.post_message(self.Answered(actor, recovery_key=recovery_key))

    @on(Answered)
    def answered(self, message: Answered) -> None:
        actor = message.actor
        if actor is not None and message.recovery_key:
            from kpa_local.tui.screens.recovery_key import RecoveryKeyScreen

            def then(_kept: None) -> None:
                self.dismiss(actor)

            self.app.push_screen(RecoveryKeyScreen(message.recovery_key, self.kpa_name, self.workspace), then)
            return
        if actor is not None:
            self.dismiss(actor)
            return
        notice = self.query_one("#sign-in-message", Static)
        show_refusal(self.query_one("#sign-in-fields"), message.problems, message.text, notice, notify=False)
        passwords = [field for field in self.query(Input) if field.password]
        for field in passwords:
            field.value = ""
        if not message.problems and passwords:
            passwords[0].focus()
