"""Nothing typed is lost: one mechanism for every form screen.

A form knows the values it showed when it was loaded (or last saved) and compares the values of its
widgets with them. Leaving with changes (Échap, « Annuler ») asks « Enregistrer / Abandonner /
Continuer ». Before a lock or a change of user, `keep_draft()` puts what was typed aside for the
account signed in (see form_drafts: in memory only); when that account opens the same form again, it is
offered back.

A screen takes it by putting `GuardedForm` first in its bases and:
- binding Échap (and its « Annuler » button) to `action_leave_form`;
- calling `self.form_shown()` once the stored values are on screen (at mount for a new record);
- implementing `close_form()` (leave without saving) and, if its record has an id, `form_key()`.
« Enregistrer » runs the screen's own `action_save`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.await_complete import AwaitComplete

from kpa_local.tui.form_drafts import draft_store, signed_in_account
from kpa_local.tui.form_state import fill_form, read_form

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object

LEAVE_QUESTION = "Ce que vous avez tapé n'est pas enregistré. Que voulez-vous faire ?"
LEAVE_CHOICES = [("discard", "Abandonner"), ("save", "Enregistrer")]
LEAVE_STAY = "Continuer"


def offer_question(kept_at_day: str, kept_at_time: str) -> str:
    """The question that offers a draft back."""
    return f"Reprendre ce qui avait été tapé le {kept_at_day} à {kept_at_time} ?"


class GuardedForm(_ScreenBase):
    """A form screen that asks before throwing away what was typed, and keeps drafts (mixin)."""

    _form_baseline: dict[str, object] | None = None
    _values_at_mount: dict[str, object] | None = None
    _key_when_opened = ""  # a new record gets its id when saved: a draft kept before is forgotten too
    _leave_once_saved = False

    # ---- what each form says of itself ----

    def form_key(self) -> str:
        """The form's identity among drafts: its kind and its record's id (a new record: « new »)."""
        return f"{type(self).__name__}:new"

    def close_form(self) -> None:
        """Leave the form without saving (each form answers what its caller expects)."""
        raise NotImplementedError

    def save_form(self) -> None:
        """Save as Ctrl+S does; the form closes itself once saved (or `form_shown` closes it)."""
        action_save = getattr(self, "action_save")  # noqa: B009  (every form has one; not in the base class)
        action_save()

    # ---- changes ----

    def form_shown(self, *, again: bool = True) -> None:
        """The stored values are on screen: what is typed from now on is a change. The first time,
        a draft this account left in this form is offered back; after a save asked on leaving, the form
        closes. `again=False`: only the first call counts (a list loaded again later changes nothing)."""
        first = self._form_baseline is None
        if not first and not again:
            return
        self._form_baseline = read_form(self)
        if first:
            self._key_when_opened = self.form_key()
            self._offer_draft()
            return
        self._forget_draft()  # saved: an older draft of it is out of date
        if self._leave_once_saved:
            self._leave_once_saved = False
            self.close_form()

    def _on_mount(self, event: events.Mount) -> None:
        """Textual calls it besides the screen's own on_mount: the values before anything is loaded are
        what typing is compared with until the stored values are shown (and if their loading failed)."""
        self._values_at_mount = read_form(self)

    def has_changes(self) -> bool:
        """Whether the values on screen differ from those loaded or last saved."""
        baseline = self._form_baseline if self._form_baseline is not None else self._values_at_mount
        return baseline is not None and read_form(self) != baseline

    # ---- leaving ----

    def action_leave_form(self) -> None:
        """Échap or « Annuler »: leave at once if nothing changed, otherwise ask."""
        from kpa_local.tui.screens.choice import ChoiceScreen

        if not self.has_changes():
            self.close_form()
            return
        self.app.push_screen(ChoiceScreen(LEAVE_QUESTION, LEAVE_CHOICES, cancel=LEAVE_STAY), self._leave_answered)

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """The form closes (saved or abandoned): a draft of it kept earlier is out of date."""
        self._forget_draft()
        return super().dismiss(result)

    def _leave_answered(self, answer: str | None) -> None:
        if answer == "discard":
            self.close_form()
        elif answer == "save":
            self._leave_once_saved = True
            self.save_form()

    # ---- drafts ----

    def keep_draft(self) -> None:
        """Put what was typed aside for the account signed in (nothing if nothing changed)."""
        account = signed_in_account(self.app)
        if account is not None and self.has_changes():
            draft_store(self.app).keep(account, self.form_key(), read_form(self))

    def _forget_draft(self) -> None:
        account = signed_in_account(self.app)
        if account is not None:
            for key in {self.form_key(), self._key_when_opened or self.form_key()}:
                draft_store(self.app).forget(account, key)

    def _offer_draft(self) -> None:
        from kpa_local.tui.screens.confirm import ConfirmScreen

        account = signed_in_account(self.app)
        draft = draft_store(self.app).find(account, self.form_key()) if account is not None else None
        if draft is None:
            return
        values = draft.values
        question = offer_question(draft.kept_at.strftime("%d/%m"), draft.kept_at.strftime("%H:%M"))

        def answered(take_back: bool | None) -> None:
            self._forget_draft()
            if take_back:
                fill_form(self, values)

        self.app.push_screen(ConfirmScreen(question, yes="Reprendre", no="Non"), answered)
