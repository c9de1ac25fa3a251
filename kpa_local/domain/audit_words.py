"""The audit trail in words: each action and each kind of record as a French reader says it.

The trail keeps codes (`person.modification`, `person:1`) so that scripts and the chain's hashes
never depend on a wording; the screens and the command line show these words beside or instead.
tests/services/test_audit_words.py fails when a table or an action written to the trail has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kpa_local.domain.billing import KIND_TITLES
from kpa_local.domain.text import fold


@dataclass(frozen=True)
class RecordKind:
    """A table's rows in words: how one is named (`Personne n° {}`) and what an action on it is about."""

    record: str
    subject: str
    feminine: bool


def _kinds(*rows: tuple[str, str, str, bool]) -> Mapping[str, RecordKind]:
    return MappingProxyType({table: RecordKind(record, subject, feminine) for table, record, subject, feminine in rows})


F, M = True, False

# Every table whose changes the trail records (services.audit.UNAUDITED are not).
TABLES = _kinds(
    ("secret", "Secret « {} »", "Secret des pseudonymes", M),
    ("partner", "Partenaire n° {}", "Partenaire", M),
    ("person", "Personne n° {}", "Fiche d'une personne", F),
    ("role_spell", "Rôle n° {}", "Rôle d'une personne", M),
    ("contract", "Contrat n° {}", "Contrat", M),
    ("path_step", "Étape n° {}", "Étape du parcours", F),
    ("consent", "Consentement n° {}", "Consentement", M),
    ("activity", "Activité n° {}", "Activité", F),
    ("client", "Client n° {}", "Client", M),
    ("catalogue_item", "Prestation n° {}", "Prestation du catalogue", F),
    ("document", "Devis ou facture n° {}", "Devis ou facture", M),
    ("document_line", "Ligne n° {}", "Ligne de devis ou de facture", F),
    ("number_series", "Série « {} »", "Série de numéros", F),
    ("payment", "Paiement n° {}", "Paiement", M),
    ("frozen_content", "Contenu figé n° {}", "Contenu figé d'une facture", M),
    ("platform_status", "Statut de plateforme n° {}", "Statut reçu de la plateforme de la CAE", M),
    ("work_entry", "Heures n° {}", "Saisie d'heures", F),
    ("expense", "Dépense n° {}", "Dépense", F),
    ("sharing", "Répartition n° {}", "Répartition des recettes", F),
    ("sharing_share", "Part n° {}", "Part d'une répartition", F),
    ("sharing_count", "Recette comptée n° {}", "Recette comptée dans une répartition", F),
    ("savings_entry", "Mouvement n° {}", "Mouvement de l'épargne collective", M),
    ("interview", "Entretien n° {}", "Entretien", M),
    ("interview_card", "Carte n° {}", "Carte d'un entretien", F),
    ("interview_passage", "Passage n° {}", "Passage d'un entretien", M),
    ("account", "Compte n° {}", "Compte", M),
    ("account_copy", "Copie des comptes n° {}", "Copie des comptes dans la base", F),
)

# Records named by their own table in the trail (`compte:3`), though they are not a database table.
RECORD_PREFIXES = MappingProxyType({"compte": "Compte n° {}"})

# What services.audit writes after a table's name: `person.ajout`.
OPERATIONS = MappingProxyType({"ajout": ("ajouté", "ajoutée"), "modification": ("modifié", "modifiée"),
                               "suppression": ("supprimé", "supprimée")})  # fmt: skip

# What is written after a kind of document (`facture.emission`), with its two agreements.
DOCUMENT_EVENTS = MappingProxyType(
    {"emission": ("émis", "émise"), "ressaisie": ("ressaisi depuis son PDF", "ressaisie depuis son PDF")}
)
_FEMININE_DOCUMENTS = {"facture", "acompte"}  # « Facture », « Facture d'acompte »

# Every other action, by the name its caller gives it.
NAMED_ACTIONS = MappingProxyType(
    {
        "connexion": "Connexion",
        "connexion.echec": "Connexion manquée (identifiant ou mot de passe faux)",
        "compte.creation": "Compte créé",
        "compte.mot_de_passe": "Mot de passe changé",
        "compte.secours": "Mot de passe remis avec la clé de secours",
        "compte.ouverture": "Compte rouvert",
        "compte.fermeture": "Compte fermé",
        "compte.different": "Compte refusé : il ne correspond pas à celui que la KPA a enregistré",
        "rgpd.acces": "Données d'une personne écrites (droit d'accès)",
        "rgpd.anonymisation": "Fiche anonymisée",
        "sauvegarde": "Sauvegarde faite",
        "restauration": "Sauvegarde restaurée",
        "chiffrement": "Base de données chiffrée",
        "parametres.modification": "Paramètres modifiés",
        "reseau.export": "Envoi au réseau écrit",
        "export.journaux": "Journaux des ventes et des paiements écrits",
        "export.fec": "Écritures comptables écrites (fichier FEC)",
        "export.demande_versement": "Demande de versement à la CAE écrite",
        "export.remise_plateforme": "Factures remises à la plateforme de la CAE",
        "entretien.pdf": "Compte rendu d'entretien écrit en PDF",
        "journal.coupe": "Fin du journal retirée (retour à une sauvegarde)",
        "serie.trou": "Numéro de facture perdu (son PDF manque)",
        "serie.reprise": "Série de numéros reprise",
    }
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _document_action(kind: str, event: str) -> str:
    masculine, feminine = DOCUMENT_EVENTS[event]
    return f"{KIND_TITLES[kind]} {feminine if kind in _FEMININE_DOCUMENTS else masculine}"


def _table_action(table: str, operation: str) -> str:
    kind = TABLES[table]
    masculine, feminine = OPERATIONS[operation]
    return f"{kind.subject} {feminine if kind.feminine else masculine}"


def _every_action() -> Mapping[str, str]:
    words = dict(NAMED_ACTIONS)
    words.update(
        {f"{table}.{operation}": _table_action(table, operation) for table in TABLES for operation in OPERATIONS}
    )
    words.update(
        {f"{kind}.{event}": _document_action(kind, event) for kind in KIND_TITLES for event in DOCUMENT_EVENTS}
    )
    return MappingProxyType(words)


ACTIONS = _every_action()


def action_words(action: str) -> str:
    """`person.modification` → « Fiche d'une personne modifiée »; an action it does not know, as it is."""
    return ACTIONS.get(action, action)


def record_words(record: str) -> str:
    """`person:1` → « Personne n° 1 »; a number, a file name or a sentence, as it is."""
    table, colon, key = record.partition(":")
    template = TABLES[table].record if table in TABLES else RECORD_PREFIXES.get(table)
    if not colon or template is None or not key:
        return record
    return _capital(template.format(key.replace("/", " ")))


def actions_matching(words: str) -> tuple[str, ...]:
    """The actions whose words (or code) hold what was typed: « facture » finds issued invoices and their lines."""
    wanted = fold(words)
    return tuple(code for code, said in ACTIONS.items() if wanted in fold(said) or fold(code).startswith(wanted))
