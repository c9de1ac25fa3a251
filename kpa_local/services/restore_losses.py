"""What a restore would take out of the database: the documents issued since the backup was taken.

Said before the restore is confirmed; their PDFs stay in invoices/, and after the restore the
rollback rule applies (services.marks): nothing is issued until coordination re-enters them.
"""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from pathlib import Path

from kpa_local.domain.billing import CREDIT_NOTE, QUOTE
from kpa_local.fmt import date_fr
from kpa_local.services.backups import list_backups
from kpa_local.services.context import Context

_ISSUED = "SELECT number, kind, series, seq FROM document WHERE number IS NOT NULL AND seq IS NOT NULL AND kind != ?"


def _issued_in_file(path: Path, key: bytes | None) -> set[str]:
    from kpa_local.db import cipher

    try:
        with closing(cipher.connect(path, key=key, read_only=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "document" not in tables:
                return set()
            return {str(row[0]) for row in connection.execute(_ISSUED, (QUOTE,))}
    except cipher.database_errors():
        return set()


def _ranges(numbered: list[tuple[int, str]]) -> list[str]:
    """« FA-2026-0008 à FA-2026-0011 », « FA-2026-0013 »: consecutive numbers of a series joined."""
    shown: list[str] = []
    run: list[tuple[int, str]] = []
    for seq, number in [*sorted(numbered), (-2, "")]:
        if run and seq != run[-1][0] + 1:
            shown.append(run[0][1] if len(run) == 1 else f"{run[0][1]} à {run[-1][1]}")
            run = []
        run.append((seq, number))
    return shown


def _taken_at(file: Path) -> datetime:
    for backup in list_backups(file.parent):
        if backup.path.resolve() == file.resolve():
            return backup.taken_at
    return datetime.fromtimestamp(file.stat().st_mtime)


def restore_losses(context: Context, file: Path) -> str | None:
    """« Cette sauvegarde date du … : les factures … émises depuis seraient perdues de la base (…) », or None."""
    from sqlalchemy.exc import DatabaseError

    from kpa_local.db import cipher

    live = context.database.sqlite_file
    if live is None:  # a server's dump is not read here: its restore is the owner's (kpa restore --owner)
        from kpa_local.services.restore import RestoreRefused, server_restore_sentence

        raise RestoreRefused(server_restore_sentence())
    kept = _issued_in_file(file, cipher.key_for(live))
    unreadable: tuple[type[Exception], ...] = (DatabaseError, *cipher.database_errors())
    try:
        issued_now = context.database.read(_ISSUED.replace("?", ":quote"), {"quote": QUOTE})
    except unreadable:
        return None  # a damaged database: what it holds cannot be said
    by_series: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for number, kind, series, seq in issued_now:
        if str(number) not in kept:
            noun = "avoir" if kind == CREDIT_NOTE else "facture"
            by_series.setdefault((noun, str(series)), []).append((int(seq), str(number)))
    if not by_series:
        return None
    count = sum(len(numbers) for numbers in by_series.values())
    nouns = {noun for noun, _ in by_series}
    parts = []
    for (noun, _series), numbers in sorted(by_series.items()):
        article = ("l'" if noun == "avoir" else "la ") if len(numbers) == 1 else "les "
        parts.append(f"{article}{noun}{'s' if len(numbers) > 1 else ''} {', '.join(_ranges(numbers))}")
    ending = ("e" if nouns == {"facture"} else "") + ("s" if count > 1 else "")  # perdu, perdue, perdus, perdues
    given = "émis" + ending if ending.startswith("e") else "émis"  # émis, émise, émises
    if count == 1:
        rest = "serait perdu{} de la base (son PDF reste dans invoices/ et pourra être ressaisi)"
    else:
        rest = "seraient perdu{} de la base (leurs PDF restent dans invoices/ et pourront être ressaisis)"
    return (
        f"Cette sauvegarde date du {date_fr(_taken_at(file).date())} : {' et '.join(parts)} {given} depuis "
        f"{rest.format(ending)}."
    )
