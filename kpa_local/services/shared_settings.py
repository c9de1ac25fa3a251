"""On a server, the settings every computer of the KPA shares: kept in the database, mirrored in kpa.toml.

Every section but `[database]` (the address, which each computer needs before it reaches the
server) is the KPA's, not the computer's: its identity, its billing terms, its sharing rule.
The first computer that opens the KPA on the server gives it the sections of its kpa.toml; from
then on each opening writes the server's sections into the computer's file (comments kept), and
Paramètres saves into both. A section edited by hand in one computer's file is replaced by the
server's at the next opening, and the notice says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpa_local.config import Settings, save_sections
from kpa_local.config.reading import parse_settings
from kpa_local.config.sections import SECTIONS
from kpa_local.db.engine import Database
from kpa_local.files import write_atomically
from kpa_local.toml_files import parse_toml_document, read_toml_text
from kpa_local.workspace import Workspace

LOCAL = ("database",)
SHARED = tuple(section.name for section in SECTIONS if section.name not in LOCAL)


def _body(document: Any, name: str) -> str | None:
    import tomlkit

    if name not in document:
        return None
    single = tomlkit.document()
    single[name] = document[name]
    return tomlkit.dumps(single)


def _store(database: Database, bodies: Mapping[str, str], *, only_new: bool) -> None:
    from sqlalchemy import text

    from kpa_local.db.server import take_write_lock

    with database.engine.begin() as connection:
        take_write_lock(connection)
        for name, body in bodies.items():
            known = connection.execute(text("SELECT 1 FROM shared_setting WHERE section = :s"), {"s": name}).first()
            if known and only_new:
                continue
            if known:
                connection.execute(
                    text("UPDATE shared_setting SET body = :b, changed_at = LOCALTIMESTAMP(0) WHERE section = :s"),
                    {"s": name, "b": body},
                )
            else:
                connection.execute(
                    text("INSERT INTO shared_setting (section, body, changed_at) VALUES (:s, :b, LOCALTIMESTAMP(0))"),
                    {"s": name, "b": body},
                )


def settings_on_server(workspace: Workspace, database: Database) -> tuple[Settings, tuple[str, ...]]:
    """The settings with the server's shared sections, the file brought in line; and what to tell."""
    import tomlkit

    path = workspace.config_file
    document = parse_toml_document(read_toml_text(path), path)
    kept = dict(database.read("SELECT section, body FROM shared_setting"))
    missing = {name: body for name in SHARED if name not in kept and (body := _body(document, name)) is not None}
    if missing:  # the first computer on the server (or a section added since) gives its own
        _store(database, missing, only_new=True)
        kept = dict(database.read("SELECT section, body FROM shared_setting"))
    replaced = []
    for name in SHARED:
        if name not in kept:
            continue
        table = parse_toml_document(str(kept[name]), path).get(name)  # read as the file is: a French refusal
        if table is None:
            continue
        if name not in document or document[name].unwrap() != table.unwrap():
            replaced.append(name)
            document[name] = table
    text = tomlkit.dumps(document)
    settings = parse_settings(text, path)
    if not replaced:
        return settings, ()
    write_atomically(path, text)
    names = ", ".join(f"[{name}]" for name in replaced)
    return settings, (
        f"Les paramètres partagés de la KPA ({names}) viennent du serveur : {path} a été mis à jour. "
        "Sur un serveur, ils se changent depuis Paramètres.",
    )


def save_shared(workspace: Workspace, database: Database, changes: Mapping[str, Mapping[str, Any]]) -> Settings:
    """Save changed keys in the computer's file (checked there), then the changed sections on the server."""
    settings = save_sections(workspace.config_file, changes)
    document = parse_toml_document(read_toml_text(workspace.config_file), workspace.config_file)
    bodies = {name: body for name in changes if name in SHARED and (body := _body(document, name)) is not None}
    _store(database, bodies, only_new=False)
    return settings
