"""The rules the DGFiP's « Test Compta Demat » applies to the layout of a FEC, written out for the tests.

Read from the tool's own source (github.com/DGFiP/Test-Compta-Demat, trt_entete.pl, trt_txt.pl, the
table of FECBIC.sql) and from article A47 A-1 of the LPF: the 18 names of the header in their order,
as many fields on each line as in the header, the compulsory fields filled, an account that begins
with three digits, dates that exist, amounts without thousands separator, a debit or a credit on each
line (not both, not neither); then the balance of each entry and of each journal, one journal and one
date per entry, numbers continuous in date order, and the dates inside the period.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime

HEADER = [
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
    "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
    "ValidDate", "Montantdevise", "Idevise",
]  # fmt: skip
COMPULSORY = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "PieceRef",
              "PieceDate", "EcritureLib", "Debit", "Credit", "ValidDate")  # fmt: skip
DATES = ("EcritureDate", "PieceDate", "DateLet", "ValidDate")
PAIRS = (("CompAuxNum", "CompAuxLib"), ("EcritureLet", "DateLet"), ("Montantdevise", "Idevise"))
_AMOUNT = re.compile(r"^\d+,\d{2}$")
_NAME = re.compile(r"^(\d{9})FEC(\d{8})\.txt$")


def rows_of(text: str) -> list[dict[str, str]]:
    """The lines of a FEC after its header, each as a field name → value mapping."""
    lines = text.splitlines()
    return [dict(zip(HEADER, line.split("\t"), strict=False)) for line in lines[1:]]


def cents(amount: str) -> int:
    """An amount of the file (`1234,56`) in cents."""
    euros, _, hundredths = amount.partition(",")
    return int(euros) * 100 + int(hundredths or "0")


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date() if re.fullmatch(r"\d{8}", text) else None
    except ValueError:
        return None


def _line_problems(number: int, fields: list[str], start: date, end: date) -> list[str]:
    where = f"ligne {number}"
    if len(fields) != len(HEADER):
        return [f"{where} : {len(fields)} champs au lieu de {len(HEADER)}"]
    row = dict(zip(HEADER, fields, strict=True))
    problems = [f"{where} : {name} vide" for name in COMPULSORY if not row[name].strip()]
    if not re.match(r"^\d{3}", row["CompteNum"]):
        problems.append(f"{where} : le compte {row['CompteNum']!r} ne commence pas par trois chiffres")
    for name in DATES:
        if row[name] and _day(row[name]) is None:
            problems.append(f"{where} : {name} {row[name]!r} n'est pas une date AAAAMMJJ")
    day = _day(row["EcritureDate"])
    if day is not None and not start <= day <= end:
        problems.append(f"{where} : EcritureDate {row['EcritureDate']} hors de la période")
    for name in ("Debit", "Credit"):
        if not _AMOUNT.match(row[name]):
            problems.append(f"{where} : {name} {row[name]!r} n'est pas un montant 1234,56")
    if not problems and (cents(row["Debit"]) == 0) == (cents(row["Credit"]) == 0):
        problems.append(f"{where} : débit et crédit tous deux servis, ou tous deux nuls")
    for first, second in PAIRS:
        if bool(row[first]) != bool(row[second]):
            problems.append(f"{where} : {first} et {second} vont ensemble")
    return problems


def _balance_problems(rows: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    by_entry: dict[str, list[dict[str, str]]] = defaultdict(list)
    by_journal: dict[str, int] = defaultdict(int)
    by_letter: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in rows:
        by_entry[row["EcritureNum"]].append(row)
        amount = cents(row["Debit"]) - cents(row["Credit"])
        by_journal[row["JournalCode"]] += amount
        if row["EcritureLet"]:
            by_letter[(row["CompteNum"], row["CompAuxNum"], row["EcritureLet"])] += amount
    for number, lines in by_entry.items():
        if sum(cents(row["Debit"]) - cents(row["Credit"]) for row in lines):
            problems.append(f"écriture {number} : débit et crédit diffèrent")
        if len({row["JournalCode"] for row in lines}) > 1 or len({row["EcritureDate"] for row in lines}) > 1:
            problems.append(f"écriture {number} : plusieurs journaux ou plusieurs dates")
    problems += [f"journal {code} : débit et crédit diffèrent de {gap} centimes" for code, gap in by_journal.items()
                 if gap]  # fmt: skip
    problems += [f"lettrage {key} : les lignes lettrées ne s'annulent pas" for key, gap in by_letter.items() if gap]
    numbers = [row["EcritureNum"] for row in rows]
    if not all(number.isdigit() for number in numbers):
        return [*problems, "EcritureNum n'est pas un nombre sur toutes les lignes"]
    order = [int(number) for number in dict.fromkeys(numbers)]
    if order != list(range(1, len(order) + 1)) or numbers != sorted(numbers, key=int):
        problems.append("EcritureNum ne suit pas 1, 2, 3… sans trou, les lignes de chaque écriture ensemble")
    days = [row["EcritureDate"] for row in rows]
    if days != sorted(days):
        problems.append("les écritures ne sont pas numérotées dans l'ordre de leurs dates")
    return problems


def layout_problems(name: str, data: bytes, start: date, end: date, siren: str) -> list[str]:
    """Every rule of the layout the file breaks, in French (an empty list for a valid FEC)."""
    named = _NAME.match(name)
    problems = [] if named and named.groups() == (siren, f"{end:%Y%m%d}") else [f"nom de fichier {name!r}"]
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("le fichier commence par une marque d'ordre des octets")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [*problems, "le fichier n'est pas en UTF-8"]
    lines = text.splitlines()
    if not lines or lines[0].split("\t") != HEADER:
        return [*problems, "l'en-tête n'a pas les 18 noms dans leur ordre"]
    if len(lines) < 2:
        return [*problems, "le fichier n'a aucune écriture"]
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            problems.append(f"ligne {number} : vide")
            continue
        problems += _line_problems(number, line.split("\t"), start, end)
    return problems or _balance_problems(rows_of(text))
