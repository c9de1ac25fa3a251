"""Write a quarter's network bundle: k-anonymous members.csv, activity.csv, manifest.json, one ZIP.

The rows come from the services as plain dictionaries of codes; here they are made
k-anonymous, sorted, written as the format says, hashed and packed. The same rows give the
same CSV bytes; only the manifest's `generated_at` changes from one export to the next.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from kpa_local.domain.kanonymity import suppress
from kpa_local.exchange.bundle_format import archive_name, columns, csv_bytes, schema

# A fixed date inside the archive, so that the ZIP itself depends only on its files.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Privacy:
    """The privacy settings of an export."""

    k: int
    quasi_identifiers: tuple[str, ...]
    sensitive: tuple[str, ...]


@dataclass(frozen=True)
class Bundle:
    """Everything that will leave the computer, file by file, and the archive's bytes."""

    name: str
    files: dict[str, bytes]  # file name → bytes, manifest included
    rows: dict[str, tuple[tuple[str, ...], ...]]  # CSV file name → its rows (header first)
    manifest: dict[str, object]
    suppressed_cells: int
    fully_suppressed_rows: int
    hidden_by_months: int  # of the suppressed cells: sensitive values the entry and exit months gave away

    def archive(self) -> bytes:
        """The ZIP, files at its root, in a fixed order with a fixed date."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, self.files[name])
        return buffer.getvalue()


def default_privacy() -> Privacy:
    """k = 3 on gender, age band, département and QPV; RQTH and international protection sensitive."""
    defaults = schema()["privacy"]
    return Privacy(defaults["default_k"], tuple(defaults["default_quasi_identifiers"]),
                   tuple(defaults["default_sensitive"]))  # fmt: skip


def _table(file_name: str, rows: Sequence[Mapping[str, str]]) -> tuple[bytes, tuple[tuple[str, ...], ...]]:
    header = columns(file_name)
    body = sorted(tuple(row[column] for column in header) for row in rows)
    return csv_bytes(header, body), (header, *body)


def assemble(
    *,
    kpa_code: str,
    kpa_name: str,
    quarter_label: str,
    period: tuple[date, date],
    members: Sequence[Mapping[str, str]],
    activity: Sequence[Mapping[str, str]],
    interviews: Sequence[Mapping[str, str]] = (),
    privacy: Privacy,
    generated_at: datetime,
    version: str,
) -> Bundle:
    """The bundle of a quarter from its rows (codes already), members made k-anonymous."""
    linked = schema()["privacy"]["sensitive_linked"]  # the months, which would give a sensitive value away
    anonymous = suppress(members, privacy.quasi_identifiers, privacy.k, privacy.sensitive, linked)
    files: dict[str, bytes] = {}
    rows: dict[str, tuple[tuple[str, ...], ...]] = {}
    for name, table in (("members.csv", anonymous.rows), ("activity.csv", activity), ("interviews.csv", interviews)):
        if name == "interviews.csv" and not table:
            continue  # only when the KPA has consented interviews
        files[name], rows[name] = _table(name, table)
    manifest: dict[str, object] = {
        "format": schema()["format"],
        "format_version": schema()["format_version"],
        "kpa_code": kpa_code,
        "kpa_name": kpa_name,
        "period": {"start": period[0].isoformat(), "end": period[1].isoformat(), "label": quarter_label},
        "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": {"name": "kpa_local", "version": version},
        "privacy": {
            "pseudonymisation": "hmac-sha256",
            "k": privacy.k,
            "quasi_identifiers": list(privacy.quasi_identifiers),
            "sensitive": list(privacy.sensitive),
            "suppressed_cells": anonymous.suppressed_cells,
            "fully_suppressed_rows": anonymous.fully_suppressed_rows,
        },
        "files": {
            name: {"rows": len(rows[name]) - 1, "sha256": hashlib.sha256(files[name]).hexdigest()}
            for name in sorted(rows)
        },
    }
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return Bundle(archive_name(kpa_code, quarter_label), files, rows, manifest, anonymous.suppressed_cells,
                  anonymous.fully_suppressed_rows, anonymous.hidden_by_months)  # fmt: skip
