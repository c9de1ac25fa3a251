"""The kit's cards and an interview's report as PDF, read back as text."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from kpa_local.config import save_sections
from kpa_local.services.context import Context
from kpa_local.services.interview_documents import write_cards, write_report
from kpa_local.services.interviews import interview_deck
from kpa_local.services.members import create_member
from kpa_local.services.workspaces import open_workspace
from tests.conftest import frozen_today, make_draft
from tests.services.interview_support import RENCONTRE, coded_interview


def _pages(path: Path) -> list[str]:
    reader = PdfReader(path)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _everything(path: Path) -> str:
    reader = PdfReader(path)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return " ".join(_pages(path)) + " " + metadata


def test_the_deck_prints_every_card_six_per_page_with_the_kpa_own_jokers(context: Context) -> None:
    wording = {"jokers": "J'ai transmis… ; Je suis fier·e…", "blank_jokers": 4, "utile": "J'ai servi…"}
    save_sections(context.workspace.config_file, {"interviews": wording})
    opened = open_workspace(context.workspace, clock=frozen_today)
    try:
        path = write_cards(opened)
        deck = interview_deck(opened)
    finally:
        opened.close()
    pages = _pages(path)
    text = " ".join(pages)
    # 13 cards of the kit, 2 jokers of the KPA, 4 blank jokers: 19 cards, 4 pages of 6.
    assert len(pages) == 4
    for card in deck:
        assert " ".join(card.label.split()) in text, card.label
    assert "J'ai servi…" in text and "J'ai été utile…" not in text
    assert text.count("Joker") == 4


def test_the_report_reads_in_the_kit_structure(context: Context) -> None:
    interview_id = coded_interview(context, {0: ("competences_metier",), 1: ("liens_sociaux",)})
    # The second paragraph, said while speaking of « J'ai appris », is moved to « J'ai rencontré ».
    from kpa_local.services.interviews import code_passage, interview_report

    passage = interview_report(context, interview_id).passages[1]
    code_passage(context, interview_id, passage.id, RENCONTRE, ["liens_sociaux"])
    text = " ".join(_pages(write_report(context, interview_id)))
    order = ["Compte rendu d'entretien n°", "Samia", "La personne", "45 ans", "Femmes de 40 ans et plus",
             "Le déroulement de l'entretien", "Le local de la KPA", "Camille et Bruno", "Enregistré",
             "14/10/2026", "65 minutes", "L'accord de la personne", "Comment la personne a vécu l'entretien",
             "Elle a dit qu'elle était fière.", "Pourquoi es-tu venu·e ?", "L'ordre des cartes choisies",
             "1re carte : J'ai appris…", "2e carte : J'ai rencontré…", "3e carte : J'ai été utile…",
             "Les notes, carte par carte", "J'ai appris à cuisiner pour cent personnes.", "Compétences métier",
             "J'ai rencontré des femmes du quartier.", "dit en parlant de la carte « J'ai appris… »",
             "Pour finir", "Une famille.", "Les effets relevés dans cet entretien"]  # fmt: skip
    positions = [text.find(part) for part in order]
    assert all(position >= 0 for position in positions), [p for p, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


def test_an_anonymous_report_names_nobody(context: Context) -> None:
    person = create_member(context, make_draft(first_name="Zoé", last_name="Carpentier"))
    interview_id = coded_interview(context, {}, person_id=person.id, anonymous=True)
    text = _everything(write_report(context, interview_id))
    assert "Personne anonyme" in text
    for name in ("Zoé", "Carpentier", "CARPENTIER", "Samia"):
        assert name not in text
    assert not list(context.workspace.exports_dir.rglob("*arpentier*"))  # nor in a file name
