"""Members from a spreadsheet: columns recognised by their headers, values read as people write them.

The recognised headers are documented in docs/import-membres.md; keep both in step.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kpa_local.domain import codes
from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.domain.members import FIELD_LABELS, MemberDraft, read_member_form
from kpa_local.domain.text import fold
from kpa_local.exchange.spreadsheet import header_key, read_sheet
from kpa_local.exchange.workbook_files import CSV, kind_named

# Folded header → field. Headers are folded (lower case, no accents, single spaces) and
# stripped of punctuation before lookup, so "NOM", "Nom :" and "nom" all match.
HEADER_VARIANTS: Mapping[str, tuple[str, ...]] = {
    "last_name": ("nom", "nom de famille", "nom famille", "nom d usage", "nom de naissance"),
    "first_name": ("prenom", "prenoms", "prenom usuel"),
    "birth_date": ("date de naissance", "date naissance", "ne e le", "ne le", "nee le", "naissance", "ddn"),
    "gender": ("genre", "sexe", "civilite", "femme homme"),
    "email": ("email", "e mail", "mail", "courriel", "adresse mail", "adresse e mail", "adresse email"),
    "phone": ("telephone", "tel", "portable", "mobile", "numero de telephone", "tel portable"),
    "address": ("adresse", "adresse postale", "rue"),
    "postal_code": ("code postal", "cp", "code postal de residence"),
    "city": ("ville", "commune", "ville de residence"),
    "qpv": ("qpv", "quartier prioritaire", "habite en qpv", "quartier politique de la ville"),
    "single_parent": ("parent isole", "famille monoparentale", "monoparental"),
    "international_protection": ("protection internationale", "refugie", "bpi"),
    "rqth": ("rqth", "travailleur handicape", "handicap"),
    "education": ("niveau de formation", "niveau d etudes", "niveau", "diplome", "niveau scolaire"),
    "ft_registered_at_entry": (
        "inscrit france travail", "inscrit e france travail", "inscription france travail",
        "france travail", "pole emploi", "inscrit pole emploi", "inscrit e pole emploi", "inscrit ft",
    ),
    "ft_registered_since": (
        "inscrit depuis", "inscrit e depuis", "date inscription france travail",
        "date d inscription france travail", "date inscription pole emploi", "inscription depuis",
    ),
    "ft_registered_during": ("inscrit pendant le parcours", "inscription pendant le parcours"),
    "partner": ("orienteur", "oriente par", "oriente e par", "partenaire", "prescripteur", "orientation"),
    "entry_date": ("date d entree", "date entree", "entree", "date d arrivee", "arrivee", "entree kpa"),
    "planned_duration": ("duree prevue", "duree prevue du parcours", "duree du parcours"),
    "exit_date": ("date de sortie", "date sortie", "sortie"),
    "exit_situation": ("situation de sortie", "situation a la sortie", "situation sortie"),
    "role": ("role", "statut", "role dans la kpa"),
    "contract": ("contrat", "type de contrat"),
    "contract_start": ("debut contrat", "date debut contrat", "debut du contrat", "date de debut du contrat"),
    "notes": ("notes", "commentaire", "commentaires", "remarques", "observations"),
}  # fmt: skip

REQUIRED_COLUMNS = ("last_name", "first_name", "entry_date")

EXTRA_LABELS = {
    "partner": "Partenaire qui a orienté la personne",
    "role": "Rôle",
    "contract": "Contrat",
    "contract_start": "Début du contrat",
}


def column_label(field: str) -> str:
    """The French name of an import column."""
    return EXTRA_LABELS.get(field) or FIELD_LABELS.get(field, field)


_LOOKUP = {variant: field for field, variants in HEADER_VARIANTS.items() for variant in variants}


def recognise(header: tuple[str, ...]) -> tuple[dict[int, str], list[str]]:
    """Which field each column holds, and the headers left unrecognised."""
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        field = _LOOKUP.get(header_key(title))
        if field and field not in columns.values():
            columns[index] = field
        elif title.strip():
            ignored.append(title.strip())
    return columns, ignored


# --- values as people type them ------------------------------------------------------------------

_YES = {"oui", "o", "x", "yes", "y", "1", "vrai", "true"}
_NO = {"non", "n", "no", "0", "faux", "false"}
_GENDERS = {
    "f": "femme", "femme": "femme", "mme": "femme", "madame": "femme", "mlle": "femme",
    "h": "homme", "m": "homme", "homme": "homme", "monsieur": "homme", "mr": "homme",
    "autre": "autre", "non binaire": "autre",
}  # fmt: skip
_EDUCATION = (
    (r"bac ?\+ ?[5-8]|master|doctorat|ingenieur", "bac5"),
    (r"bac ?\+ ?[2-4]|bts|dut|but|licence|deug", "bac2_4"),
    (r"cap|bep", "cap_bep"),
    (r"bac|baccalaureat", "bac"),
    (r"infra|sans diplome|aucun|brevet|college|cfg|niveau (v|vi)\b", "infra_cap"),
)
_PLANNED = (
    (r"^1\s*an$|^un an$", "1y"),
    (r"^2\s*ans$|^deux ans$", "2y"),
    (r"^(3|4|5)\s*ans$|plus de (2|deux) ans", ">2y"),
    (r"moins d.?un an", "<1y"),
    (r"entre|1 a 2 ans|1-2", "1-2y"),
)


def _yes_no(text: str) -> str:
    folded = fold(text).strip(". ")
    if not folded:
        return ""
    if folded in _YES:
        return "oui"
    if folded in _NO:
        return "non"
    return codes.UNKNOWN if folded in ("inconnu", "nsp", "ne sait pas", "?") else text


def _coded(table: Mapping[str, str], text: str) -> str:
    """A code given as the code itself or as its French label."""
    folded = fold(text)
    if not folded:
        return ""
    for code, label in table.items():
        if folded in (fold(code), fold(label)):
            return code
    return text


def _coded_or_matched(table: Mapping[str, str], patterns: tuple[tuple[str, str], ...], text: str) -> str:
    """A code given as itself, as its label, or by the first pattern its folded text matches."""
    coded = _coded(table, text)
    if not coded or coded in table:
        return coded
    folded = fold(text)
    for pattern, code in patterns:
        if re.search(pattern, folded):
            return code
    return text


def _education(text: str) -> str:
    return _coded_or_matched(codes.EDUCATION_LEVELS, _EDUCATION, text)


def _months_to_duration(count: int) -> str:
    if count < 12:
        return "<1y"
    if count == 12:
        return "1y"
    if count < 24:
        return "1-2y"
    return "2y" if count == 24 else ">2y"


def _planned(text: str) -> str:
    months = re.match(r"^(\d+)\s*mois$", fold(text))
    if months:
        return _months_to_duration(int(months.group(1)))
    return _coded_or_matched(codes.PLANNED_DURATIONS, _PLANNED, text)


def _postal_code(text: str) -> str:
    """`02100` for `2100`: a postal code of the Aisne or the Ain kept as a number has lost its first zero."""
    return f"0{text}" if re.fullmatch(r"\d{4}", text) else text


def _phone(text: str) -> str:
    """`0612345678` for `612345678`: a French number kept as a number has lost its first zero."""
    return f"0{text}" if re.fullmatch(r"[1-9]\d{8}", text) else text


_CLEANERS: Mapping[str, Callable[[str], str]] = {
    "postal_code": _postal_code,
    "phone": _phone,
    "gender": lambda text: _GENDERS.get(fold(text).strip(". "), text),
    "qpv": _yes_no,
    "single_parent": _yes_no,
    "international_protection": _yes_no,
    "rqth": _yes_no,
    "ft_registered_at_entry": _yes_no,
    "ft_registered_during": _yes_no,
    "education": _education,
    "planned_duration": _planned,
    "exit_situation": lambda text: _coded(codes.EXIT_SITUATIONS, text),
    "role": lambda text: _role(text),
    "contract": lambda text: _contract(text),
}


def _role(text: str) -> str:
    folded = fold(text)
    for stem, code in (("benevol", "benevole"), ("cooper", "cooperant"), ("contribut", "contributeur"),
                       ("ambassad", "ambassadeur")):  # fmt: skip
        if folded.startswith(stem):
            return code
    return text


def _contract(text: str) -> str:
    folded = fold(text)
    for stem, code in (
        ("cape", "cape"),
        ("cesa", "cesa"),
        ("volontari", "volontariat"),
        ("benevol", "benevole"),
    ):
        if folded.startswith(stem):
            return code
    return text


def partner_kind(name: str) -> str:
    """Guess the kind of a partner from its name."""
    folded = fold(name)
    for stem, kind in (("mission locale", "mission_locale"), ("france travail", "france_travail"),
                       ("pole emploi", "france_travail"), ("centre social", "centre_social"),
                       ("asso", "association"), ("mairie", "collectivite"), ("ville de", "collectivite"),
                       ("bouche", "bouche_a_oreille")):  # fmt: skip
        if stem in folded:
            return kind
    return "autre"


@dataclass(frozen=True)
class ImportedRow:
    """One spreadsheet row read: the draft if it is valid, else the problems."""

    line: int
    name: str
    draft: MemberDraft | None
    partner_name: str
    role: str
    contract: str
    contract_start: date | None
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ImportedFile:
    """A whole spreadsheet read and checked, before anything is saved."""

    rows: tuple[ImportedRow, ...]
    columns: dict[str, str]
    ignored: tuple[str, ...]
    encoding: str
    sheet_name: str = ""
    sheet_names: tuple[str, ...] = ()


def read_members_file(path: Path, *, today: date, sheet_name: str | None = None) -> ImportedFile:
    """Read and check every row of a members spreadsheet (a CSV file, or a workbook's sheet); nothing is saved here."""
    sheet = read_sheet(path, sheet_name)
    columns, ignored = recognise(sheet.header)
    missing = [f for f in REQUIRED_COLUMNS if f not in columns.values()]
    if missing:
        names = ", ".join(f"« {column_label(f)} »" for f in missing)
        where = f"la feuille « {sheet.sheet_name} » de {path.name}" if sheet.sheet_name else path.name
        raise KpaError(
            f"Il manque des colonnes dans {where} : {names}. Ajoutez-les (voir l'exemple "
            "donné par « kpa members import --example exemple.csv »)."
        )
    rows = tuple(_read_row(line, record, columns, today) for line, record in sheet.rows)
    return ImportedFile(
        rows=rows,
        columns={sheet.header[i]: column_label(f) for i, f in sorted(columns.items())},
        ignored=tuple(ignored),
        encoding=sheet.encoding,
        sheet_name=sheet.sheet_name,
        sheet_names=sheet.sheet_names,
    )


def _read_row(line: int, record: tuple[str, ...], columns: dict[int, str], today: date) -> ImportedRow:
    values: dict[str, str] = {}
    for index, field in columns.items():
        text = record[index].strip() if index < len(record) else ""
        cleaner = _CLEANERS.get(field)
        values[field] = cleaner(text) if cleaner else text
    name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip() or "(sans nom)"
    problems: list[str] = []
    draft = None
    try:
        draft = read_member_form(values, today=today)
    except Refused as refused:
        problems.extend(problem.message for problem in refused.problems)
    role = values.get("role", "") or "cooperant"
    if role not in codes.ROLES:
        problems.append(f"Le rôle « {role} » n'existe pas : écrivez bénévole, coopérant·e, contributeur·rice…")
    contract = values.get("contract", "")
    if contract and contract not in codes.CONTRACT_KINDS:
        problems.append(f"Le contrat « {contract} » n'existe pas : écrivez CAPE, CESA, volontariat ou bénévole.")
    contract_start = None
    if values.get("contract_start"):
        try:
            contract_start = parse_date(values["contract_start"], today=today)
        except DateError as error:
            problems.append(f"Début du contrat : {error.message}")
    return ImportedRow(
        line=line,
        name=name,
        draft=None if problems else draft,
        partner_name=" ".join(values.get("partner", "").split()),
        role=role,
        contract=contract,
        contract_start=contract_start,
        problems=tuple(problems),
    )


EXAMPLE_ROWS = (
    ("DUPONT", "Hélène", "12/05/1980", "F", "helene.dupont@exemple.fr", "06 12 34 56 78",
     "3 rue de l'Alma", "59100", "Roubaix", "oui", "oui", "non", "non", "CAP", "oui", "01/09/2023",
     "Mission locale de Roubaix", "15/01/2025", "2 ans", "coopérant·e", "CAPE", "01/02/2025", "", "", ""),
    ("Diallo", "Mamadou", "03/11/2001", "H", "", "07 98 76 54 32",
     "", "59200", "Tourcoing", "non", "non", "oui", "non", "bac", "non", "",
     "Centre social de l'Alma", "02/03/2025", "1 an", "bénévole", "", "", "", "", "Vient le mardi"),
    ("Lefebvre", "Julie", "24/02/1995", "F", "julie.l@exemple.fr", "",
     "", "62300", "Lens", "non", "non", "non", "oui", "bac+3", "oui", "10/10/2020",
     "France Travail Lens", "01/06/2024", "1 an", "coopérant·e", "CAPE", "01/06/2024",
     "30/05/2025", "emploi_cdi", ""),
)  # fmt: skip

EXAMPLE_HEADER = (
    "Nom", "Prénom", "Date de naissance", "Sexe", "E-mail", "Téléphone", "Adresse", "Code postal",
    "Ville", "QPV", "Parent isolé", "Protection internationale", "RQTH", "Niveau de formation",
    "Inscrit France Travail", "Inscrit depuis", "Orienté par", "Date d'entrée", "Durée prévue",
    "Rôle", "Contrat", "Début contrat", "Date de sortie", "Situation de sortie", "Commentaire",
)  # fmt: skip


def write_example(path: Path) -> None:
    """An example spreadsheet, as Excel writes CSV in France (semicolons, UTF-8 with BOM)."""
    if kind_named(path) != CSV:
        raise KpaError(
            f"L'exemple s'écrit au format CSV, que le tableur ouvre aussi : donnez-lui un nom qui finit par .csv, "
            f"par exemple {path.stem}.csv."
        )
    if path.exists():
        raise KpaError(f"Le fichier {path} existe déjà : choisissez un autre nom.")
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(EXAMPLE_HEADER)
        writer.writerows(EXAMPLE_ROWS)
