"""French words: counted with the right plural, « de » elided, names sorted as a French reader expects."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.text import count_text, de, french_key, plural


@pytest.mark.parametrize(("count", "expected"), [(0, "0 minute"), (1, "1 minute"), (2, "2 minutes"),
                                                 (1234, "1\u202f234 minutes")])  # fmt: skip
def test_zero_and_one_are_singular_in_french(count: int, expected: str) -> None:
    assert count_text(count, "minute") == expected


def test_an_irregular_plural_is_given() -> None:
    assert plural(3, "journal", "journaux") == "journaux"
    assert count_text(1, "case masquée", "cases masquées") == "1 case masquée"


@pytest.mark.parametrize(("words", "expected"), [("émettre une facture", "d'émettre une facture"),
                                                 ("enregistrer un paiement", "d'enregistrer un paiement"),
                                                 ("Élodie", "d'Élodie"), ("habiter", "d'habiter"),
                                                 ("valider", "de valider")])  # fmt: skip
def test_de_is_elided_before_a_vowel(words: str, expected: str) -> None:
    assert de(words) == expected


def test_accented_capitals_sort_with_their_letter() -> None:
    names = ["Ville", "Épicerie", "elodie", "Zoé", "Élodie", "Elodie", "Accueil", "œuvre", "Oeuvre"]
    assert sorted(names, key=french_key) == [
        "Accueil", "Elodie", "elodie", "Élodie", "Épicerie", "Oeuvre", "œuvre", "Ville", "Zoé",
    ]  # fmt: skip


@given(st.lists(st.text(max_size=8), max_size=12))
def test_the_order_does_not_depend_on_the_order_given(names: list[str]) -> None:
    # Equal keys would keep the input order: reversing it shows the key alone decides.
    assert sorted(names, key=french_key) == sorted(names[::-1], key=french_key)  # noqa: C415
