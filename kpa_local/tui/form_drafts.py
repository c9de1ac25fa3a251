"""What was typed in a form and put aside (before a lock or a change of user), for the same account only.

The store lives in memory, on the app: quitting the app loses it. The interview is the exception: it is
saved in the database step by step (and before a lock), so it needs no draft here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from textual.app import App

STORE_ATTRIBUTE = "form_drafts"


@dataclass(frozen=True)
class FormDraft:
    """The values of a form's widgets (by widget id) and when they were put aside."""

    values: Mapping[str, object]
    kept_at: datetime


@dataclass
class DraftStore:
    """Drafts by account and by form (the form's kind and its record's id, or « new »)."""

    now: Callable[[], datetime] = datetime.now
    _drafts: dict[tuple[int, str], FormDraft] = field(default_factory=dict)

    def keep(self, account_id: int, form_key: str, values: Mapping[str, object]) -> None:
        """Put a form's values aside for this account (replacing an older draft of the same form)."""
        self._drafts[(account_id, form_key)] = FormDraft(dict(values), self.now())

    def find(self, account_id: int, form_key: str) -> FormDraft | None:
        """The draft this account left in this form, if any (never another account's)."""
        return self._drafts.get((account_id, form_key))

    def forget(self, account_id: int, form_key: str) -> None:
        """The draft was taken back, refused, saved or abandoned: it is not offered again."""
        self._drafts.pop((account_id, form_key), None)

    def __len__(self) -> int:
        return len(self._drafts)


def draft_store(app: App[Any]) -> DraftStore:
    """The app's store of drafts, created on first use (any App will do, in tests too)."""
    store = getattr(app, STORE_ATTRIBUTE, None)
    if not isinstance(store, DraftStore):
        store = DraftStore()
        setattr(app, STORE_ATTRIBUTE, store)
    return store


def signed_in_account(app: App[Any]) -> int | None:
    """The id of the account signed in, or None (then nothing is put aside: it could not be given back)."""
    actor = getattr(app, "actor", None)
    account_id = getattr(actor, "account_id", None)
    return account_id if isinstance(account_id, int) else None
