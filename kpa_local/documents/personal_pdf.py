"""The right-of-access answer as a readable PDF: every section of what the KPA holds about a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from kpa_local.documents.pdf_kit import (
    BODY,
    RULE,
    SMALL,
    build_pdf,
    clean,
    draw_footer_line,
    kit_table,
    register_fonts,
    style,
)
from kpa_local.domain import codes
from kpa_local.domain.text import de
from kpa_local.fmt import date_fr

TITLE = style("personal-title", 16, bold=True)
HEADING = style("personal-heading", 11, bold=True)
LABELS = {
    "id": "Numéro de fiche", "last_name": "Nom", "first_name": "Prénom", "birth_date": "Date de naissance",
    "gender": "Genre", "email": "E-mail", "phone": "Téléphone", "address": "Adresse", "postal_code": "Code postal",
    "city": "Ville", "qpv": "Habite un quartier prioritaire (QPV)", "single_parent": "Parent isolé",
    "international_protection": "Protection internationale", "rqth": "RQTH", "education": "Niveau d'études",
    "ft_registered_at_entry": "Inscrit·e à France Travail à l'entrée", "ft_registered_since": "Inscrit·e depuis",
    "ft_registered_during": "Inscrit·e pendant le parcours",
    "entry_date": "Entrée dans la KPA", "planned_duration": "Durée prévue", "exit_date": "Sortie",
    "exit_situation": "Situation à la sortie", "notes": "Notes", "created_at": "Fiche créée le",
    "updated_at": "Fiche modifiée le", "role": "Rôle", "start_date": "Début", "end_date": "Fin", "kind": "Type",
    "cape_terms": "Périodes CAPE", "ended_early": "Arrêté le", "step": "Étape", "given_on": "Donné le",
    "withdrawn_on": "Retiré le", "partenaire": "Partenaire orienteur",
}  # fmt: skip
# The database's own numbers: the PDF names the partner instead, the JSON keeps every column.
INTERNAL_KEYS = frozenset({"id", "partner_id", "person_id"})
# Columns holding a code of the network's lists: printed with their label.
CODES = {
    "gender": codes.GENDERS, "qpv": codes.YES_NO_UNKNOWN, "single_parent": codes.YES_NO_UNKNOWN,
    "international_protection": codes.YES_NO_UNKNOWN, "rqth": codes.YES_NO_UNKNOWN,
    "ft_registered_at_entry": codes.YES_NO_UNKNOWN, "education": codes.EDUCATION_LEVELS,
    "planned_duration": codes.PLANNED_DURATIONS, "exit_situation": codes.EXIT_SITUATIONS, "role": codes.ROLES,
    "step": codes.PATH_STEPS,
}  # fmt: skip
SECTIONS = (
    ("roles", "Rôles"),
    ("contrats", "Contrats"),
    ("etapes_du_parcours", "Étapes du parcours"),
    ("consentements", "Consentements"),
    ("entretiens", "Entretiens d'évaluation"),
)


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_fr(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return str(value)


def _pairs(values: dict[str, Any]) -> Flowable:
    kinds = codes.CONSENT_KINDS if "given_on" in values else codes.CONTRACT_KINDS
    tables = {**CODES, "kind": kinds}
    rows = [[Paragraph(clean(LABELS.get(key, key)), SMALL),
             Paragraph(clean(codes.label(tables[key], value) if key in tables and value else _text(value)), BODY)]
            for key, value in values.items() if key not in INTERNAL_KEYS]  # fmt: skip
    table = kit_table(rows, colWidths=[60 * mm, 118 * mm])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render_personal_pdf(kpa_name: str, day: date, record: dict[str, Any]) -> bytes:
    """The PDF of a person's record, section by section, in plain French."""
    register_fonts()
    person = record["personne"]
    name = f"{person.get('first_name', '')} {str(person.get('last_name', '')).upper()}".strip()
    story: list[Flowable] = [
        Paragraph(clean(f"Ce que {kpa_name} garde sur {name}"), TITLE),
        Spacer(1, 3 * mm),
        Paragraph(
            clean(
                f"Document établi le {date_fr(day)} à la demande de la personne (droit d'accès, article 15 du RGPD). "
                "Il contient toutes les informations enregistrées dans le logiciel de la KPA à son sujet. "
                "Pour corriger une information ou demander l'effacement, adressez-vous à la coordination de la KPA."
            ),
            BODY,
        ),
        Spacer(1, 5 * mm),
        Paragraph("Fiche", HEADING),
        _pairs({**person, "partenaire": record.get("partenaire_orienteur")}),
    ]
    for key, title in SECTIONS:
        story += [Spacer(1, 5 * mm), Paragraph(title, HEADING)]
        items = record.get(key) or []
        if not items:
            story.append(Paragraph("Aucun.", BODY))
        for item in items:
            story += [_pairs(item), Spacer(1, 2 * mm)]
    story += [Spacer(1, 5 * mm), Paragraph("Comptes sur l'ordinateur de la KPA", HEADING)]
    accounts = record.get("comptes") or []
    story.append(Paragraph(clean(", ".join(f"{a['identifiant']} ({a['role']})" for a in accounts) or "Aucun."), BODY))

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer_line(canvas, f"{kpa_name} · données personnelles {de(name)}", f"page {page}/{pages}")

    return build_pdf(story, title=f"Données personnelles — {name}", author=kpa_name, footer=footer)
