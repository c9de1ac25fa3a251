"""What every backup is, on a computer or on a server: its name, its reasons, its card, its refusals.

A backup is `kpa-<code>-<date>-<time>-<reason>` followed by `.sqlite3` (a copy of a KPA's file,
services/backups.py) or `.pgdump` (a server's dump, services/server_backups.py), with its JSON card
beside it; both kinds are listed and rotated together.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kpa_local.domain.errors import KpaError

DAILY = "quotidienne"
MANUAL = "manuelle"
BEFORE_MIGRATION = "avant-mise-a-jour"
BEFORE_RESTORE = "avant-restauration"
BEFORE_ENCRYPTION = "avant-chiffrement"
BEFORE_MOVE = "avant-serveur"
REASONS = {
    DAILY: "sauvegarde du jour",
    MANUAL: "sauvegarde demandée",
    BEFORE_MIGRATION: "avant une mise à jour",
    BEFORE_RESTORE: "avant une restauration",
    BEFORE_ENCRYPTION: "avant le chiffrement",
    BEFORE_MOVE: "avant le passage sur un serveur",
}
CARD_SUFFIX = ".json"
# A SQLite file's copy, or a server's dump (services/server_backups.py), encrypted with the KPA's key.
SUFFIXES = (".sqlite3", ".pgdump")
NAME = re.compile(
    r"^kpa-(?P<code>[a-z0-9-]+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.(?:sqlite3|pgdump)$"
)


class BackupError(KpaError):
    """A backup that could not be taken or used."""


class BackupFailed(BackupError):
    """A backup that could not be written (a full disk, a folder that refuses writing); nothing is left of it."""


@dataclass(frozen=True)
class Backup:
    """One backup file and what its card says."""

    path: Path
    taken_at: datetime
    reason: str
    verified: bool
    revision: str | None = None
    sha256: str = ""
    size: int = 0

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def free_name(folder: Path, code: str, moment: datetime, reason: str, ending: str = ".sqlite3") -> Path:
    """A backup's name in `folder` that no other backup has."""
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        path = folder / f"kpa-{code}-{stamp}{suffix}-{reason}{ending}"
        if not path.exists() and not path.with_name(path.name + ".part").exists():
            return path
    raise BackupError(f"Trop de sauvegardes à la même seconde dans {folder} : réessayez dans un instant.")
