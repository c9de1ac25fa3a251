"""Typed settings read from config/kpa.toml, validated at start, written back with tomlkit."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kpa_local.config_interviews import INTERVIEW_CHECKS, InterviewSettings
from kpa_local.config_sharing import SHARING_CHECKS, SharingSettings
from kpa_local.domain.errors import KpaError
from kpa_local.domain.numbering import DEFAULT_FORMAT, check_number_format
from kpa_local.domain.profile import is_valid_postal_code
from kpa_local.domain.text import fold
from kpa_local.files import FileRefused, read_bounded_text, write_atomically
from kpa_local.toml_files import TomlRefused, parse_toml, parse_toml_document, read_toml_text

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ConfigError(KpaError):
    """Settings that cannot be used, each problem naming its key, file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class KpaIdentity:
    """The KPA as the network and its clients know it."""

    name: str
    code: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    contact: str = ""  # the person to call about a document, printed on reminder letters


@dataclass(frozen=True)
class PortageIdentity:
    """The structure de portage (CAE), the legal seller on every document."""

    name: str = ""
    legal_form: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    siren: str = ""
    siret: str = ""
    rcs: str = ""
    vat_number: str = ""


@dataclass(frozen=True)
class DatabaseSettings:
    """Where the data lives: empty means the SQLite file of the workspace."""

    url: str = ""


@dataclass(frozen=True)
class MembersSettings:
    """Rules of the members' contracts."""

    cape_max_months: int = 36
    contract_alert_days: int = 60


@dataclass(frozen=True)
class BillingSettings:
    """How quotes and invoices are numbered, and the terms printed on them."""

    quote_prefix: str = "D"
    invoice_prefix: str = "FA"
    credit_note_prefix: str = "AV"
    number_format: str = DEFAULT_FORMAT
    payment_days: int = 30
    quote_validity_days: int = 30
    operation_kind: str = "services"
    payment_methods: str = "virement, chèque"
    iban: str = ""
    bic: str = ""
    late_penalty: str = (
        "En cas de retard de paiement, pénalités au taux d'intérêt de la BCE majoré de 10 points, "
        "exigibles dès le lendemain de l'échéance."
    )
    escompte: str = "Pas d'escompte pour paiement anticipé."
    vat_on_debits: bool = False
    franchise: bool = False
    exemption_mention: str = "article 261 du CGI"
    logo: str = ""

    @property
    def payment_method_codes(self) -> tuple[str, ...]:
        """The accepted payment methods, as codes (virement, cheque…)."""
        return tuple(_payment_method(item) or item for item in _items(self.payment_methods))


@dataclass(frozen=True)
class SecuritySettings:
    """The shared computer: how long it waits before locking the screen."""

    idle_lock_minutes: int = 15


@dataclass(frozen=True)
class RetentionSettings:
    """How long the personal data of people who left is kept before it is anonymised."""

    anonymise_after_months: int = 60
    automatic: bool = False


@dataclass(frozen=True)
class ExportSettings:
    """The privacy of the quarterly bundle for the network."""

    k: int = 3
    quasi_identifiers: str = "gender, age_band, departement, qpv"
    sensitive: str = "rqth, international_protection"

    def names(self, text: str) -> tuple[str, ...]:
        """A comma-separated list of column names."""
        return tuple(_items(text))


@dataclass(frozen=True)
class Settings:
    """Every setting of a KPA."""

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


_SECTIONS: Mapping[str, type[Any]] = {
    "kpa": KpaIdentity,
    "portage": PortageIdentity,
    "database": DatabaseSettings,
    "members": MembersSettings,
    "billing": BillingSettings,
    "security": SecuritySettings,
    "retention": RetentionSettings,
    "sharing": SharingSettings,
    "export": ExportSettings,
    "interviews": InterviewSettings,
}

# Sections added after the first release: missing keys take their default value,
# so that a settings file written by an earlier version keeps working.
_DEFAULTED_SECTIONS = {"billing", "security", "retention", "sharing", "export", "interviews"}
# Keys added later to a section that was there from the start: missing, they take their default value too.
_DEFAULTED_KEYS = {("kpa", "contact")}

# Keys that must hold a value (others may be left empty).
_REQUIRED = {("kpa", "name"), ("kpa", "code")}


def _check_code(value: Any) -> str | None:
    if _CODE.match(value):
        return None
    return "doit être en lettres minuscules sans accent, chiffres et tirets (par exemple roubaix-manau)"


def _identifier_problem(kind: str, value: Any, called: str) -> str | None:
    """None for a valid identifier; else « n'est pas un … valable : » and the check that failed."""
    from kpa_local.identifiers import IdentifierError, check_identifier

    try:
        check_identifier(kind, str(value))
    except IdentifierError as error:
        return f"n'est pas un {called} valable : {error.reason}"
    return None


def _check_siren(value: Any) -> str | None:
    return _identifier_problem("siren", value, "numéro SIREN")


def _check_siret(value: Any) -> str | None:
    return _identifier_problem("siret", value, "numéro SIRET")


def _check_vat(value: Any) -> str | None:
    return _identifier_problem("tva", value, "numéro de TVA intracommunautaire français")


def _check_postal_code(value: Any) -> str | None:
    return None if is_valid_postal_code(value) else "n'est pas un code postal français (5 chiffres)"


def _check_email(value: Any) -> str | None:
    return None if _EMAIL.match(value) else "n'est pas une adresse e-mail"


def _check_months(value: Any) -> str | None:
    return None if 12 <= value <= 120 else "doit être un nombre de mois entre 12 et 120"


def _check_days(value: Any) -> str | None:
    return None if 1 <= value <= 365 else "doit être un nombre de jours entre 1 et 365"


def _check_payment_days(value: Any) -> str | None:
    return None if 0 <= value <= 60 else "doit être un nombre de jours entre 0 et 60 (la loi interdit plus de 60 jours)"


def _check_prefix(value: Any) -> str | None:
    return None if re.match(r"^[A-Za-z0-9]{1,8}$", value) else "doit faire 1 à 8 lettres ou chiffres, sans espace"


def _check_number_format(value: Any) -> str | None:
    return check_number_format(value, "FA")


def _check_operation_kind(value: Any) -> str | None:
    return None if value in OPERATION_KIND_CODES else "doit valoir services, goods ou both"


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


_PAYMENT_METHOD_WORDS = {"virement": "virement", "cheque": "cheque", "especes": "especes", "carte": "carte"}


def _payment_method(word: str) -> str | None:
    return _PAYMENT_METHOD_WORDS.get(fold(word).split(" ")[0])


def _check_payment_methods(value: Any) -> str | None:
    items = _items(value)
    if not items or any(_payment_method(item) is None for item in items):
        return "doit lister des moyens de paiement parmi virement, chèque, espèces et carte, séparés par des virgules"
    return None


def _check_iban(value: Any) -> str | None:
    return _identifier_problem("iban", value, "IBAN")


def _check_bic(value: Any) -> str | None:
    return _identifier_problem("bic", value, "code BIC")


OPERATION_KIND_CODES = ("services", "goods", "both")


def _check_idle_minutes(value: Any) -> str | None:
    return None if 1 <= value <= 240 else "doit être un nombre de minutes entre 1 et 240"


_QUASI_COLUMNS = ("gender", "age_band", "departement", "qpv", "single_parent", "education", "planned_duration")
_SENSITIVE_COLUMNS = ("rqth", "international_protection", "single_parent")


def _check_k(value: Any) -> str | None:
    return None if 2 <= value <= 20 else "doit être un nombre entre 2 et 20"


def _check_columns(value: Any, allowed: tuple[str, ...], what: str) -> str | None:
    items = _items(value)
    if not items or any(item not in allowed for item in items):
        return f"doit lister des {what} parmi {', '.join(allowed)}, séparés par des virgules"
    return None


def _check_quasi(value: Any) -> str | None:
    return _check_columns(value, _QUASI_COLUMNS, "colonnes")


def _check_sensitive(value: Any) -> str | None:
    return _check_columns(value, _SENSITIVE_COLUMNS, "colonnes sensibles")


def _check_retention_months(value: Any) -> str | None:
    return None if 12 <= value <= 240 else "doit être un nombre de mois entre 12 et 240"


_CHECKS: Mapping[tuple[str, str], Callable[[Any], str | None]] = {
    ("kpa", "code"): _check_code,
    ("kpa", "postal_code"): _check_postal_code,
    ("kpa", "email"): _check_email,
    ("portage", "postal_code"): _check_postal_code,
    ("portage", "siren"): _check_siren,
    ("portage", "siret"): _check_siret,
    ("portage", "vat_number"): _check_vat,
    ("members", "cape_max_months"): _check_months,
    ("members", "contract_alert_days"): _check_days,
    ("billing", "quote_prefix"): _check_prefix,
    ("billing", "invoice_prefix"): _check_prefix,
    ("billing", "credit_note_prefix"): _check_prefix,
    ("billing", "number_format"): _check_number_format,
    ("billing", "payment_days"): _check_payment_days,
    ("billing", "quote_validity_days"): _check_days,
    ("billing", "operation_kind"): _check_operation_kind,
    ("billing", "payment_methods"): _check_payment_methods,
    ("billing", "iban"): _check_iban,
    ("billing", "bic"): _check_bic,
    ("security", "idle_lock_minutes"): _check_idle_minutes,
    ("retention", "anonymise_after_months"): _check_retention_months,
    **{("sharing", key): check for key, check in SHARING_CHECKS.items()},
    ("export", "k"): _check_k,
    ("export", "quasi_identifiers"): _check_quasi,
    ("export", "sensitive"): _check_sensitive,
    **{("interviews", key): check for key, check in INTERVIEW_CHECKS.items()},
}


def check_value(section: str, key: str, value: Any) -> str | None:
    """What is wrong with one value, as the end of a French sentence, or None."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return "est obligatoire" if (section, key) in _REQUIRED else None
    check = _CHECKS.get((section, key))
    return check(value) if check else None


def normalise_identifier(section: str, key: str, value: str) -> str:
    """SIREN, SIRET and VAT numbers written without spaces, the VAT number with its « FR » (as invoices need it)."""
    from stdnum.fr import siren as stdnum_siren
    from stdnum.fr import siret as stdnum_siret
    from stdnum.fr import tva as stdnum_tva

    compactors: Mapping[tuple[str, str], Callable[[str], str]] = {
        ("portage", "siren"): stdnum_siren.compact,
        ("portage", "siret"): stdnum_siret.compact,
        ("portage", "vat_number"): lambda text: f"FR{stdnum_tva.compact(text)}",
        ("billing", "iban"): lambda text: text.replace(" ", "").upper(),
        ("billing", "bic"): lambda text: text.replace(" ", "").upper(),
    }
    compact = compactors.get((section, key))
    return compact(value) if compact and value.strip() else value.strip()


def line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line (from 1) where a key of a [section] is written, or the section itself."""
    current = ""
    section_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[([^\[\]]+)\]", stripped)
        if header:
            current = header.group(1).strip()
            if current == section:
                section_line = number
            continue
        if current == section and key and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return section_line


def key_place(path: Path, section: str, key: str) -> str:
    """Where a key of the settings file is written, to start a sentence (« …, ligne 40 : la clé « database.url » »)."""
    try:
        text = read_bounded_text(path)
    except (FileRefused, UnicodeDecodeError):
        text = ""
    return _where(path, text, section, key)


def _where(path: Path, text: str, section: str, key: str | None) -> str:
    line = line_of(text, section, key)
    name = f"{section}.{key}" if key else f"[{section}]"
    place = f"{path}, ligne {line}" if line else f"{path}"
    return f"{place} : la clé « {name} »"


_TYPES: Mapping[str, type[Any]] = {"int": int, "str": str, "bool": bool}
_TYPE_NAMES: Mapping[type[Any], str] = {
    int: "un nombre entier",
    str: "un texte entre guillemets",
    bool: "true (oui) ou false (non), sans guillemets",
}


def parse_settings(text: str, path: Path) -> Settings:
    """Read and validate settings, or raise one ConfigError listing every problem."""
    try:
        data = parse_toml(text, path)
    except TomlRefused as refused:
        raise ConfigError([refused.message]) from None
    problems: list[str] = _unknown_names(data, text, path)
    sections: dict[str, Any] = {}
    for section, kind in _SECTIONS.items():
        table = data.get(section)
        defaulted = section in _DEFAULTED_SECTIONS
        if table is None and defaulted:
            table = {}
        if not isinstance(table, dict):
            problems.append(f"{path} : la section [{section}] manque ; recopiez-la depuis le modèle.")
            continue
        values: dict[str, Any] = {}
        for field in fields(kind):
            expected = _TYPES[str(field.type)]
            if field.name not in table and (defaulted or (section, field.name) in _DEFAULTED_KEYS):
                values[field.name] = field.default
                continue
            if field.name not in table:
                problems.append(
                    f"{_where(path, text, section, field.name)} manque : ajoutez-la (voir le modèle config/kpa.toml)."
                )
                continue
            value = table[field.name]
            if type(value) is not expected:
                kind_name = _TYPE_NAMES[expected]
                problems.append(f"{_where(path, text, section, field.name)} doit être {kind_name}.")
                continue
            wrong = check_value(section, field.name, value)
            if wrong:
                problems.append(f"{_where(path, text, section, field.name)} {wrong}.")
                continue
            values[field.name] = value.strip() if isinstance(value, str) else value
        if len(values) == len(fields(kind)):
            sections[section] = kind(**values)
    billing = sections.get("billing")
    if isinstance(billing, BillingSettings):
        problems += _format_with_prefixes(billing, text, path)
    if problems:
        raise ConfigError(problems)
    return Settings(**sections)


def _format_with_prefixes(billing: BillingSettings, text: str, path: Path) -> list[str]:
    """The number format checked with each of the KPA's own prefixes: a pair that would refuse a number, refused now."""
    for prefix in dict.fromkeys((billing.invoice_prefix, billing.credit_note_prefix, billing.quote_prefix)):
        wrong = check_number_format(billing.number_format, prefix)
        if wrong:
            return [f"{_where(path, text, 'billing', 'number_format')} {wrong}, avec le préfixe « {prefix} »."]
    return []


def _unknown_names(data: Mapping[str, Any], text: str, path: Path) -> list[str]:
    """A section or key the app does not know: refused, so that a misspelt setting never silently does nothing."""
    problems = []
    for section, table in data.items():
        kind = _SECTIONS.get(section)
        if kind is None:
            place = f"{path}, ligne {line_of(text, section)}" if line_of(text, section) else str(path)
            problems.append(f"{place} : la section [{section}] n'existe pas{_nearest(section, list(_SECTIONS))} ; "
                            "corrigez son nom ou retirez-la.")  # fmt: skip
            continue
        if not isinstance(table, Mapping):
            continue
        known = [field.name for field in fields(kind)]
        for key in table:
            if key not in known:
                problems.append(f"{_where(path, text, section, key)} n'existe pas{_nearest(key, known)} ; "
                                "corrigez son nom ou retirez la ligne.")  # fmt: skip
    return problems


def _nearest(name: str, known: list[str]) -> str:
    """« (vouliez-vous dire idle_lock_minutes ?) » for a name close to a known one, or nothing."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (vouliez-vous dire {close[0]} ?)" if close else ""


def load_settings(path: Path) -> Settings:
    """Read the settings file of a workspace."""
    if not path.exists():
        raise missing_settings(path)
    try:
        text = read_toml_text(path)
    except (FileRefused, TomlRefused) as refused:
        raise ConfigError([refused.message]) from None
    return parse_settings(text, path)


def missing_settings(path: Path) -> ConfigError:
    """The refusal when a workspace has no settings file."""
    return ConfigError([f"{path} : le fichier de paramètres n'existe pas. Créez le poste avec « kpa init »."])


def save_sections(path: Path, changes: Mapping[str, Mapping[str, Any]]) -> Settings:
    """Change keys of some sections at once, keeping comments and layout; refuse invalid values."""
    import tomlkit

    try:
        document = parse_toml_document(read_toml_text(path), path)
    except (FileRefused, TomlRefused) as refused:
        raise ConfigError([refused.message]) from None
    for section, values in changes.items():
        table = document.get(section)
        if table is None:
            table = tomlkit.table()
            document[section] = table
        for key, value in values.items():
            table[key] = value
    new_text = tomlkit.dumps(document)
    settings = parse_settings(new_text, path)
    write_atomically(path, new_text)
    return settings


def template_text() -> str:
    """The commented template of a KPA's settings, from the installed package or the checkout."""
    packaged = Path(__file__).resolve().parent / "resources" / "kpa.toml"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parent.parent / "config" / "kpa.toml"
    return checkout.read_text(encoding="utf-8")
