"""Check a network bundle against every rule of the format; hostile or broken files are refused cleanly.

Nothing is ever extracted to disk: entries are read in memory, each under a size limit
checked before reading (declared sizes) and while reading (real sizes), so that a zip bomb,
a path like `../x` or `/etc/x`, a truncated archive or a wrong encoding gives a sentence,
never a crash nor a file written outside its folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpa_local.domain.dates import Quarter
from kpa_local.domain.kanonymity import SUPPRESSED, YES, groups_of, small_groups
from kpa_local.domain.text import plural
from kpa_local.exchange.bundle_format import columns, schema
from kpa_local.exchange.csv_rows import CsvUnreadable, csv_records
from kpa_local.files import FileRefused, read_bounded

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
MAX_ENTRY_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed: beyond, a zip bomb
MAX_ENTRIES = 20

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_MONEY = re.compile(r"^-?\d+\.\d{2}$")
_DECIMAL = re.compile(r"^\d+\.\d{2}$")
_INTEGER = re.compile(r"^\d+$")
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What a direct identifier looks like, wherever it hides.
IDENTIFIERS = (
    (re.compile(r"[^@\s,;]+@[^@\s,;]+\.[a-z]{2,}", re.IGNORECASE), "une adresse e-mail"),
    (re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)"), "un numéro de téléphone"),
    (re.compile(r"(?<!\d)[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?(?!\d)"),
     "un numéro de sécurité sociale"),
    (re.compile(r"(?<!\d)(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})(?!\d)"), "une date exacte"),
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, in a French sentence."""

    file: str
    message: str
    row: int | None = None  # data row, from 1 (the header is row 0)
    column: str | None = None

    def sentence(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne {self.column}"
        return f"{where} : {self.message}"


@dataclass
class CheckResult:
    """What a check found; a bundle is valid when nothing was."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems

    def add(self, file: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(file, message, row, column))


def check_bundle(path: Path) -> CheckResult:
    """Check one bundle file; every problem is listed (up to a few per kind, to stay readable)."""
    result = CheckResult(path)
    name = path.name
    try:
        content = read_bounded(path, MAX_ARCHIVE_BYTES)
    except FileRefused as refused:
        result.add(name, refused.message)
        return result
    if not re.match(schema()["archive"]["name_pattern"], name):
        named = "kpa-, le code de la KPA, l'année et le trimestre, par exemple kpa-roubaix-manau-2026Q3.zip."
        result.add(name, f"le nom doit être celui que l'application donne à l'envoi : {named}")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = _entries(archive, result)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        result.add(name, f"ce n'est pas une archive ZIP lisible ({type(error).__name__}) : demandez un nouvel envoi.")
        return result
    if entries is None:
        return result
    _check_manifest(entries, result)
    for file_name in ("members.csv", "activity.csv", "interviews.csv"):
        if file_name in entries:
            table = _read_csv(file_name, entries[file_name], result)
            if table is not None:
                result.tables[file_name] = table
    if result.manifest:
        _check_tables(result)
    _check_identifiers(entries, result)
    return result


def _entries(archive: zipfile.ZipFile, result: CheckResult) -> dict[str, bytes] | None:
    """The archive's entries read in memory, or None when it must not be read at all."""
    infos = archive.infolist()
    rules = schema()["archive"]
    allowed = set(rules["required"]) | set(rules["optional"])
    if len(infos) > MAX_ENTRIES:
        result.add(result.path.name, f"l'archive contient {len(infos)} fichiers : refusée sans être ouverte.")
        return None
    total = sum(info.file_size for info in infos)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or ratio > MAX_RATIO:
            result.add(info.filename, "ce fichier se décompresse en bien trop gros (archive piégée ?) : refusé "
                       "sans être décompressé.")  # fmt: skip
            return None
    entries: dict[str, bytes] = {}
    names = Counter(info.filename for info in infos)
    for info in infos:
        entry = info.filename
        if "/" in entry or "\\" in entry or entry.startswith(("..", ".")) or ":" in entry:
            result.add(entry, "un fichier de l'archive n'est pas à sa racine (chemin refusé, rien n'est écrit).")
            continue
        if names[entry] > 1:
            result.add(entry, "ce fichier est présent plusieurs fois dans l'archive.")
            continue
        if entry not in allowed:
            result.add(entry, "ce fichier ne fait pas partie du format (manifest.json, members.csv, activity.csv, "
                       "interviews.csv).")  # fmt: skip
            continue
        with archive.open(info) as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
        if len(data) > MAX_ENTRY_BYTES:
            result.add(entry, "ce fichier est plus gros qu'annoncé : refusé.")
            return None
        entries[entry] = data
    for required in rules["required"]:
        if required not in entries and names[required] == 0:
            result.add(result.path.name, f"il manque {required}.")
    return entries


def _text(file_name: str, data: bytes, result: CheckResult) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        result.add(file_name, "le fichier commence par un BOM : il doit être en UTF-8 sans BOM.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        result.add(file_name, f"le fichier n'est pas en UTF-8 (octet {error.start}) : réenregistrez-le en UTF-8.")
        return None


def _check_manifest(entries: dict[str, bytes], result: CheckResult) -> None:
    data = entries.get("manifest.json")
    if data is None:
        return
    text = _text("manifest.json", data, result)
    if text is None:
        return
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        result.add("manifest.json", f"le JSON n'est pas lisible (ligne {error.lineno}).")
        return
    if not isinstance(manifest, dict):
        result.add("manifest.json", "le manifeste doit être un objet JSON.")
        return
    if manifest.get("format") != schema()["format"]:
        result.add("manifest.json", "« format » doit valoir kpa-collecteur.", column="format")
    if manifest.get("format_version") != schema()["format_version"]:
        result.add("manifest.json", f"version de format inconnue ({manifest.get('format_version')!r}) : ce "
                   "vérificateur connaît la version 1.", column="format_version")  # fmt: skip
        return
    code = manifest.get("kpa_code")
    if not isinstance(code, str) or not _CODE.match(code):
        result.add("manifest.json", "« kpa_code » doit être en minuscules, chiffres et tirets.", column="kpa_code")
    period = _object(manifest.get("period"))
    try:
        quarter = Quarter.parse(str(period.get("label", "")))
        if period.get("start") != quarter.start.isoformat() or period.get("end") != quarter.end.isoformat():
            result.add("manifest.json", "la période ne correspond pas à son trimestre.", column="period")
    except Exception:
        result.add("manifest.json", "« period.label » doit être un trimestre comme 2026Q3.", column="period")
        return
    expected = f"kpa-{code}-{quarter.label}.zip"
    if result.path.name != expected:
        result.add(result.path.name, f"le nom ne correspond pas au manifeste (attendu : {expected}).")
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", str(manifest.get("generated_at", ""))):
        result.add("manifest.json", "« generated_at » doit être une heure UTC comme 2026-10-02T09:14:03Z.")
    files = _object(manifest.get("files"))
    for file_name, data_bytes in entries.items():
        if file_name == "manifest.json":
            continue
        listed = files.get(file_name)
        if not isinstance(listed, dict):
            result.add("manifest.json", f"{file_name} n'est pas décrit dans « files ».", column="files")
            continue
        if listed.get("sha256") != hashlib.sha256(data_bytes).hexdigest():
            result.add(file_name, "l'empreinte SHA-256 ne correspond pas au manifeste (fichier modifié ?).")
    for file_name in files:
        if file_name not in entries:
            result.add("manifest.json", f"{file_name} est annoncé mais absent de l'archive.", column="files")
    result.manifest = manifest


def _read_csv(file_name: str, data: bytes, result: CheckResult) -> list[dict[str, str]] | None:
    text = _text(file_name, data, result)
    if text is None:
        return None
    if "\r" in text:
        result.add(file_name, "les lignes doivent finir par \\n seul (pas \\r\\n).")
    header = tuple(column["name"] for column in schema()["files"][file_name]["columns"])
    try:
        lines = [record for _line, record in csv_records(text.replace("\r\n", "\n"), file_name)]
    except CsvUnreadable as unreadable:
        result.add(file_name, f"{unreadable.problem} Demandez à la KPA de refaire son envoi.", row=unreadable.line - 1)
        return None
    if not lines or tuple(lines[0]) != header:
        result.add(file_name, "l'en-tête n'est pas celui du format : " + ",".join(header), row=0)
        return None
    rows = []
    for number, values in enumerate(lines[1:], start=1):
        if len(values) != len(header):
            result.add(file_name, f"{len(values)} valeurs au lieu de {len(header)}.", row=number)
            continue
        rows.append(dict(zip(header, values, strict=True)))
    listed = _object(_object(result.manifest.get("files")).get(file_name))
    if result.manifest and listed.get("rows") != len(lines) - 1:
        result.add(file_name, f"{len(lines) - 1} lignes, le manifeste en annonce {listed.get('rows')}.")
    if [tuple(values) for values in lines[1:]] != sorted(tuple(values) for values in lines[1:]):
        result.add(file_name, "les lignes doivent être triées par leur première colonne, puis les autres.")
    return rows


def _cell_problems(file_name: str, rows: list[dict[str, str]], quarter: Quarter) -> Iterator[Problem]:
    codes = schema()["codes"]
    for spec in schema()["files"][file_name]["columns"]:
        name = spec["name"]
        allowed = set(spec.get("codes") or codes.get(spec.get("codes_from", ""), []))
        for number, row in enumerate(rows, start=1):
            value = row[name]
            if value == "" and spec.get("empty"):
                continue
            if value == SUPPRESSED and spec.get("suppressible"):
                continue
            wrong = _wrong_value(spec, value, allowed, quarter)
            if wrong:
                yield Problem(file_name, wrong, number, name)


def _wrong_value(spec: dict[str, Any], value: str, allowed: set[str], quarter: Quarter) -> str | None:
    kind = spec.get("kind")
    if allowed and value not in allowed:
        return f"« {value} » n'est pas un code du format ({', '.join(sorted(allowed))})."
    if "pattern" in spec and not re.match(spec["pattern"], value):
        return f"« {value} » n'a pas la forme attendue."
    if "list_of" in spec:
        items = value.split(";") if value else []
        unknown = [item for item in items if item not in spec["list_of"]]
        return f"{plural(len(unknown), 'code inconnu', 'codes inconnus')} : {', '.join(unknown)}." if unknown else None
    if kind in ("month", "month_in_quarter"):
        if not _MONTH.match(value):
            return f"« {value} » doit être un mois AAAA-MM."
        if kind == "month_in_quarter" and not quarter.contains(date(int(value[:4]), int(value[5:]), 1)):
            return f"le mois {value} n'est pas dans le trimestre {quarter.label}."
    if kind == "money" and not _MONEY.match(value):
        return f"« {value} » doit être un montant avec un point et deux décimales (1234.50)."
    if kind == "decimal" and not _DECIMAL.match(value):
        return f"« {value} » doit être un nombre avec un point et deux décimales (12.50)."
    if kind == "integer" and not _INTEGER.match(value):
        return f"« {value} » doit être un nombre entier."
    return None


def _object(value: Any) -> dict[str, Any]:
    """A JSON object of the manifest, or an empty one when it is something else."""
    return value if isinstance(value, dict) else {}


def _check_tables(result: CheckResult) -> None:
    quarter = Quarter.parse(result.manifest["period"]["label"])
    for file_name, rows in result.tables.items():
        result.problems.extend(_cell_problems(file_name, rows, quarter))
    members = result.tables.get("members.csv", [])
    privacy = _privacy(result)
    if privacy is not None and members:
        k, quasi, sensitive = privacy
        for key in small_groups(members, quasi, k)[:5]:
            result.add("members.csv", f"le groupe {dict(zip(quasi, key, strict=True))} a moins de {k} lignes : la "
                       "k-anonymat n'est pas respectée.")  # fmt: skip
        _check_sensitive(members, quasi, sensitive, result)
        _check_months(members, quasi, sensitive, k, result)
    pids = Counter(row["pid"] for row in members)
    for pid, count in pids.items():
        if count > 1:
            result.add("members.csv", f"le pid {pid} apparaît {count} fois.", column="pid")
    for number, row in enumerate(members, start=1):
        if (row["exit_month"] == "") != (row["exit_situation"] == ""):
            result.add("members.csv", "le mois et la situation de sortie vont ensemble.", number, "exit_month")
    _check_totals(result.tables.get("activity.csv", []), quarter, result)


def _privacy(result: CheckResult) -> tuple[int, list[str], list[str]] | None:
    """The manifest's privacy block, checked on its own (a quarter with nobody has no row to read it from):
    k, the quasi-identifiers and the sensitive columns, each a column of members.csv; None when wrong."""
    privacy = _object(result.manifest.get("privacy"))
    known = set(columns("members.csv"))
    k, quasi, sensitive = privacy.get("k"), privacy.get("quasi_identifiers"), privacy.get("sensitive", [])
    right = True
    if not isinstance(k, int) or isinstance(k, bool) or k < 2:
        result.add("manifest.json", "« privacy.k » doit être un nombre entier, au moins 2.", column="privacy")
        right = False
    for name, listed in (("quasi_identifiers", quasi), ("sensitive", sensitive)):
        if not isinstance(listed, list) or not listed or not all(isinstance(code, str) for code in listed):
            result.add("manifest.json", f"« privacy.{name} » doit être une liste de colonnes de members.csv.",
                       column="privacy")  # fmt: skip
            right = False
        elif unknown := [code for code in listed if code not in known]:
            result.add("manifest.json", f"« privacy.{name} » nomme des colonnes que members.csv n'a pas : "
                       f"{', '.join(unknown)}.", column="privacy")  # fmt: skip
            right = False
    if not right:
        return None
    assert isinstance(k, int) and isinstance(quasi, list) and isinstance(sensitive, list)
    return k, quasi, sensitive


def _check_months(
    members: list[dict[str, str]], quasi: list[str], sensitive: list[str], k: int, result: CheckResult
) -> None:
    """A sensitive value is published only where the quasi-identifiers and the two months hold k rows."""
    linked = [*quasi, *schema()["privacy"]["sensitive_linked"]]
    published = [(key, column) for key, rows in groups_of(members, linked).items() if len(rows) < k
                 for column in sensitive if any(row[column] != SUPPRESSED for row in rows)]  # fmt: skip
    for key, column in published[:5]:
        result.add("members.csv", f"dans le groupe {key}, de moins de {k} lignes avec les mois d'entrée et de "
                   f"sortie, {column} est publié : il doit valoir « * ».", column=column)  # fmt: skip


def _check_sensitive(
    members: list[dict[str, str]], quasi: list[str], sensitive: list[str], result: CheckResult
) -> None:
    for key, rows in groups_of(members, quasi).items():
        for column in sensitive:
            if all(row[column] == YES for row in rows):
                result.add("members.csv", f"dans le groupe {key}, tout le monde a « oui » pour {column} : "
                           "divulgation positive.", column=column)  # fmt: skip


def _check_totals(activity: list[dict[str, str]], quarter: Quarter, result: CheckResult) -> None:
    keys = Counter((row["month"], row["activity"]) for row in activity)
    for (month, category), count in keys.items():
        if count > 1:
            result.add("activity.csv", f"{month} {category} apparaît {count} fois.")
    for month in [f"{quarter.year}-{m:02d}" for m in range(3 * quarter.number - 2, 3 * quarter.number + 1)]:
        rows = [row for row in activity if row["month"] == month]
        total = next((row for row in rows if row["activity"] == "total"), None)
        if total is None:
            result.add("activity.csv", f"il manque la ligne total du mois {month}.")
            continue
        for column in ("revenue_invoiced_ht", "revenue_collected_ht", "invoices", "hours"):
            try:
                parts = sum(Decimal(row[column]) for row in rows if row["activity"] != "total")
                if Decimal(total[column]) != parts:
                    result.add("activity.csv", f"le total de {month} ({total[column]}) n'est pas la somme des "
                               f"activités ({parts}).", column=column)  # fmt: skip
            except ArithmeticError:
                continue  # the value itself is reported as malformed


PSEUDONYM_COLUMNS = ("pid", "iid")  # hexadecimal by the format: digits in them are not phone numbers


def _check_identifiers(entries: dict[str, bytes], result: CheckResult) -> None:
    """Every cell (pseudonyms aside) that looks like a direct identifier."""
    for file_name, data in entries.items():
        if file_name == "manifest.json":
            continue
        try:
            text = data.decode("utf-8", errors="replace")
            header, *lines = [record for _line, record in csv_records(text, file_name)]
        except (CsvUnreadable, ValueError):
            continue  # an unreadable file is reported as such
        for number, values in enumerate(lines, start=1):
            for column, value in zip(header, values, strict=False):
                if column in PSEUDONYM_COLUMNS:
                    continue
                what = next((what for pattern, what in IDENTIFIERS if pattern.search(value)), None)
                if what:
                    result.add(file_name, f"une valeur ressemble à {what} : rien d'identifiant ne doit quitter la "
                               "KPA.", number, column)  # fmt: skip
