"""The witnesses of a database that went backwards: the marks file, the backup cards, the issued PDFs.

`data/kpa.marks` holds, for each series, the highest number ever issued and the journal's
head; it is written right after each issue commits and re-synced at each opening. The
database may be ahead of it (a crash between the commit and the write): that is fine.
Behind it — or behind a PDF of `invoices/`, or a backup's card — means the database was
replaced by an older copy: issuing is then refused until coordination re-enters the lost
documents from their PDFs (services.reentry). The witnesses only ever refuse, never grant.
"""

from __future__ import annotations

import json
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpa_local.domain.billing import QUOTE
from kpa_local.domain.errors import KpaError
from kpa_local.domain.marks import (
    NO_MARKS,
    JournalMark,
    LostRange,
    Marks,
    SeriesKey,
    SeriesMark,
    highest,
    lost_ranges,
    marks_from_json,
    marks_text,
    range_text,
)
from kpa_local.domain.numbering import format_number, parse_number
from kpa_local.files import FileRefused, read_bounded_text, write_atomically
from kpa_local.services.context import Context
from kpa_local.workspace import Workspace

MARKS_NAME = "kpa.marks"
CARD_KEY = "marques"
MAX_MARKS_BYTES = 1 << 20
RECOVER_COMMAND = "kpa check --recover"
_SERIES_SQL = "SELECT series, year, last_seq FROM number_series"
_DOCUMENTS_SQL = (
    "SELECT series, year, seq, number FROM document WHERE seq IS NOT NULL AND number IS NOT NULL AND kind != :quote"
)


class RolledBack(KpaError):
    """The database is behind what was issued: nothing may be issued until coordination decides."""


def marks_file(workspace: Workspace) -> Path:
    """Where the marks are kept, beside the database."""
    return workspace.data_dir / MARKS_NAME


def _read_json(path: Path) -> Any:
    """A small JSON file, read with a size limit; None when absent or unreadable."""
    with suppress(OSError, ValueError, FileRefused):
        return json.loads(read_bounded_text(path, MAX_MARKS_BYTES))
    return None


def read_marks(workspace: Workspace) -> Marks:
    """The marks file's witness (nothing when it is missing or damaged)."""
    return marks_from_json(_read_json(marks_file(workspace)))


def _write(workspace: Workspace, marks: Marks) -> None:
    write_atomically(marks_file(workspace), marks_text(marks))


def _number_of(context: Context) -> Any:
    pattern = context.settings.billing.number_format

    def number_of(prefix: str, year: int, seq: int) -> str:
        return format_number(pattern, prefix, year or context.today().year, seq)

    return number_of


def _quote_series(context: Context) -> set[str]:
    rows = context.database.read(
        "SELECT DISTINCT series FROM document WHERE kind = :quote AND series IS NOT NULL", {"quote": QUOTE}
    )
    return {str(row[0]) for row in rows} | {context.settings.billing.quote_prefix}


def marks_of_rows(series_rows: list[Any], document_rows: list[Any], quotes: set[str], number_of: Any) -> Marks:
    """The marks a database's rows give: the top of each invoice series, by its counter or its documents."""
    top: dict[SeriesKey, SeriesMark] = {}
    numbers: dict[tuple[str, int, int], str] = {}
    for series, year, seq, number in document_rows:
        numbers[(str(series), int(year), int(seq))] = str(number)
        key = (str(series), int(year))
        if key not in top or int(seq) > top[key].seq:
            top[key] = SeriesMark(int(seq), str(number))
    for series, year, last_seq in series_rows:
        key = (str(series), int(year))
        if str(series) in quotes or (key in top and top[key].seq >= int(last_seq)):
            continue
        number = numbers.get((*key, int(last_seq))) or number_of(key[0], key[1], int(last_seq))
        top[key] = SeriesMark(int(last_seq), number)
    return Marks(top)


def database_marks(context: Context) -> Marks:
    """What the database itself says: the top of each invoice series and the journal's head."""
    read = context.database.read
    marks = marks_of_rows(
        read(_SERIES_SQL), read(_DOCUMENTS_SQL, {"quote": QUOTE}), _quote_series(context), _number_of(context)
    )
    has_head = context.database.has_table("audit_head")
    head = read("SELECT last_id, last_hash FROM audit_head WHERE id = 1") if has_head else []
    journal = JournalMark(int(head[0][0]), str(head[0][1])) if head else None
    return Marks(marks.series, journal)


def file_marks(path: Path, key: bytes | None, quote_prefix: str, number_of: Any) -> Marks:
    """The marks of a database file (a backup), read directly; nothing if it cannot be read."""
    from kpa_local.db import cipher

    try:
        with closing(cipher.connect(path, key=key, read_only=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"number_series", "document"} <= tables:
                return NO_MARKS
            quotes = {str(row[0]) for row in connection.execute(
                "SELECT DISTINCT series FROM document WHERE kind = ? AND series IS NOT NULL", (QUOTE,)
            )} | {quote_prefix}  # fmt: skip
            series_rows = connection.execute(_SERIES_SQL).fetchall()
            document_rows = connection.execute(_DOCUMENTS_SQL.replace(":quote", "?"), (QUOTE,)).fetchall()
            head = connection.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchall() if (
                "audit_head" in tables) else []  # fmt: skip
    except cipher.database_errors():
        return NO_MARKS
    marks = marks_of_rows(series_rows, document_rows, quotes, number_of)
    return Marks(marks.series, JournalMark(int(head[0][0]), str(head[0][1])) if head else None)


def backup_card_marks(path: Path, key: bytes | None) -> dict[str, Any]:
    """The marks of a backup copy, for its card (numbers as its documents give them)."""
    marks = file_marks(path, key, "", lambda prefix, year, seq: "")  # a number without its document: unknown
    return marks.to_json()


_pdf_scan_cache: dict[tuple[Any, ...], dict[tuple[str, int, int], Path]] = {}


def issued_pdfs(context: Context) -> dict[tuple[str, int, int], Path]:
    """Every PDF of invoices/ whose name is a number of an invoice or credit-note series: (prefix, year, seq) → path.

    Read from the file names only, and kept while no year folder changes (their times of change).
    """
    billing = context.settings.billing
    folders = sorted(path for path in context.workspace.invoices_dir.glob("*") if path.is_dir())
    stamp = (str(context.workspace.invoices_dir), billing.number_format, billing.invoice_prefix,
             billing.credit_note_prefix, *((str(folder), folder.stat().st_mtime_ns) for folder in folders))  # fmt: skip
    if stamp in _pdf_scan_cache:
        return _pdf_scan_cache[stamp]
    pattern = billing.number_format.replace("/", "_")
    found: dict[tuple[str, int, int], Path] = {}
    for folder in folders:
        for path in folder.glob("*.pdf"):
            for prefix in {billing.invoice_prefix, billing.credit_note_prefix}:
                parsed = parse_number(pattern, prefix, path.stem)
                if parsed is not None:
                    found[(prefix, *parsed)] = path
    _pdf_scan_cache.clear()
    _pdf_scan_cache[stamp] = found
    return found


def pdf_marks(context: Context) -> dict[SeriesKey, SeriesMark]:
    """The top of each series as the PDFs in invoices/ show it."""
    tops: dict[SeriesKey, SeriesMark] = {}
    for (prefix, year, seq), path in issued_pdfs(context).items():
        if (prefix, year) not in tops or seq > tops[(prefix, year)].seq:
            tops[(prefix, year)] = SeriesMark(seq, path.stem)
    return tops


def cards_marks(context: Context) -> list[Marks]:
    """What the cards of the backups in backups/ saw."""
    folder = context.workspace.backups_dir
    cards = sorted(folder.glob("kpa-*.sqlite3.json")) if folder.is_dir() else []
    found = []
    for card in cards:
        data = _read_json(card)
        if isinstance(data, dict):
            found.append(marks_from_json(data.get(CARD_KEY)))
    return found


@dataclass(frozen=True)
class Rollback:
    """How far the database is behind its witnesses."""

    lost: tuple[LostRange, ...]
    journal_text: str
    credit_prefix: str

    def noun(self, prefix: str) -> tuple[str, str]:
        return ("l'avoir", "les avoirs") if prefix == self.credit_prefix else ("la facture", "les factures")

    @property
    def text(self) -> str:
        """« La base a été remplacée par une copie plus ancienne : les factures … manquent ; … »."""
        parts = [range_text(lost, self.noun(lost.prefix)) for lost in self.lost]
        if self.journal_text:
            parts.append(self.journal_text)
        return "La base a été remplacée par une copie plus ancienne : " + " ; ".join(parts) + "."

    @property
    def action(self) -> str:
        """What to do, in one sentence."""
        resume = ", ".join(lost.last_number for lost in self.lost)
        after = f" et reprend la numérotation après {resume}" if resume else ""
        return (
            f"N'émettez rien : la coordination doit lancer « {RECOVER_COMMAND} » (ou « Reprendre après une "
            f"copie ancienne » dans l'écran Sécurité), qui ressaisit les documents depuis leurs PDF du dossier "
            f"invoices/{after}."
        )


def journal_text(context: Context, witnessed: JournalMark | None, database: JournalMark | None) -> str:
    if witnessed is None or witnessed.last_id <= 0:
        return ""
    if database is None or database.last_id < witnessed.last_id:
        now = database.last_id if database else 0
        return f"le journal s'arrête à l'entrée n° {now} alors qu'il allait jusqu'à la n° {witnessed.last_id}"
    rows = context.database.read("SELECT hash FROM audit_entry WHERE id = :id", {"id": witnessed.last_id})
    if not rows or str(rows[0][0]) != witnessed.last_hash:
        return f"le journal a été remplacé par un autre avant son entrée n° {witnessed.last_id}"
    return ""


def check_rollback(context: Context) -> Rollback | None:
    """Whether the database is behind a witness: the marks file, a backup's card, a PDF of invoices/.

    The witnesses are read before the database, so that an issue committed meanwhile by another
    instance of the app can only put the database ahead of them.
    """
    if not context.database.has_table("number_series"):
        return None
    saved = read_marks(context.workspace)
    seen = highest([saved.series, pdf_marks(context), *(card.series for card in cards_marks(context))])
    database = database_marks(context)
    quotes = _quote_series(context)
    witnessed = {key: mark for key, mark in seen.items() if key[0] not in quotes}
    known = {key: mark.seq for key, mark in database.series.items()}
    lost = lost_ranges(known, witnessed, _number_of(context))
    journal = journal_text(context, saved.journal, database.journal)
    if not lost and not journal:
        return None
    credit = context.settings.billing.credit_note_prefix
    lost.sort(key=lambda found: found.prefix == credit)  # invoices first: a credit note names its invoice
    return Rollback(tuple(lost), journal, credit)


def refuse_if_rolled_back(context: Context) -> None:
    """Refuse to issue while the database is behind what was issued."""
    rollback = check_rollback(context)
    if rollback is not None:
        raise RolledBack(f"{rollback.text} {rollback.action}")


def save_marks(context: Context, *, anchor_journal: bool = False) -> None:
    """Write the marks file: each series at its highest (file or database), the journal's head.

    The journal's head follows the database unless the database is behind the file; `anchor_journal`
    (a restore or a recovery that coordination decided) moves it to the database's head anyway.
    """
    if context.database.read_only or context.database.sqlite_file is None:
        return
    saved = read_marks(context.workspace)
    database = database_marks(context)
    journal = database.journal
    if not anchor_journal and journal_text(context, saved.journal, database.journal):
        journal = saved.journal
    marks = Marks(highest([saved.series, database.series]), journal)
    if marks != saved:
        _write(context.workspace, marks)


def check_at_opening(context: Context) -> str | None:
    """At each opening: the rollback found, in French, or None after re-syncing the marks file."""
    rollback = check_rollback(context)
    save_marks(context)
    return None if rollback is None else f"{rollback.text} {rollback.action}"
