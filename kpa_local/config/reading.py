"""Reading config/kpa.toml into typed settings: every problem refused at once, each naming its key and line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpa_local.config.accounting import AccountingSettings
from kpa_local.config.keys import Key, Section
from kpa_local.config.kinds import Wrong
from kpa_local.config.places import line_of, nearest, where
from kpa_local.config.sections import (
    BY_NAME,
    NETWORK_QUASI_IDENTIFIERS,
    NETWORK_SENSITIVE,
    SECTIONS,
    BillingSettings,
    ExportSettings,
    Settings,
)
from kpa_local.domain.errors import KpaError
from kpa_local.domain.numbering import check_number_format
from kpa_local.toml_files import TomlRefused, parse_toml


class ConfigError(KpaError):
    """Settings that cannot be used, each problem naming its key, file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Renamed:
    """A key written under the name it had before."""

    section: str
    old: str
    new: str


@dataclass
class _Reading:
    """One reading of the file: the text, its path, and what was found wrong or old in it."""

    text: str
    path: Path
    problems: list[str]
    renamed: list[Renamed]
    missing: list[str]  # sections an older file lacks, which take their defaults

    def refuse(self, section: str, key: str | None, sentence: str) -> None:
        self.problems.append(f"{where(self.path, self.text, section, key)} {sentence}")


def _problem_of(key: Key, raw: Any) -> tuple[Any, str | None]:
    """The value of one key and None, or None and what is wrong (the end of a sentence, without its full stop)."""
    if not key.kind.accepts(raw):
        return None, f"doit être {key.kind.written_as}"
    if isinstance(raw, str) and not raw.strip() and key.required:
        return None, "est obligatoire"
    try:
        return key.kind.read(raw), None
    except Wrong as wrong:
        return None, wrong.text


def check_value(section: str, name: str, raw: Any) -> str | None:
    """What is wrong with one value of a key, as the end of a French sentence, or None."""
    return _problem_of(BY_NAME[section].key(name), raw)[1]


def _read_section(reading: _Reading, section: Section, table: Mapping[str, Any]) -> Any:
    values: dict[str, Any] = {}
    complete = True
    renamed = {new: old for old, new in section.renamed().items()}
    for name, key, default in section.entries():
        written = name
        if name not in table and renamed.get(name) in table:
            written = renamed[name]
            reading.renamed.append(Renamed(section.name, written, name))
        if written not in table:
            if section.required and not key.later:
                reading.refuse(section.name, name, "manque : ajoutez-la (voir le modèle config/kpa.toml).")
                complete = False
            else:
                values[name] = default
            continue
        value, wrong = _problem_of(key, table[written])
        if wrong:
            reading.refuse(section.name, written, f"{wrong}.")
            complete = False
        else:
            values[name] = value
    return section.kind(**values) if complete else None


def _unknown_names(reading: _Reading, data: Mapping[str, Any]) -> None:
    """A section or key the app does not know: refused, so that a misspelt setting never silently does nothing."""
    for name, table in data.items():
        section = BY_NAME.get(name)
        if section is None:
            line = line_of(reading.text, name)
            place = f"{reading.path}, ligne {line}" if line else str(reading.path)
            reading.problems.append(f"{place} : la section [{name}] n'existe pas{nearest(name, list(BY_NAME))} ; "
                                    "corrigez son nom ou retirez-la.")  # fmt: skip
            continue
        if not isinstance(table, Mapping):
            continue
        known = section.names()
        old_names = section.renamed()
        for key in table:
            if key in old_names and old_names[key] in table:
                reading.refuse(
                    name, key, f"est l'ancien nom de « {old_names[key]} », écrite aussi : retirez cette ligne."
                )
            elif key not in known and key not in old_names:
                reading.refuse(name, key, f"n'existe pas{nearest(key, known)} ; corrigez son nom ou retirez la ligne.")


def _format_with_prefixes(reading: _Reading, billing: BillingSettings) -> None:
    """The number format checked with each of the KPA's own prefixes: a pair that would refuse a number, refused now."""
    for prefix in dict.fromkeys((billing.invoice_prefix, billing.credit_note_prefix, billing.quote_prefix)):
        wrong = check_number_format(billing.number_format, prefix)
        if wrong:
            reading.refuse("billing", "number_format", f"{wrong}, avec le préfixe « {prefix} ».")
            return


def _privacy_floor(reading: _Reading, export: ExportSettings) -> None:
    """The bundle is never less private than the network's rule: its quasi-identifiers and sensitive columns stay."""
    for name, kept, floor in (
        ("quasi_identifiers", export.quasi_identifiers, NETWORK_QUASI_IDENTIFIERS),
        ("sensitive", export.sensitive, NETWORK_SENSITIVE),
    ):
        left_out = [column for column in floor if column not in kept]
        if left_out:
            reading.refuse(
                "export",
                name,
                f"doit garder {', '.join(floor)} (la règle du réseau) ; il y manque {', '.join(left_out)}. "
                "Vous pouvez en ajouter, pas en retirer.",
            )


def _distinct_journals(reading: _Reading, accounting: AccountingSettings) -> None:
    """The sales, bank and cash journals are three journals: one code given twice would mix them."""
    seen: dict[str, str] = {}
    for name in ("sales_journal", "bank_journal", "cash_journal"):
        code = getattr(accounting, name)
        if code in seen:
            reading.refuse(
                "accounting", name, f"reprend le code « {code} » de « {seen[code]} » : donnez à chaque journal le sien."
            )
        seen.setdefault(code, name)


def _notes(reading: _Reading) -> tuple[str, ...]:
    notes = [
        f"{where(reading.path, reading.text, item.section, item.old)} s'appelle maintenant « {item.new} »."
        for item in reading.renamed
    ]
    notes += [
        f"{reading.path} : la section [{name}] manque ; ses valeurs par défaut s'appliquent."
        for name in reading.missing
    ]
    return tuple(notes)


def parse_settings(text: str, path: Path) -> Settings:
    """Read and check settings, or raise one ConfigError listing every problem."""
    return parse_with_reading(text, path)[0]


def parse_with_reading(text: str, path: Path) -> tuple[Settings, _Reading]:
    """The settings, and what their reading found old in the file (keys renamed, sections missing)."""
    try:
        data = parse_toml(text, path)
    except TomlRefused as refused:
        raise ConfigError([refused.message]) from None
    reading = _Reading(text, path, [], [], [])
    _unknown_names(reading, data)
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        table = data.get(section.name)
        if table is None and not section.required:
            reading.missing.append(section.name)
            table = {}
        if not isinstance(table, Mapping):
            reading.problems.append(f"{path} : la section [{section.name}] manque ; recopiez-la depuis le modèle.")
            continue
        value = _read_section(reading, section, table)
        if value is not None:
            sections[section.name] = value
    if isinstance(sections.get("billing"), BillingSettings):
        _format_with_prefixes(reading, sections["billing"])
    if isinstance(sections.get("export"), ExportSettings):
        _privacy_floor(reading, sections["export"])
    if isinstance(sections.get("accounting"), AccountingSettings):
        _distinct_journals(reading, sections["accounting"])
    if reading.problems:
        raise ConfigError(reading.problems)
    return Settings(**sections, notes=_notes(reading)), reading


def missing_settings(path: Path) -> ConfigError:
    """The refusal when a workspace has no settings file."""
    return ConfigError([f"{path} : le fichier de paramètres n'existe pas. Créez le poste avec « kpa init »."])
