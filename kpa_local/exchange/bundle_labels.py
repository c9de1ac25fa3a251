"""The bundle's column codes and manifest fields in plain French, for whoever reads a bundle before it leaves.

The codes stay what the network's format says; these words are only shown beside them.
"""

from __future__ import annotations

from collections.abc import Iterable

from kpa_local.domain.text import count_text
from kpa_local.fmt import list_fr

COLUMN_LABELS: dict[str, str] = {
    # members.csv
    "pid": "pseudonyme",
    "role": "rôle",
    "contract": "contrat",
    "gender": "genre",
    "age_band": "tranche d'âge",
    "departement": "département",
    "qpv": "QPV",
    "single_parent": "parent isolé",
    "international_protection": "protection internationale",
    "rqth": "RQTH",
    "education": "niveau de formation",
    "ft_registered_at_entry": "France Travail à l'entrée",
    "ft_duration_band": "durée d'inscription",
    "ft_registered_during": "France Travail pendant",
    "mission_locale": "Mission locale",
    "entry_month": "mois d'entrée",
    "planned_duration": "durée prévue",
    "exit_month": "mois de sortie",
    "exit_situation": "situation à la sortie",
    "hours_quarter": "heures du trimestre",
    # activity.csv
    "month": "mois",
    "activity": "activité",
    "revenue_invoiced_ht": "facturé HT",
    "revenue_collected_ht": "encaissé HT",
    "invoices": "factures",
    "clients": "clients facturés",
    "hours": "heures",
    "people": "personnes",
    "remuneration": "rémunération",
    "savings_contribution": "mis en épargne",
    "savings_balance": "solde de l'épargne",
    # interviews.csv
    "iid": "pseudonyme de l'entretien",
    "public": "public de la personne",
    "cards": "cartes",
    "effects": "effets",
}

MANIFEST_LABELS: dict[str, str] = {
    "format": "format de l'envoi",
    "format_version": "version du format",
    "kpa_code": "code de la KPA",
    "kpa_name": "nom de la KPA",
    "period.start": "début du trimestre",
    "period.end": "fin du trimestre",
    "period.label": "trimestre",
    "generated_at": "préparé le (heure universelle)",
    "generator.name": "logiciel",
    "generator.version": "version du logiciel",
    "privacy.pseudonymisation": "pseudonymes calculés par",
    "privacy.k": "taille minimale d'un groupe (k)",
    "privacy.quasi_identifiers": "colonnes qui pourraient reconnaître quelqu'un",
    "privacy.sensitive": "colonnes sensibles",
    "privacy.suppressed_cells": "cases remplacées par « * »",
    "privacy.fully_suppressed_rows": "lignes entièrement remplacées",
}


def column_label(code: str) -> str:
    """The French words for a column, or the code itself for a column this version does not know."""
    return COLUMN_LABELS.get(code, code)


def columns_in_words(codes: Iterable[str]) -> str:
    """« genre, tranche d'âge, département et QPV »: a list of columns as a sentence says it."""
    return list_fr([column_label(code) for code in codes])


def manifest_lines(manifest: dict[str, object]) -> list[tuple[str, str, str]]:
    """Each field of the manifest as (French label, code, value), lists and file entries said in words."""
    lines: list[tuple[str, str, str]] = []
    for key, value in manifest.items():
        if key == "files" and isinstance(value, dict):
            for name, entry in value.items():
                rows = entry.get("rows") if isinstance(entry, dict) else None
                lines.append((f"lignes de {name}", f"files.{name}.rows", str(rows)))
            continue
        if isinstance(value, dict):
            for sub, sub_value in value.items():
                code = f"{key}.{sub}"
                lines.append((MANIFEST_LABELS.get(code, code), code, _value_text(code, sub_value)))
            continue
        lines.append((MANIFEST_LABELS.get(key, key), key, _value_text(key, value)))
    return lines


def _value_text(code: str, value: object) -> str:
    if isinstance(value, list):
        if code.endswith(("quasi_identifiers", "sensitive")):
            return columns_in_words(str(item) for item in value)
        return ", ".join(str(item) for item in value)
    return str(value)


def months_sentence(hidden: int, sensitive: Iterable[str], k: int) -> str:
    """What the months rule hid, said to the person who sends the bundle; empty when it hid nothing."""
    if not hidden:
        return ""
    return (
        f"Dont {count_text(hidden, 'valeur masquée', 'valeurs masquées')} dans les colonnes "
        f"{columns_in_words(sensitive)} : avec les mois d'entrée et de sortie, elles désigneraient moins de "
        f"{k} personnes."
    )
