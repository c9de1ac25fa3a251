"""Workbooks written for the tests, as Excel (.xlsx) and LibreOffice (.ods) store them: typed cells, cached formulas.

Both are ZIP files of XML, built here by hand so that each cell is stored exactly as those programs store
it (a date as a styled day number or a dated cell, a formula beside the value it last gave) and no
binary file is kept in the repository.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula and the value the spreadsheet last computed for it."""

    xlsx: str  # as Excel writes it: A2&" "&B2
    ods: str  # as LibreOffice writes it: of:=[.A2]&" "&[.B2]
    cached: str | int | float


@dataclass(frozen=True)
class Failed:
    """A cell whose formula gives an error, such as #DIV/0!."""

    code: str


Cell = str | int | float | bool | date | Formula | Failed | None
Rows = Sequence[Sequence[Cell]]

_EXCEL_EPOCH = datetime(1899, 12, 30)
_HIDDEN = ' state="hidden"'


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _serial(day: date) -> float:
    moment = day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)
    return (moment - _EXCEL_EPOCH).total_seconds() / 86_400


def _number(value: float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _xlsx_cell(reference: str, value: Cell, strings: list[str]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Formula):
        cached = value.cached
        kind = ' t="str"' if isinstance(cached, str) else ""
        shown = escape(cached) if isinstance(cached, str) else _number(cached)
        return f'<c r="{reference}"{kind}><f>{escape(value.xlsx)}</f><v>{shown}</v></c>'
    if isinstance(value, Failed):
        return f'<c r="{reference}" t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{reference}" s="2"><v>{_number(_serial(value))}</v></c>'
    if isinstance(value, date):
        return f'<c r="{reference}" s="1"><v>{int(_serial(value))}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{_number(value)}</v></c>'
    if value not in strings:
        strings.append(value)
    return f'<c r="{reference}" t="s"><v>{strings.index(value)}</v></c>'


def xlsx_bytes(sheets: dict[str, Rows], hidden: tuple[str, ...] = ()) -> bytes:
    """An Excel workbook: shared strings, dates as day numbers styled « jj/mm/aaaa », formulas with their value.

    The sheets named in `hidden` are hidden, as « Masquer la feuille » leaves them.
    """
    strings: list[str] = []
    worksheets = []
    for rows in sheets.values():
        lines = []
        for number, row in enumerate(rows, start=1):
            cells = "".join(_xlsx_cell(f"{_column(i)}{number}", value, strings) for i, value in enumerate(row))
            if cells:
                lines.append(f'<row r="{number}">{cells}</row>')
        worksheets.append(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
        )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    content = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheet_list = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}"{_HIDDEN if name in hidden else ""} r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    sheet_links = "".join(
        f'<Relationship Id="rId{i}" Type="{kinds}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    count = len(sheets)
    shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{content}.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{content}.worksheet+xml"/>'
                for i in range(1, count + 1)
            )
            + f'<Override PartName="/xl/styles.xml" ContentType="{content}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{content}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{kinds}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="{relations}">'
            f"<sheets>{sheet_list}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{package}">{sheet_links}'
            f'<Relationship Id="rId{count + 1}" Type="{kinds}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="{kinds}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (  # 0: standard; 1: a date (format 14, « jj/mm/aaaa » in French Excel); 2: date and time
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{main}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>'
        ),
    }
    for i, sheet in enumerate(worksheets, start=1):
        files[f"xl/worksheets/sheet{i}.xml"] = sheet
    return _zip(files)


_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def _ods_cell(value: Cell) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, Formula):
        cached = value.cached
        formula = f"table:formula={quoteattr(value.ods)}"
        if isinstance(cached, str):
            return (
                f'<table:table-cell {formula} office:value-type="string" office:string-value={quoteattr(cached)}>'
                f"<text:p>{escape(cached)}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell {formula} office:value-type="float" office:value="{_number(cached)}">'
            f"<text:p>{_number(cached)}</text:p></table:table-cell>"
        )
    if isinstance(value, Failed):
        return (
            '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="">'
            f"<text:p>{escape(value.code)}</text:p></table:table-cell>"
        )
    if isinstance(value, bool):
        shown = "VRAI" if value else "FAUX"
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    if isinstance(value, date):
        stamp = value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{stamp}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{_number(value)}">'
            f"<text:p>{_number(value)}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods_bytes(sheets: dict[str, Rows]) -> bytes:
    """A LibreOffice workbook: dated cells, formulas with their value, and the long run of empty rows it ends on."""
    tables = []
    for name, rows in sheets.items():
        width = max((len(row) for row in rows), default=1)
        lines = "".join(
            f"<table:table-row>{''.join(_ods_cell(value) for value in row)}</table:table-row>" for row in rows
        )
        # LibreOffice closes a sheet whose rows were formatted with one row repeated to the last one.
        tail = (
            '<table:table-row table:number-rows-repeated="1048000">'
            f'<table:table-cell table:number-columns-repeated="{width}"/></table:table-row>'
        )
        tables.append(f"<table:table table:name={quoteattr(name)}>{lines}{tail}</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip({"mimetype": _ODS_MIME, "content.xml": content, "META-INF/manifest.xml": manifest})


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=method)
    return buffer.getvalue()


def _typed(value: Cell) -> str:
    """What French Excel writes in a CSV file for a cell: what the cell shows."""
    if isinstance(value, Formula):
        return _typed(value.cached)
    if isinstance(value, Failed):
        return value.code
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:.15g}".replace(".", ",")
    return str(value)


def csv_text(rows: Rows) -> str:
    """The rows as French Excel saves them in CSV: semicolons, cells as they are shown, CRLF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([_typed(v) for v in row] for row in rows)
    return buffer.getvalue()


def write_xlsx(path: Path, sheets: dict[str, Rows], hidden: tuple[str, ...] = ()) -> Path:
    """Write an .xlsx workbook at `path`."""
    path.write_bytes(xlsx_bytes(sheets, hidden))
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write an .ods workbook at `path`."""
    path.write_bytes(ods_bytes(sheets))
    return path
