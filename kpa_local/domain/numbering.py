"""Official numbers of quotes, invoices and credit notes, built from the format in the settings."""

from __future__ import annotations

import re
import string

from kpa_local.domain.errors import KpaError

DEFAULT_FORMAT = "{prefix}-{year}-{seq:04d}"
MAX_LENGTH = 35
_ALLOWED = re.compile(r"^[A-Za-z0-9+\-_/]+$")
_FIELDS = {"prefix", "year", "seq"}


class NumberFormatError(KpaError):
    """A numbering format that cannot give valid invoice numbers."""


def format_number(pattern: str, prefix: str, year: int, seq: int) -> str:
    """The number of the `seq`-th document of a series, e.g. `FA-2026-0007`."""
    number = pattern.format(prefix=prefix, year=year, seq=seq)
    if len(number) > MAX_LENGTH or not _ALLOWED.match(number):
        raise NumberFormatError(
            f"Le numéro « {number} » n'est pas valable : au plus {MAX_LENGTH} caractères, "
            "lettres, chiffres et + - _ / seulement. Corrigez le format de numérotation dans les paramètres."
        )
    return number


def check_number_format(pattern: str, prefix: str) -> str | None:
    """What is wrong with a numbering format, as the end of a French sentence, or None."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        return "n'est pas un format lisible (les accolades vont par paires, comme {prefix}-{year}-{seq:04d})"
    if "seq" not in names:
        return "doit contenir {seq}, le numéro d'ordre dans la série"
    if names - _FIELDS:
        return "ne peut contenir que {prefix}, {year} et {seq}"
    try:
        format_number(pattern, prefix, 2099, 99_999)
    except (NumberFormatError, ValueError, IndexError):
        return f"donne des numéros trop longs ou avec des caractères interdits (au plus {MAX_LENGTH} caractères)"
    return None


def resets_each_year(pattern: str) -> bool:
    """Whether the sequence starts again at 1 each year (when the year is part of the number)."""
    return "{year" in pattern
