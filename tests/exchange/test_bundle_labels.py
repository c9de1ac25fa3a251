"""The bundle's codes said in French: every column and manifest field of the format has its words."""

from __future__ import annotations

import pytest

from kpa_local.exchange.bundle_format import columns, schema
from kpa_local.exchange.bundle_labels import column_label, columns_in_words


@pytest.mark.parametrize("file_name", sorted(name for name in schema()["files"] if name.endswith(".csv")))
def test_every_column_of_the_format_has_french_words(file_name: str) -> None:
    untranslated = [code for code in columns(file_name) if column_label(code) == code]
    assert untranslated == []


def test_a_list_of_columns_reads_as_a_sentence() -> None:
    assert columns_in_words(["gender", "age_band", "departement", "qpv"]) == "genre, tranche d'âge, département et QPV"
    assert columns_in_words(["education"]) == "niveau de formation"
    assert columns_in_words([]) == ""
    assert columns_in_words(["a_new_column"]) == "a_new_column"
