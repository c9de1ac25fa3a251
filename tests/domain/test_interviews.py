"""The evaluation kit's rules: publics, durations, passages, the deck, and the counts of the analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpa_local.config import ConfigError, parse_settings, template_text
from kpa_local.config.interviews import InterviewSettings
from kpa_local.domain.interview_analysis import CountedInterview, tallies
from kpa_local.domain.interviews import (
    CARDS,
    Card,
    InterviewError,
    Passage,
    months_text,
    paragraphs,
    parse_months,
    public_of,
    reconcile,
)
from kpa_local.domain.network import Section


@pytest.mark.parametrize(
    ("gender", "age", "public"),
    [
        ("femme", 40, "femme_40_plus"),
        ("femme", 39, "autre"),
        ("femme", 29, "jeune_moins_30"),
        ("homme", 29, "jeune_moins_30"),
        ("homme", 30, "autre"),
        ("homme", 60, "autre"),
        ("femme", None, "autre"),
        ("inconnu", 45, "autre"),
    ],
)
def test_the_public_of_an_interviewee(gender: str, age: int | None, public: str) -> None:
    assert public_of(gender, age) == public


@pytest.mark.parametrize(
    ("typed", "months"), [("8 mois", 8), ("2 ans", 24), ("1 an", 12), ("18", 18), ("", None), (" 3\u00a0ans ", 36)]
)
def test_time_in_the_kpa_as_people_say_it(typed: str, months: int | None) -> None:
    assert parse_months(typed) == months


def test_an_unreadable_time_is_refused_with_an_example() -> None:
    with pytest.raises(InterviewError, match="8 mois"):
        parse_months("longtemps")


def test_months_read_back() -> None:
    assert [months_text(m) for m in (None, 0, 8, 12, 27)] == [
        "non renseigné", "0 mois", "8 mois", "1 an", "2 ans et 3 mois"
    ]  # fmt: skip


def test_notes_are_cut_at_blank_lines() -> None:
    assert paragraphs("Un.\nsuite\n\n  \nDeux.\r\n\r\nTrois.\n") == ["Un.\nsuite", "Deux.", "Trois."]


def test_an_unchanged_paragraph_keeps_its_card_and_effects() -> None:
    learnt, met = Card("appris", "J'ai appris…"), Card("rencontre", "J'ai rencontré…")
    old = [Passage(1, learnt, "A."), Passage(1, met, "B.", ("liens_sociaux",)), Passage(2, met, "C.")]
    again = reconcile(old, 1, learnt, "A, changé.\n\nB.\n\nNouveau.")
    assert again == [Passage(1, learnt, "A, changé."), Passage(1, met, "B.", ("liens_sociaux",)),
                     Passage(1, learnt, "Nouveau.")]  # fmt: skip


def test_a_kpa_rewords_cards_and_adds_jokers() -> None:
    settings = InterviewSettings(appris="Ce que j'ai appris…", jokers=("J'ai transmis…", "Je suis fier·e…"))
    deck = settings.deck()
    assert deck[0] == Card("appris", "Ce que j'ai appris…")
    assert [card.label for card in deck if card.is_joker] == ["J'ai transmis…", "Je suis fier·e…", "Joker"]
    assert len(deck) == len(CARDS) + 2


def test_the_settings_template_holds_the_kit_and_refuses_bad_cards() -> None:
    text = template_text()
    assert parse_settings(text, Path("kpa.toml")).interviews == InterviewSettings()
    emptied = parse_settings(text.replace('appris = "J\'ai appris…"', 'appris = ""'), Path("kpa.toml"))
    assert emptied.interviews.deck()[0] == Card("appris", "J'ai appris…")  # left empty: the kit's words
    with pytest.raises(ConfigError, match=r"appris.*60 caractères"):
        parse_settings(text.replace('appris = "J\'ai appris…"', f'appris = "{"x" * 61}"'), Path("kpa.toml"))
    too_many = 'jokers = "' + " ; ".join(f"J{i}" for i in range(7)) + '"'
    with pytest.raises(ConfigError, match="6 jokers"):
        parse_settings(text.replace('jokers = ""', too_many), Path("kpa.toml"))


# Four interviews counted by hand:
#   A woman of 45: appris, rencontre · effects liens_sociaux, confiance
#   A woman of 52: rencontre, joker, appris · effects liens_sociaux
#   A man of 24: teste · effects competences_entrepreneuriales, confiance
#   A man of 35: appris · no effect coded
SAMPLE = [
    CountedInterview("femme_40_plus", ("appris", "rencontre"), ("liens_sociaux", "confiance")),
    CountedInterview("femme_40_plus", ("rencontre", "joker", "appris"), ("liens_sociaux",)),
    CountedInterview("jeune_moins_30", ("teste",), ("competences_entrepreneuriales", "confiance")),
    CountedInterview("autre", ("appris",), ()),
]


def _counts(section: Section) -> dict[str, tuple[int, int]]:
    return {c.label: (c.count, c.percent) for c in section.counts if c.count}


def test_counts_of_cards_and_effects_against_hand_computed_ones() -> None:
    everyone, women, young, others = tallies(SAMPLE)
    assert everyone.interviews == 4 and women.interviews == 2 and young.interviews == 1 and others.interviews == 1
    assert _counts(everyone.first_cards) == {
        "J'ai appris…": (2, 50), "J'ai rencontré… J'ai créé un lien…": (1, 25), "J'ai testé…": (1, 25)
    }  # fmt: skip
    assert _counts(everyone.any_cards) == {
        "J'ai appris…": (3, 75), "J'ai rencontré… J'ai créé un lien…": (2, 50), "J'ai testé…": (1, 25),
        "Joker (toutes les cartes joker)": (1, 25),
    }  # fmt: skip
    assert _counts(everyone.effects) == {
        "Liens sociaux": (2, 50), "Confiance en soi": (2, 50), "Compétences entrepreneuriales": (1, 25)
    }  # fmt: skip
    assert _counts(women.effects) == {"Liens sociaux": (2, 100), "Confiance en soi": (1, 50)}
    assert _counts(women.first_cards) == {"J'ai appris…": (1, 50), "J'ai rencontré… J'ai créé un lien…": (1, 50)}
    assert _counts(young.any_cards) == {"J'ai testé…": (1, 100)}
    assert _counts(others.effects) == {}


interviews = st.lists(
    st.builds(
        CountedInterview,
        st.sampled_from(["femme_40_plus", "jeune_moins_30", "autre"]),
        st.lists(st.sampled_from(list(CARDS)), max_size=5).map(tuple),
        st.lists(st.sampled_from(["liens_sociaux", "confiance", "bien_etre"]), max_size=3, unique=True).map(tuple),
    ),
    max_size=30,
)


@given(interviews)
def test_the_publics_add_up_to_everyone(sample: list[CountedInterview]) -> None:
    everyone, *publics = tallies(sample)
    assert sum(group.interviews for group in publics) == everyone.interviews == len(sample)
    for section in ("first_cards", "any_cards", "effects"):
        for index, count in enumerate(getattr(everyone, section).counts):
            assert count.count == sum(getattr(group, section).counts[index].count for group in publics)
            assert count.count <= everyone.interviews  # an interview counts a card or an effect once
    assert sum(count.count for count in everyone.first_cards.counts) == sum(1 for i in sample if i.cards)
