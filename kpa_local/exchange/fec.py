"""The layout of the fichier des écritures comptables (FEC), article A47 A-1 of the Livre des procédures fiscales.

A header line with the 18 names in their order, then one line per entry line; fields separated by a
tab, text in UTF-8, dates as AAAAMMJJ, amounts with a comma before the cents and no thousands
separator, the debit and the credit each in its column; lines end with CR LF (the DGFiP's test tool
reads CR LF, CR or LF alike). The file is named after the seller's SIREN
and the closing day of the period: `832145676FEC20261231.txt`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kpa_local.domain.accounting import Entry, lettering
from kpa_local.domain.money import Money

COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
    "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
    "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip
SEPARATOR = "\t"
LINE_END = "\r\n"


def fec_name(siren: str, closing: date) -> str:
    """`832145676FEC20261231.txt`: the name the law gives the file."""
    return f"{siren}FEC{fec_day(closing)}.txt"


def fec_day(day: date) -> str:
    """A date as AAAAMMJJ."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def fec_amount(amount: Money) -> str:
    """`1234,56`: a comma before the cents, no thousands separator, the sign (if any) first."""
    cents = amount.cents
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def _field(text: str) -> str:
    """A text on one line, without the separator: tabs and line breaks become spaces."""
    return " ".join(text.replace(SEPARATOR, " ").split())


def fec_text(entries: Sequence[Entry]) -> str:
    """The file: the header, then each line of each entry, numbered 1 … n in the order given."""
    letters = lettering(entries)
    rows = [SEPARATOR.join(COLUMNS)]
    for index, entry in enumerate(entries):
        for line_index, line in enumerate(entry.lines):
            letter = letters.get((index, line_index))
            fields = (
                entry.journal, entry.journal_label, str(index + 1), fec_day(entry.day), line.account,
                line.account_label, line.auxiliary, line.auxiliary_label, entry.piece, fec_day(entry.piece_day),
                entry.label, fec_amount(line.debit), fec_amount(line.credit), letter.code if letter else "",
                fec_day(letter.day) if letter else "", fec_day(entry.recorded), "", "",
            )  # fmt: skip
            rows.append(SEPARATOR.join(_field(field) for field in fields))
    return LINE_END.join(rows) + LINE_END
