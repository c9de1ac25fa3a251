"""The reminder letter: who to call and how, with only the details the KPA gave, and an IBAN a person can copy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kpa_local.documents.reminder_pdf import render_reminder
from kpa_local.domain.billing import OverdueInvoice, Party, Reminder
from kpa_local.domain.money import Money
from tests.documents.test_invoice_pdf import BUSINESS, SELLER, TERMS, text_of

KPA = Party("Coop Manau", "12 rue de l'Alma", "59100", "Roubaix", email="contact@coop-manau.example",
            phone="03 20 00 00 00", contact="Camille Martin")  # fmt: skip
LATE = OverdueInvoice("FA-2026-0007", date(2026, 10, 1), date(2026, 10, 31), Money(12000), Money(12000), 26)


def letter(kpa: Party) -> str:
    reminder = Reminder(date(2026, 11, 26), SELLER, kpa, BUSINESS, "entreprise", (LATE,), TERMS)
    return " ".join(text_of(render_reminder(reminder)).split())


def test_the_letter_names_the_person_to_call_with_every_way_to_reach_the_kpa() -> None:
    text = letter(KPA)
    assert (
        "Pour toute question, appelez Camille Martin au 03 20 00 00 00, écrivez-nous à contact@coop-manau.example "
        "ou passez au local (12 rue de l'Alma, 59100 Roubaix)." in text
    )
    assert "Tél. 03 20 00 00 00" in text
    assert "appelez-nous ou" not in text


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"phone": ""}, "Pour toute question, écrivez-nous à contact@coop-manau.example ou passez au local "
                        "(12 rue de l'Alma, 59100 Roubaix) et demandez Camille Martin."),
        ({"contact": "", "email": ""}, "Pour toute question, appelez-nous au 03 20 00 00 00 ou passez au local "
                                       "(12 rue de l'Alma, 59100 Roubaix)."),
        ({"contact": "", "email": "", "phone": "", "address": "", "postal_code": "", "city": ""},
         "Pour toute question, répondez à ce courrier."),
    ],
)  # fmt: skip
def test_a_missing_detail_is_left_out_never_printed_empty(changes: dict[str, str], sentence: str) -> None:
    kpa = replace(KPA, **changes)
    text = letter(kpa)
    assert sentence in text
    assert ("Tél." in text) == bool(kpa.phone)
    assert "au ," not in text and "à ," not in text and "()" not in text


def test_the_iban_is_printed_in_groups_of_four() -> None:
    text = letter(KPA)
    assert "l'IBAN FR76 3000 6000 0112 3456 7890 189." in text
    assert "FR7630006000011234567890189" not in text
