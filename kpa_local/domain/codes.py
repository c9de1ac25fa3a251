"""The codes of the network format (collecteur v1) and of a KPA's paths, with French labels."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


def _table(*pairs: tuple[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(pairs))


UNKNOWN = "inconnu"

GENDERS = _table(("femme", "Femme"), ("homme", "Homme"), ("autre", "Autre"), (UNKNOWN, "Non renseigné"))

YES_NO_UNKNOWN = _table(("oui", "Oui"), ("non", "Non"), (UNKNOWN, "Ne sait pas"))

EDUCATION_LEVELS = _table(
    ("infra_cap", "Sans CAP, BEP ni Bac"),
    ("cap_bep", "CAP ou BEP"),
    ("bac", "Bac"),
    ("bac2_4", "Bac +2 à +4"),
    ("bac5", "Bac +5 et plus"),
    (UNKNOWN, "Non renseigné"),
)

FT_DURATION_BANDS = _table(
    ("<6m", "Moins de 6 mois"),
    ("6-12m", "6 à 12 mois"),
    ("13-24m", "13 à 24 mois"),
    ("2-5y", "2 à 5 ans"),
    (">5y", "Plus de 5 ans"),
    (UNKNOWN, "Durée non connue"),
)

PLANNED_DURATIONS = _table(
    ("<1y", "Moins d'un an"),
    ("1y", "Un an"),
    ("1-2y", "Entre un et deux ans"),
    ("2y", "Deux ans"),
    (">2y", "Plus de deux ans"),
    (UNKNOWN, "Non prévue"),
)

AGE_BANDS = ("16-24", "25-39", "40-54", "55+", UNKNOWN)

EXIT_SITUATIONS = _table(
    ("emploi_cdi", "Emploi en CDI"),
    ("emploi_cdd_6m_plus", "Emploi en CDD de 6 mois ou plus"),
    ("emploi_cdd_moins_6m", "Emploi en CDD de moins de 6 mois"),
    ("emploi_interim", "Emploi en intérim"),
    ("formation_qualifiante", "Formation qualifiante ou certifiante"),
    ("formation_non_qualifiante", "Formation non qualifiante"),
    ("creation_entreprise", "Création ou reprise d'entreprise"),
    ("autre_dispositif", "Orienté·e vers un autre dispositif"),
    ("service_civique", "Service civique"),
    ("sans_emploi_ni_formation", "Sans emploi ni formation"),
    (UNKNOWN, "Situation non connue"),
)

ROLES = _table(
    ("benevole", "Bénévole"),
    ("cooperant", "Coopérant·e"),
    ("contributeur", "Contributeur·rice"),
    ("ambassadeur", "Ambassadeur·rice"),
)

CONTRACT_KINDS = _table(
    ("cape", "CAPE"),
    ("cesa", "CESA"),
    ("volontariat", "Volontariat"),
    ("benevole", "Bénévole adhérent·e"),
)

PATH_STEPS = _table(
    ("immerger", "S'immerger"),
    ("explorer", "Explorer"),
    ("tester", "Tester"),
    ("ouvrir", "S'ouvrir vers l'extérieur"),
)

CONSENT_KINDS = _table(
    ("donnees", "Traitement des données personnelles"),
    ("image", "Droit à l'image"),
)

PARTNER_KINDS = _table(
    ("mission_locale", "Mission locale"),
    ("france_travail", "France Travail"),
    ("centre_social", "Centre social"),
    ("association", "Association"),
    ("bailleur", "Bailleur social"),
    ("collectivite", "Collectivité"),
    ("bouche_a_oreille", "Bouche-à-oreille"),
    ("autre", "Autre"),
)


# The network's activity categories (collecteur v1, activity.csv).
ACTIVITY_CATEGORIES = _table(
    ("traiteur", "Traiteur"),
    ("jardinage", "Jardinage"),
    ("conciergerie", "Conciergerie"),
    ("couture", "Couture"),
    ("upcycling", "Upcycling"),
    ("friperie", "Friperie"),
    ("reparation_velo", "Réparation de vélos"),
    ("numerique", "Aide numérique"),
    ("animation", "Animation"),
    ("autre", "Autre"),
)


def label(table: Mapping[str, str], code: str | None) -> str:
    """The French label of a code, or an empty string when there is none."""
    if code is None:
        return ""
    return table.get(code, code)
