"""The network bundle's format (collecteur v1): its schema, CSV writing, pseudonyms and figures.

The columns, codes and rules come from `collecteur-v1.json`, the machine-readable copy of the
format kept beside this module; docs/collecteur-bundle-v1.md explains it and the choices made
where the network's page is silent. The writer and the checker read the same schema.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("collecteur-v1.json")


@cache
def schema() -> dict[str, Any]:
    """The format's schema (files, columns, codes, privacy defaults)."""
    data: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return data


def columns(file_name: str) -> tuple[str, ...]:
    """The header of one of the bundle's CSV files."""
    return tuple(column["name"] for column in schema()["files"][file_name]["columns"])


def pseudonym(secret: bytes, internal_id: int | str) -> str:
    """The first 16 hex characters of HMAC-SHA256(the KPA's secret, the internal id): same person, same pid."""
    return hmac.new(secret, str(internal_id).encode("ascii"), hashlib.sha256).hexdigest()[:16]


def money(cents: int) -> str:
    """`1234.50`: a dot and exactly two decimals, no thousands separator."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def hours(minutes: int) -> str:
    """Hours with two decimals (`12.50`), rounded half up from minutes."""
    hundredths = (minutes * 100 * 2 + 60) // 120  # minutes / 60, to the hundredth, half up
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """RFC 4180 with `,` and `\\n`, fields quoted only when needed, rows sorted by their first column
    then the rest: the same rows always give the same bytes. UTF-8 without BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(sorted(tuple(row) for row in rows))
    return buffer.getvalue().encode("utf-8")


def archive_name(kpa_code: str, quarter_label: str) -> str:
    """`kpa-roubaix-manau-2026Q3.zip`."""
    return f"kpa-{kpa_code}-{quarter_label}.zip"
