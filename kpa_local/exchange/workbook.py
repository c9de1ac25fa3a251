"""One sheet of an .xlsx or .ods workbook, read with python-calamine: each cell as the text a person would type in it.

A date cell becomes `12/05/1980`, as French spreadsheets write it in CSV; a number stored as a number
becomes `59100` or `12,5` (never « 59100.0 », never float noise); a formula, the value the spreadsheet
last computed for it. The rows keep their number in the sheet, so that the report names the row the
person sees in the spreadsheet.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import fold
from kpa_local.exchange.workbook_files import (
    MAX_CELLS,
    PROTECTED,
    REFUSED_FORMATS,
    XLSX,
    check_archive,
    check_xlsx_extent,
    damaged,
    kind_named,
    kind_of,
    quoted,
    refusal,
)

if TYPE_CHECKING:
    from python_calamine import SheetMetadata


@dataclass(frozen=True)
class WorkbookSheet:
    """The rows of one sheet as text, each with its number in the sheet, and the names of every sheet."""

    name: str
    names: tuple[str, ...]
    records: tuple[tuple[int, tuple[str, ...]], ...]


def read_workbook(raw: bytes, path: Path, sheet: str | None = None) -> WorkbookSheet:
    """The named sheet of a workbook (the first one shown when no name is given), or a refusal that says why not."""
    expected, actual = kind_named(path), kind_of(raw)
    if expected in REFUSED_FORMATS or actual != expected:
        raise refusal(path, expected, actual)
    check_archive(raw, path)
    from python_calamine import CalamineWorkbook, PasswordError  # a compiled reader, loaded when a workbook comes

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(raw)) as book:
            chosen = _chosen(book.sheets_metadata, sheet, path)
            if expected == XLSX:
                check_xlsx_extent(raw, path, chosen)
            cells = book.get_sheet_by_name(chosen)
            if cells.height * cells.width > MAX_CELLS:
                raise KpaError(
                    f"La feuille « {chosen} » de {path.name} a plus de {MAX_CELLS // 1_000_000} millions de cases "
                    "entre sa première et sa dernière case remplie, plus qu'il n'est permis ici. Supprimez les "
                    "lignes et les colonnes en trop, enregistrez, puis recommencez : rien n'a été importé."
                )
            first_row = cells.start[0] if cells.start else 0
            records = tuple(
                (first_row + index + 1, tuple(cell_text(value) for value in row))
                for index, row in enumerate(cells.iter_rows())
            )
            names = tuple(book.sheet_names)
    except KpaError:
        raise
    except PasswordError:
        raise refusal(path, expected, PROTECTED) from None
    except BaseException as error:
        # The reader says a file it cannot read with its own errors, or, on a file no spreadsheet writes,
        # with a panic of its Rust code (pyo3's PanicException, a BaseException).
        if isinstance(error, Exception) or type(error).__name__ == "PanicException":
            raise damaged(path) from None
        raise
    return WorkbookSheet(name=chosen, names=names, records=records)


def _chosen(sheets: list[SheetMetadata], wanted: str | None, path: Path) -> str:
    """The sheet asked for, found without minding capitals, accents or spaces; else the first worksheet shown."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    names = [sheet.name for sheet in sheets]
    if not names:
        raise KpaError(f"Le classeur {path.name} n'a aucune feuille : vérifiez que c'est le bon fichier.")
    if wanted is None or not wanted.strip():
        shown = (s.name for s in sheets if s.visible == SheetVisibleEnum.Visible and s.typ == SheetTypeEnum.WorkSheet)
        return next(shown, names[0])
    if wanted in names:
        return wanted
    alike = [name for name in names if fold(name) == fold(wanted)]
    if len(alike) == 1:
        return alike[0]
    raise KpaError(
        f"Le classeur {path.name} n'a pas de feuille nommée « {wanted.strip()} ». Ses feuilles : {quoted(names)}. "
        "Donnez l'un de ces noms, tel qu'il est écrit sur l'onglet de la feuille, puis recommencez : "
        "rien n'a été importé."
    )


def cell_text(value: object) -> str:
    """A cell's value as a person would type it in a French spreadsheet."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        moment = (value + timedelta(microseconds=500_000)).replace(microsecond=0)  # a day number's float noise
        return f"{moment:%d/%m/%Y}" if moment.time() == time() else f"{moment:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)


def number_text(value: float) -> str:
    """`12` for 12.0, `12,5` for 12.5, `0,3` for 0.30000000000000004: at most 15 digits, as a spreadsheet shows."""
    if not math.isfinite(value):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(Decimal(f"{value:.15g}"), "f").replace(".", ",")
