"""Paramètres: the keys the schema puts on screen, shown as a field shows them, typed back into their types."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpa_local.config.sections import SECTIONS
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.services.context import Context
from kpa_local.services.settings import identity_values, save_identity


def test_the_screen_shows_exactly_the_keys_the_schema_puts_on_it(context: Context) -> None:
    shown = identity_values(context)
    declared = {
        section.name: [name for name, key, _default in section.entries() if key.on_screen] for section in SECTIONS
    }
    assert {section: list(values) for section, values in shown.items()} == {
        section: names for section, names in declared.items() if names
    }
    assert shown["billing"]["payment_methods"] == "virement, chèque"
    assert shown["sharing"]["cae_percent"] == "10"


def test_a_typed_value_is_checked_by_its_kind_and_saved_in_its_type(context: Context) -> None:
    before = context.workspace.config_file.read_text(encoding="utf-8")
    with pytest.raises(Refused) as refusal:
        save_identity(context, {"sharing": {"savings_percent": "150"}, "billing": {"payment_days": "trente"}})
    assert refusal.value.for_field("sharing.savings_percent") == "Cette valeur doit être un pourcentage entre 0 et 100."
    assert refusal.value.for_field("billing.payment_days") == (
        "Cette valeur doit être un nombre de jours, écrit en chiffres."
    )
    assert context.workspace.config_file.read_text(encoding="utf-8") == before
    save_identity(context, {"sharing": {"savings_percent": "2,5"}, "billing": {"payment_methods": "virement, carte"}})
    assert context.settings.sharing.savings_percent == Decimal("2.5")
    assert context.settings.billing.payment_methods == ("virement", "carte")
    assert identity_values(context)["sharing"]["savings_percent"] == "2,5"


def test_a_key_the_screen_does_not_show_is_refused(context: Context) -> None:
    with pytest.raises(KpaError, match=r"« security\.idle_lock_minutes » ne se modifie pas depuis cet écran"):
        save_identity(context, {"security": {"idle_lock_minutes": "1"}})
