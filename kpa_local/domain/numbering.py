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


def number_parser(pattern: str, prefix: str) -> re.Pattern[str]:
    """A regular expression that reads (year, seq) back from the numbers a series gives."""
    parts = []
    for literal, name, spec, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "prefix":
            parts.append(re.escape(prefix))
        elif name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "seq":
            parts.append(r"(?P<seq>\d+)")
        elif name is not None:
            parts.append(re.escape("{" + name + (":" + spec if spec else "") + "}"))
    return re.compile("^" + "".join(parts) + "$")


def parse_number(pattern: str, prefix: str, number: str) -> tuple[int, int] | None:
    """(year, seq) of a number of the series (year 0 when the series never resets), or None if not one of its."""
    found = number_parser(pattern, prefix).match(number)
    if found is None:
        return None
    year = int(found["year"]) if resets_each_year(pattern) and "year" in found.groupdict() else 0
    return year, int(found["seq"])
