"""Backups of a KPA on a server: `pg_dump` in its custom format, encrypted with the KPA's key.

The dump is written as `kpa-<code>-<date>-<time>-<reason>.pgdump` beside the SQLite backups'
kind, with the same card (written once the file has been read back, decrypted and listed by
`pg_restore`) and the same rotation. The file holds a short header, a random nonce and the
dump sealed with AES-GCM: without a password of the KPA or its recovery key it reads as noise.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kpa_local.db import cipher
from kpa_local.db.backup import make_private
from kpa_local.db.migrate import current_revision
from kpa_local.db.server import shown_address
from kpa_local.files import write_atomically
from kpa_local.services.backup_kinds import CARD_SUFFIX, Backup, BackupError, digest_of, free_name
from kpa_local.services.context import Context

MAGIC = b"KPA-PGDUMP-1\n"
NONCE_BYTES = 12
ENDING = ".pgdump"
# How long a dump or its check may take before the app says so (a server out of reach).
TIMEOUT_SECONDS = 15 * 60
INSTALL = (
    "installez les outils de PostgreSQL sur ce poste (sous Debian ou Ubuntu : le paquet postgresql-client ; "
    "sous Windows : l'installateur de PostgreSQL, partie « Command Line Tools »), de la même version que le "
    "serveur ou plus récente, puis réessayez"
)


def tool(name: str) -> str:
    """The path of `pg_dump` or `pg_restore`, or a sentence saying what to install."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"La sauvegarde d'une KPA sur un serveur a besoin de {name}, absent de ce poste : {INSTALL}.")
    return found


def libpq_address(url: str) -> tuple[str, dict[str, str]]:
    """The address as libpq reads it, without its password (given apart: a command line is seen by all)."""
    parts = urlsplit("postgresql:" + url.strip().split(":", 1)[1])
    if parts.password is None:
        return parts.geturl(), {}
    netloc = parts.netloc.replace(f":{parts.password}@", "@", 1)
    return parts._replace(netloc=netloc).geturl(), {"PGPASSWORD": unquote(parts.password)}


def run_tool(arguments: list[str], what: str, stdin: bytes | None = None, extra: dict[str, str] | None = None) -> bytes:
    """The output of one of PostgreSQL's tools; BackupError naming `what` when it fails or hangs."""
    try:
        done = subprocess.run(
            arguments,
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, **(extra or {})},
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what} n'a pas répondu en {TIMEOUT_SECONDS // 60} minutes : vérifiez le réseau.") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{what} a échoué ({detail[-1] if detail else f'code {done.returncode}'}).")
    return done.stdout


def seal(dump: bytes, key: bytes) -> bytes:
    """The dump encrypted and authenticated with the KPA's key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, dump, MAGIC)


def unseal(sealed: bytes, key: bytes) -> bytes:
    """The dump of a sealed backup; BackupError when the file is not one, or the key not its own."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + NONCE_BYTES + 16:
        raise BackupError("Ce fichier n'est pas une sauvegarde de KPA sur un serveur (ou il est coupé).")
    nonce = sealed[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[len(MAGIC) + NONCE_BYTES :], MAGIC)
    except InvalidTag:
        raise BackupError(
            "Cette sauvegarde ne s'ouvre pas avec la clé de la KPA : elle vient d'une autre KPA, ou elle a été "
            "modifiée. Gardez-la à part et prenez-en une autre."
        ) from None


def check_dump(dump: bytes) -> int:
    """How many entries `pg_restore` lists in the dump (refused when it cannot read it)."""
    listing = run_tool([tool("pg_restore"), "--list"], "La relecture de la sauvegarde par pg_restore", stdin=dump)
    entries = [line for line in listing.decode("utf-8", "replace").splitlines() if line and not line.startswith(";")]
    if not entries:
        raise BackupError("La sauvegarde relue est vide : gardez les sauvegardes précédentes.")
    return len(entries)


def take_server_backup(context: Context, folder: Path, *, reason: str, now: datetime | None = None) -> Backup:
    """Dump the server's database, seal it, read it back, then write its card; return the backup."""
    key = cipher.key_for(context.workspace.database_file)
    if key is None:
        raise BackupError(
            "La clé de la KPA n'est pas ouverte sur ce poste : connectez-vous avec votre compte, puis sauvegardez."
        )
    url = context.database.url
    address, password = libpq_address(url)
    dump = run_tool(
        [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--dbname={address}"],
        f"La copie de la base du serveur ({shown_address(url)}) par pg_dump",
        extra=password,
    )
    moment = (now or context.database.now()).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True)
    make_private(folder)
    target = free_name(folder, context.settings.kpa.code, moment, reason, ENDING)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(seal(dump, key))
        make_private(partial)
        entries = check_dump(unseal(partial.read_bytes(), key))
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    backup = Backup(
        target, moment, reason, True, current_revision(context.database), digest_of(target), target.stat().st_size
    )
    card = {
        "format": 1, "kpa": context.settings.kpa.code, "taken_at": moment.isoformat(), "reason": reason,
        "revision": backup.revision, "sha256": backup.sha256, "size": backup.size, "verified": True,
        "serveur": shown_address(url), "entrees": entries,
    }  # fmt: skip
    _add_recovery_slot(context, card)
    card_path = target.with_name(target.name + CARD_SUFFIX)
    write_atomically(card_path, json.dumps(card, indent=2) + "\n")
    make_private(card_path)
    return backup


def _add_recovery_slot(context: Context, card: dict[str, object]) -> None:
    """The recovery key's wrapped copy of the key: with it, the backup opens even if the server is lost."""
    from kpa_local.db.keyring import RECOVERY_SLOT
    from kpa_local.services.encryption import accounts_file, recovery_card

    slot = accounts_file(context.workspace).slots().get(RECOVERY_SLOT)
    if slot is not None:
        card["secours"] = recovery_card(slot)
