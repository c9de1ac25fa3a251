"""An interview's report as a PDF, in the structure of the kit, for someone who was not there.

An anonymous interview is printed as « Personne anonyme », in the text as in the PDF's
properties: the report knows no name for it.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from kpa_local.documents.pdf_kit import (
    ACCENT,
    MUTED,
    RULE,
    build_pdf,
    clean,
    draw_footer_line,
    kit_table,
    register_fonts,
    style,
)
from kpa_local.domain.codes import GENDERS
from kpa_local.domain.interview_report import InterviewReport
from kpa_local.domain.interviews import EFFECTS, LED_BY, MODES, PUBLICS, months_text
from kpa_local.fmt import date_fr

TITLE = style("interview-title", 18, bold=True, leading=23)
WHO = style("interview-who", 14, bold=True, color=ACCENT, leading=19)
HEADING = style("interview-heading", 12.5, bold=True, leading=17, spaceBefore=4)
CARD = style("interview-card", 11, bold=True, color=ACCENT, leading=15)
TEXT = style("interview-text", 10.5, leading=15)
QUESTION = style("interview-question", 9.5, color=MUTED, leading=13)
TAGS = style("interview-tags", 8.5, color=MUTED, leading=11)
LABEL = style("interview-label", 9.5, bold=True, leading=13)
ORDINALS = ("1re", "2e", "3e")
INTRO = clean(
    "Un entretien d'évaluation mené avec le kit du réseau KPA-Cité : la personne choisit les cartes dont elle "
    "veut parler, dans l'ordre qu'elle veut."
)


def _ordinal(position: int) -> str:
    return ORDINALS[position - 1] if position <= len(ORDINALS) else f"{position}e"


def _facts_table(rows: list[tuple[str, str]]) -> Flowable:
    table = kit_table([[Paragraph(clean(label), LABEL), Paragraph(clean(value), TEXT)] for label, value in rows],
                      colWidths=[52 * mm, 126 * mm])  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _answer(question: str, answer: str) -> list[Flowable]:
    return [Paragraph(clean(question), QUESTION), Paragraph(clean(answer or "—"), TEXT), Spacer(1, 2.5 * mm)]


def _section(title: str) -> list[Flowable]:
    return [CondPageBreak(30 * mm), Spacer(1, 4 * mm), Paragraph(clean(title), HEADING), Spacer(1, 1.5 * mm)]


def _person(report: InterviewReport) -> list[Flowable]:
    facts = report.draft.facts
    return [
        *_section("La personne"),
        _facts_table([
            ("Âge", f"{facts.age} ans" if facts.age is not None else "non renseigné"),
            ("Genre", GENDERS.get(facts.gender, facts.gender)),
            ("Dans la KPA depuis", months_text(facts.months_in_kpa) + " (au jour de l'entretien)"),
            ("Public de l'évaluation", PUBLICS[report.public]),
            ("Fiche de membre", "reliée à sa fiche" if report.linked else "pas de fiche reliée"),
        ]),
    ]  # fmt: skip


def _conditions(report: InterviewReport) -> list[Flowable]:
    draft = report.draft
    consent = [
        ("Enregistrer ou filmer", "oui" if draft.consent_recording else "non"),
        ("Partager avec l'équipe du projet", "oui" if draft.consent_share else "non"),
        ("Témoignage anonyme", "oui" if draft.anonymous else "non"),
    ]
    led = LED_BY.get(draft.led_by, draft.led_by) + (f" ({draft.interviewers})" if draft.interviewers else "")
    return [
        *_section("Le déroulement de l'entretien"),
        _facts_table([
            ("Où", draft.place or "non renseigné"),
            ("Qui l'a mené", led),
            ("Comment", MODES.get(draft.mode, draft.mode)),
            ("Quand", date_fr(draft.held_on) if draft.held_on else "non renseigné"),
            ("Combien de temps", f"{draft.minutes} minutes" if draft.minutes else "non renseigné"),
        ]),
        *_section("L'accord de la personne"),
        _facts_table(consent),
        *_section("Comment la personne a vécu l'entretien"),
        *_answer("Ce qu'elle en a dit", draft.lived_said),
        *_answer("Ce que nous avons observé", draft.lived_observed),
    ]  # fmt: skip


def _cards(report: InterviewReport) -> list[Flowable]:
    draft = report.draft
    story = [*_section("L'ordre des cartes choisies")]
    if not draft.cards:
        story.append(Paragraph("La personne n'a choisi aucune carte.", TEXT))
    for position, card in enumerate(draft.cards, start=1):
        story.append(Paragraph(clean(f"{_ordinal(position)} carte : {card.label}"), TEXT))
    story.extend(_section("Les notes, carte par carte"))
    story.append(Paragraph("Chaque passage est rangé sous la carte dont il parle vraiment, avec les effets relevés.",
                           QUESTION))  # fmt: skip
    for card, passages in report.notes_by_card():
        block: list[Flowable] = [Spacer(1, 3 * mm), Paragraph(clean(card.label), CARD)]
        for passage in passages:
            block.append(Paragraph(clean(passage.text), TEXT))
            tags = ", ".join(EFFECTS[code] for code in passage.effects)
            line = f"Effets : {tags}" if tags else "Effets : pas encore relevés"
            if 0 < passage.typed_under <= len(draft.cards) and draft.cards[passage.typed_under - 1] != card:
                line += f" · dit en parlant de la carte « {draft.cards[passage.typed_under - 1].label} »"
            block.append(Paragraph(clean(line), TAGS))
            block.append(Spacer(1, 1.5 * mm))
        story.append(KeepTogether(block[:4]))
        story.extend(block[4:])
    return story


def _closing(report: InterviewReport) -> list[Flowable]:
    draft = report.draft
    wishes = (
        (draft.wants_notes, "voir les notes ou la vidéo"),
        (draft.wants_to_lead, "essayer d'être l'intervieweur·se"),
    )
    offers = [text for wanted, text in wishes if wanted]
    effects = report.effects()
    return [
        *_section("Pour finir"),
        *_answer("Ce qu'elle trouve dans la KPA et pas ailleurs", draft.elsewhere_answer),
        *_answer("Ce qu'elle a pensé de l'exercice, ce qu'elle a ajouté", draft.exercise_answer),
        *_answer("Après l'entretien", draft.after_answer),
        Paragraph(clean("Elle souhaite " + " et ".join(offers) + ".") if offers else "", TEXT),
        *_section("Les effets relevés dans cet entretien"),
        Paragraph(clean(", ".join(EFFECTS[code] for code in effects) or "Aucun effet relevé pour l'instant."), TEXT),
    ]


def render_interview_report(report: InterviewReport, *, printed_on: str) -> bytes:
    """The report of one interview."""
    register_fonts()  # before the first paragraph
    draft = report.draft
    title = f"Compte rendu d'entretien n° {report.id}"
    state = "" if draft.finished else " (en cours : pas encore terminé)"
    story: list[Flowable] = [
        Paragraph(clean(title + state), TITLE),
        Spacer(1, 1.5 * mm),
        Paragraph(clean(report.who), WHO),
        Spacer(1, 2 * mm),
        Paragraph(INTRO, QUESTION),
        *_person(report),
        *_conditions(report),
        *_section("Le début de l'entretien"),
        *_answer("Depuis combien de temps es-tu dans la KPA ?", draft.time_answer),
        *_answer("Pourquoi es-tu venu·e ?", draft.why_answer),
        *_cards(report),
        *_closing(report),
    ]

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer_line(canvas, f"{report.kpa_name} · {title} · imprimé le {printed_on}", f"page {page}/{pages}")

    return build_pdf(story, title=f"{title} — {report.who}", author=report.kpa_name, footer=footer,
                     subject="Compte rendu d'entretien d'évaluation")  # fmt: skip
