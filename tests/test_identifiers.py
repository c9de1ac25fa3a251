"""Each identifier refused says which check failed: its length, a character, or its check digit."""

from __future__ import annotations

import pytest

from kpa_local.identifiers import IdentifierError, check_identifier

VALID = {
    "siren": "732829320",
    "siret": "73282932000074",
    "tva": "FR44732829320",
    "iban": "FR7630006000011234567890189",
}


@pytest.mark.parametrize(("kind", "value"), list(VALID.items()))
def test_a_valid_identifier_is_kept_without_its_spaces(kind: str, value: str) -> None:
    spaced = " ".join(value[index : index + 4] for index in range(0, len(value), 4))
    kept = check_identifier(kind, spaced)
    assert kept == check_identifier(kind, value) and " " not in kept and kept in value


@pytest.mark.parametrize(
    ("kind", "typed", "said"),
    [
        ("siret", "73282932000075", "un chiffre est faux"),
        ("siret", "7328293200007", "il a 13 chiffres au lieu de 14"),
        ("siret", "7328293200007A", "« A » n'est pas un chiffre"),
        ("siren", "732829321", "un chiffre est faux"),
        ("siren", "73282932", "il a 8 chiffres au lieu de 9"),
        ("tva", "FR45732829320", "un chiffre est faux"),
        ("tva", "FR123", "il a 5 caractères"),
        ("iban", "FR7630006000011234567890188", "un chiffre est faux"),
        ("siren", "73282932O", "« O » n'est pas un chiffre : un SIREN ne contient que des chiffres"),
        ("tva", "FR4473282932", "il a 12 caractères ; il s'écrit FR puis 11 caractères"),
        ("vat", "FR45732829320", "un chiffre est faux (la clé de contrôle ne correspond pas)"),
        ("vat", "FR4473282932", "il a 12 caractères"),
        ("iban", "FR76 3000 6000 0112 3456 7890 18", "il a 26 caractères au lieu de 27 pour la France"),
        ("iban", "FR76 3000 6000 0112 3456 7890 1899", "il a 28 caractères au lieu de 27 pour la France"),
        ("iban", "DE89 3704 0044 0532 0130 0", "il ne s'écrit pas ainsi : FR76 puis 23 caractères"),
        ("iban", "DE89 3704 0044 0532 0130 01", "un chiffre est faux"),
        ("iban", "FR7630006000011234567890179", "un chiffre est faux"),  # the RIB key, checked after the IBAN's
    ],
)
def test_the_check_that_failed_is_said(kind: str, typed: str, said: str) -> None:
    with pytest.raises(IdentifierError) as refused:
        check_identifier(kind, typed)
    assert said in refused.value.reason
    assert refused.value.reason.count(" : ") <= 1


def test_a_siret_whose_check_digit_is_wrong_is_not_told_its_length() -> None:
    """14 digits typed, one of them wrong: the refusal does not tell the person to type 14 digits."""
    with pytest.raises(IdentifierError) as refused:
        check_identifier("siret", "73282932000075")
    assert "14" not in refused.value.reason and "Kbis" in refused.value.reason


def test_an_iban_with_a_missing_digit_is_told_its_length_not_a_wrong_digit() -> None:
    """stdnum checks an IBAN's check digits before its length: a digit left out must not read as a wrong one."""
    with pytest.raises(IdentifierError) as refused:
        check_identifier("iban", "FR763000600001123456789018")
    assert "faux" not in refused.value.reason and "26 caractères" in refused.value.reason


def test_the_client_form_and_the_settings_say_the_failed_check() -> None:
    """The SIRET typed whole, a digit wrong: neither refusal repeats « 14 chiffres », which is what was typed."""
    from kpa_local.config import check_value
    from kpa_local.domain.errors import Refused
    from kpa_local.services.clients import read_client_form

    form = {"kind": "entreprise", "name": "Boulangerie", "address": "1 rue", "city": "Lille",
            "siret": "732 829 320 00075", "vat_number": "FR 45 732829320"}  # fmt: skip
    with pytest.raises(Refused) as refused:
        read_client_form(form)
    assert refused.value.for_field("siret") == (
        "Le SIRET n'est pas valable : un chiffre est faux (la clé de contrôle ne correspond pas) : recopiez-le "
        "depuis l'avis de situation INSEE ou un Kbis."
    )
    assert "un chiffre est faux" in (refused.value.for_field("vat_number") or "")
    assert check_value("portage", "siret", "7328293200007") == (
        "n'est pas un numéro SIRET valable : il a 13 chiffres au lieu de 14 : vérifiez qu'il n'en manque aucun, "
        "sans en ajouter"
    )
