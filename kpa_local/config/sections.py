"""Every section of config/kpa.toml, each key declared once: its type, default, check, label and place on screen."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from kpa_local.config import checks
from kpa_local.config.accounting import AccountingSettings
from kpa_local.config.interviews import InterviewSettings
from kpa_local.config.keys import Section, setting
from kpa_local.config.kinds import Choice, Flag, Text, Whole, Words
from kpa_local.config.sharing import SharingSettings
from kpa_local.domain.billing import OPERATION_KINDS, PAYMENT_METHODS
from kpa_local.domain.numbering import DEFAULT_FORMAT

POSTAL = Text(checks.postal_code)


def _identifier(kind: str, called: str, compact: Callable[[str], str], label: str, example: str) -> Any:
    """A SIREN, SIRET, VAT number, IBAN or BIC on Paramètres: checked by python-stdnum, saved without spaces."""
    return setting("", Text(checks.identifier(kind, called), compact), label, screen=True, example=example)


@dataclass(frozen=True)
class KpaIdentity:
    """The KPA as the network and its clients know it."""

    TITLE: ClassVar[str] = "La KPA"

    name: str = setting("", Text(), "Nom de la KPA", screen=True, required=True)
    code: str = setting(
        "", Text(checks.code), "Code dans le réseau", screen=True, example="roubaix-manau", required=True
    )
    address: str = setting("", Text(), "Adresse du local", screen=True)
    postal_code: str = setting("", POSTAL, "Code postal", screen=True, example="59100")
    city: str = setting("", Text(), "Ville", screen=True)
    email: str = setting("", Text(checks.email), "E-mail", screen=True)
    phone: str = setting("", Text(), "Téléphone", screen=True)
    # The person to call about a document, printed on reminder letters.
    contact: str = setting(
        "", Text(), "Personne à appeler (imprimée sur les relances)", screen=True, example="Camille Martin", later=True
    )


@dataclass(frozen=True)
class PortageIdentity:
    """The structure de portage (CAE), the legal seller on every document."""

    TITLE: ClassVar[str] = "La structure de portage (vendeur légal sur les devis et factures)"

    name: str = setting("", Text(), "Nom de la structure de portage (CAE)", screen=True)
    legal_form: str = setting(
        "", Text(), "Forme juridique et capital", screen=True, example="SCOP SA à capital variable"
    )
    address: str = setting("", Text(), "Adresse du siège", screen=True)
    postal_code: str = setting("", POSTAL, "Code postal", screen=True)
    city: str = setting("", Text(), "Ville", screen=True)
    siren: str = _identifier("siren", "numéro SIREN", checks.compact_siren, "SIREN (9 chiffres)", "123 456 789")
    siret: str = _identifier(
        "siret", "numéro SIRET", checks.compact_siret, "SIRET du siège (14 chiffres)", "123 456 789 00012"
    )
    rcs: str = setting("", Text(), "Immatriculation RCS", screen=True, example="RCS Lille Métropole 123 456 789")
    vat_number: str = _identifier(
        "tva",
        "numéro de TVA intracommunautaire français",
        checks.compact_vat,
        "N° de TVA intracommunautaire",
        "FR40123456789",
    )


@dataclass(frozen=True)
class DatabaseSettings:
    """Where the data lives: empty means the SQLite file of the workspace (checked with the workspace)."""

    TITLE: ClassVar[str] = "La base de données"

    url: str = setting("", Text(), "Adresse de la base")


@dataclass(frozen=True)
class MembersSettings:
    """Rules of the members' contracts."""

    TITLE: ClassVar[str] = "Les contrats"

    cape_max_months: int = setting(36, Whole(12, 120, "mois"), "Durée la plus longue d'un CAPE (mois)")
    contract_alert_days: int = setting(60, Whole(1, 365, "jours"), "Prévenir avant la fin d'un contrat (jours)")


@dataclass(frozen=True)
class BillingSettings:
    """How quotes and invoices are numbered, and the terms printed on them."""

    TITLE: ClassVar[str] = "Facturation (le reste se règle dans config/kpa.toml, où tout est expliqué)"

    quote_prefix: str = setting("D", Text(checks.prefix), "Préfixe des devis", required=True)
    invoice_prefix: str = setting("FA", Text(checks.prefix), "Préfixe des factures", required=True)
    credit_note_prefix: str = setting("AV", Text(checks.prefix), "Préfixe des avoirs", required=True)
    number_format: str = setting(DEFAULT_FORMAT, Text(checks.number_format), "Format des numéros", required=True)
    iban: str = _identifier(
        "iban", "IBAN", checks.compact_bank, "IBAN de la CAE (pour les virements)", "FR76 3000 6000 0112 3456 7890 189"
    )
    bic: str = _identifier("bic", "code BIC", checks.compact_bank, "BIC", "AGRIFRPP")
    payment_methods: tuple[str, ...] = setting(
        ("virement", "cheque"),
        Words(PAYMENT_METHODS, what="moyens de paiement"),
        "Moyens de paiement acceptés",
        screen=True,
        example="virement, chèque, espèces, carte",
    )
    payment_days: int = setting(
        30,
        Whole(0, 60, "jours", " (la loi interdit plus de 60 jours)"),
        "Délai de paiement des factures (jours, 60 au plus)",
        screen=True,
        example="30",
    )
    quote_validity_days: int = setting(
        30, Whole(1, 365, "jours"), "Validité des devis (jours)", screen=True, example="30"
    )
    late_penalty: str = setting(
        "En cas de retard de paiement, pénalités au taux d'intérêt de la BCE majoré de 10 points, "
        "exigibles dès le lendemain de l'échéance.",
        Text(),
        "Pénalités de retard (mention imprimée)",
        screen=True,
    )
    escompte: str = setting(
        "Pas d'escompte pour paiement anticipé.",
        Text(),
        "Escompte (mention imprimée)",
        screen=True,
        example="Pas d'escompte pour paiement anticipé.",
    )
    operation_kind: str = setting("services", Choice(OPERATION_KINDS), "Nature des opérations")
    vat_on_debits: bool = setting(False, Flag(), "TVA sur les débits")
    franchise: bool = setting(False, Flag(), "Franchise en base de TVA")
    exemption_mention: str = setting("article 261 du CGI", Text(), "Mention d'exonération")
    logo: str = setting("", Text(), "Logo imprimé sur les documents")


@dataclass(frozen=True)
class SecuritySettings:
    """The shared computer: how long it waits before locking the screen."""

    TITLE: ClassVar[str] = "Le poste partagé"

    idle_lock_minutes: int = setting(15, Whole(1, 240, "minutes"), "Verrouiller l'écran après (minutes)")


@dataclass(frozen=True)
class RetentionSettings:
    """How long the personal data of people who left is kept before it is anonymised."""

    TITLE: ClassVar[str] = "La conservation des données"

    anonymise_after_months: int = setting(60, Whole(12, 240, "mois"), "Anonymiser après (mois)")
    automatic: bool = setting(False, Flag(), "Anonymiser sans demander")


# The bundle's privacy as the network's format gives it (spec §3): a KPA may ask for more, never for less.
NETWORK_K = 3
NETWORK_QUASI_IDENTIFIERS = ("gender", "age_band", "departement", "qpv")
NETWORK_SENSITIVE = ("rqth", "international_protection")
QUASI_COLUMNS = (*NETWORK_QUASI_IDENTIFIERS, "single_parent", "education", "planned_duration")
SENSITIVE_COLUMNS = (*NETWORK_SENSITIVE, "single_parent")


@dataclass(frozen=True)
class ExportSettings:
    """The privacy of the quarterly bundle for the network."""

    TITLE: ClassVar[str] = "L'export pour le réseau"

    k: int = setting(NETWORK_K, Whole(NETWORK_K, 20, reason=f" ({NETWORK_K} au moins, la règle du réseau)"), "k")
    quasi_identifiers: tuple[str, ...] = setting(
        NETWORK_QUASI_IDENTIFIERS, Words({name: name for name in QUASI_COLUMNS}, what="colonnes"), "Quasi-identifiants"
    )
    sensitive: tuple[str, ...] = setting(
        NETWORK_SENSITIVE,
        Words({name: name for name in SENSITIVE_COLUMNS}, what="colonnes sensibles"),
        "Colonnes sensibles",
    )


@dataclass(frozen=True)
class Settings:
    """Every setting of a KPA, each read into its type."""

    kpa: KpaIdentity
    portage: PortageIdentity
    database: DatabaseSettings
    members: MembersSettings
    billing: BillingSettings = BillingSettings()
    security: SecuritySettings = SecuritySettings()
    retention: RetentionSettings = RetentionSettings()
    sharing: SharingSettings = dataclasses.field(default_factory=SharingSettings)
    export: ExportSettings = ExportSettings()
    interviews: InterviewSettings = dataclasses.field(default_factory=InterviewSettings)
    accounting: AccountingSettings = dataclasses.field(default_factory=AccountingSettings)
    # What reading the file changed or would change (a key renamed, a section added), for `kpa config check`.
    notes: tuple[str, ...] = ()


# The sections in the order of the file. Those added after the first release may be missing from an
# older file: they are then written into it, from the template, with a note.
SECTIONS = (
    Section("kpa", KpaIdentity, required=True),
    Section("portage", PortageIdentity, required=True),
    Section("database", DatabaseSettings, required=True),
    Section("members", MembersSettings, required=True),
    Section("billing", BillingSettings, required=False),
    Section("security", SecuritySettings, required=False),
    Section("retention", RetentionSettings, required=False),
    Section("sharing", SharingSettings, required=False),
    Section("export", ExportSettings, required=False),
    Section("interviews", InterviewSettings, required=False),
    Section("accounting", AccountingSettings, required=False),
)
BY_NAME = {section.name: section for section in SECTIONS}
