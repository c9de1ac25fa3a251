"""What a file given as a members table really is, whatever its name says, and whether a workbook is safe to open.

A workbook is a ZIP of XML files (.xlsx, .ods) or, in Excel's old format and when it has a password,
an OLE2 compound file. The reader expands a sheet to every cell between its first and its last one:
one stray value in the far corner of a sheet would ask it for more memory than any computer has,
so the extent of an .xlsx sheet is measured here first, in its XML.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from kpa_local.domain.errors import KpaError
from kpa_local.exchange.csv_encoding import is_utf16

XLSX = "xlsx"
ODS = "ods"
XLS = "xls"
XLSB = "xlsb"
CSV = "csv"
PROTECTED = "protégé"
DAMAGED = "abîmé"
MARKUP = "html"
DOCUMENT = "document"
ARCHIVE = "zip"
BINARY = "binaire"

# The kind of file each name ending promises; any other ending is read as CSV text.
WORKBOOK_ENDINGS = {".xlsx": XLSX, ".xlsm": XLSX, ".ods": ODS, ".xls": XLS, ".xlsb": XLSB}
REFUSED_FORMATS = (XLS, XLSB)  # read by the reader, but saved again as .xlsx: one format to support and test

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what a workbook may hold once unzipped
MAX_CELLS = 2_000_000  # from the first filled cell of a sheet to its last, rows times columns

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # where Office keeps a workbook with a password
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = "META-INF/manifest.xml"  # where an .ods says which of its parts are encrypted
_WHAT = {
    XLSX: "un classeur Excel (.xlsx)",
    ODS: "un classeur OpenDocument (.ods, celui de LibreOffice)",
    XLS: "un classeur Excel de l'ancien format (.xls)",
    XLSB: "un classeur Excel binaire (.xlsb)",
    CSV: "un fichier texte (CSV)",
    MARKUP: "une page web ou un fichier XML",
    DOCUMENT: "un document d'un autre genre (texte, présentation…), pas un tableau",
    ARCHIVE: "une archive ZIP, pas un classeur",
    BINARY: "un fichier qui n'est ni un classeur ni du texte",
}
_SAVE_AS_XLSX = (
    "Ouvrez-le dans le tableur, faites « Enregistrer sous » et choisissez le format « Classeur Excel (.xlsx) », "
    "puis importez ce nouveau fichier"
)
_NOTHING = " : rien n'a été importé."


def kind_named(path: Path) -> str:
    """The kind of file the name's ending promises: a workbook's, or CSV."""
    return WORKBOOK_ENDINGS.get(path.suffix.lower(), CSV)


def kind_of(raw: bytes) -> str:
    """What the bytes of a file are, from their first bytes and, for a ZIP, the names inside."""
    if raw.startswith(_OLE2):
        return PROTECTED if _ENCRYPTED_PACKAGE in raw else XLS
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(raw)
    head = raw[:4096]
    if is_utf16(raw):
        head = head.decode("utf-16", errors="ignore").encode()
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<") and any(tag in start for tag in (b"<html", b"<table", b"<?xml", b"<!doctype")):
        return MARKUP
    if b"\x00" in head and not is_utf16(raw):
        return BINARY
    return CSV


def _zip_kind(raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.bin" in names:
                return XLSB
            if any(name.startswith("xl/") for name in names):
                return XLSX
            if "mimetype" in names:
                mime = _read(archive, "mimetype", 200)
                if not mime.startswith(_ODS_MIME):
                    return DOCUMENT
                manifest = b"" if _MANIFEST not in names else _read(archive, _MANIFEST, 1024 * 1024)
                return PROTECTED if b"encryption-data" in manifest else ODS
            if any(name.startswith(("word/", "ppt/")) for name in names):
                return DOCUMENT
            return ARCHIVE
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        return DAMAGED


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as stream:
        return stream.read(limit)


def refusal(path: Path, expected: str, actual: str) -> KpaError:
    """Why a file of the `actual` kind, named as one of the `expected` kind, is not read; and what to do."""
    name = path.name
    if actual == PROTECTED:
        return KpaError(
            f"Le classeur {name} est protégé par un mot de passe : il ne peut pas être lu. Ouvrez-le dans le tableur "
            "avec son mot de passe, enregistrez-en une copie sans mot de passe, importez cette copie, puis "
            "supprimez-la (elle contient des données personnelles)" + _NOTHING
        )
    if actual == DAMAGED:
        return damaged(path)
    if expected == actual and actual in REFUSED_FORMATS:
        return KpaError(f"{name} est {_WHAT[actual]}, qui n'est pas lu ici. {_SAVE_AS_XLSX}{_NOTHING}")
    if actual in (XLSX, ODS, CSV):
        ending = ".xlsx" if actual == XLSX else f".{actual}"
        fix = f"Renommez-le en {path.stem}{ending}, puis recommencez"
    elif actual in (XLS, XLSB, MARKUP):
        fix = _SAVE_AS_XLSX
    else:
        fix = "Vérifiez que c'est le bon fichier (le tableau des membres s'enregistre en .xlsx, .ods ou CSV)"
    return KpaError(f"{name} n'est pas ce que dit son nom : c'est {_WHAT[actual]}. {fix}{_NOTHING}")


def damaged(path: Path) -> KpaError:
    """A workbook that cannot be read: cut short, or not what a spreadsheet writes."""
    return KpaError(
        f"Le classeur {path.name} est abîmé ou incomplet : il ne se lit pas. Ouvrez-le dans le tableur ; s'il "
        "s'ouvre, faites « Enregistrer sous » au format .xlsx, puis importez ce nouveau fichier" + _NOTHING
    )


def check_archive(raw: bytes, path: Path) -> None:
    """Refuse a workbook that unzips to more than the limit, or whose parts do not unzip whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise KpaError(
                    f"Le classeur {path.name} contient plus de {MAX_UNPACKED_BYTES // (1024 * 1024)} Mo une fois "
                    "décompressé, plus qu'il n'est permis ici. Vérifiez que c'est le bon fichier, ou gardez "
                    "seulement la feuille des membres dans un nouveau classeur" + _NOTHING
                )
            # Each part is unzipped up to the size it declares and checked against its CRC.
            if archive.testzip() is not None:
                raise damaged(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise damaged(path) from None


def check_xlsx_extent(raw: bytes, path: Path, sheet: str) -> None:
    """Refuse an .xlsx sheet whose filled cells, first to last, span more than MAX_CELLS cells."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            part = _xlsx_sheet_part(archive, sheet)
            if part is None:
                return  # the reader finds its sheets in its own way; it then refuses what it cannot read
            extent = _extent(_read(archive, part, MAX_UNPACKED_BYTES))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, KeyError):
        raise damaged(path) from None
    except ElementTree.ParseError:
        raise damaged(path) from None
    if extent is None:
        return
    (first_row, first_column), (last_row, last_column) = extent
    if (last_row - first_row + 1) * (last_column - first_column + 1) > MAX_CELLS:
        corner = f"{_letters(first_column)}{first_row}"
        far = f"{_letters(last_column)}{last_row}"
        raise KpaError(
            f"La feuille « {sheet} » de {path.name} va de la case {corner} à la case {far} : plus de "
            f"{MAX_CELLS // 1_000_000} millions de cases, plus qu'il n'est permis ici. Une case remplie loin des "
            "autres en est souvent la cause : dans le tableur, Ctrl+Fin montre la dernière case remplie ; "
            "supprimez les lignes et les colonnes en trop, enregistrez, puis recommencez" + _NOTHING
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The kind and the target of a part's relationships by their id, the targets as paths inside the archive."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return {}
    links = {}
    for relation in ElementTree.fromstring(_read(archive, rels, MAX_UNPACKED_BYTES)):
        target = relation.get("Target", "")
        if relation.get("TargetMode") == "External" or not target:
            continue
        inside = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        links[relation.get("Id", "")] = (relation.get("Type", ""), inside)
    return links


def _xlsx_sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The XML part that holds the named sheet of an .xlsx workbook, None where it cannot be told."""
    main = (target for kind, target in _relations(archive, "").values() if kind.endswith("/officeDocument"))
    workbook = next(main, "xl/workbook.xml")
    if workbook not in archive.namelist():
        return None
    relations = _relations(archive, workbook)
    for element in ElementTree.fromstring(_read(archive, workbook, MAX_UNPACKED_BYTES)).iter():
        if _local(element.tag) == "sheet" and element.get("name") == sheet:
            link = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
            part = relations.get(link, ("", ""))[1]
            return part if part in archive.namelist() else None
    return None


# A cell that holds something (`<c r="B7" …>…</c>`; an empty styled one closes itself: `<c r="B7" s="1"/>`).
_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')


def _extent(xml: bytes) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The first and last (row, column) of the filled cells of a sheet's XML, None if it has none."""
    first_row = first_column = last_row = last_column = 0
    for match in _CELL.finditer(xml):
        letters, row_text, closed = match.groups()
        if closed:
            continue
        row, column = int(row_text), _column_number(letters)
        if not first_row:
            first_row, first_column, last_row, last_column = row, column, row, column
            continue
        first_row, last_row = min(first_row, row), max(last_row, row)
        first_column, last_column = min(first_column, column), max(last_column, column)
    if not first_row:
        return None
    return (first_row, first_column), (last_row, last_column)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _letters(number: int) -> str:
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def quoted(names: Iterable[str]) -> str:
    """Sheet names as a French list: « Membres », « Archives »."""
    return ", ".join(f"« {name} »" for name in names)
