"""The settings screen's use cases: the keys the schema puts on screen (identities, billing terms, sharing rule)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpa_local.config import ConfigError, save_sections
from kpa_local.config.kinds import Wrong
from kpa_local.config.sections import BY_NAME, SECTIONS
from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.context import Context


def identity_values(context: Context) -> dict[str, dict[str, str]]:
    """The current values of the keys shown on screen, as a field shows them, by section then key.

    Whoever may see the KPA's documents may read them (they are printed on every quote and invoice); only a
    role that may change the settings saves them.
    """
    require(context, Permission.READ_BILLING)
    values: dict[str, dict[str, str]] = {}
    for section in SECTIONS:
        current = getattr(context.settings, section.name)
        for name, key, _default in section.entries():
            if key.on_screen:
                values.setdefault(section.name, {})[name] = key.kind.shown(getattr(current, name))
    return values


def save_identity(context: Context, changes: Mapping[str, Mapping[str, str]]) -> None:
    """Check every value, then save them all at once (or nothing); kpa.toml keeps its comments.

    A problem's field is named `section.key`.
    """
    require(context, Permission.EDIT_SETTINGS)
    problems = []
    cleaned: dict[str, dict[str, Any]] = {}
    for section_name, values in changes.items():
        for name, text in values.items():
            section = BY_NAME.get(section_name)
            key = section.key(name) if section and name in section.names() else None
            if key is None or not key.on_screen:
                raise KpaError(f"La clé « {section_name}.{name} » ne se modifie pas depuis cet écran.")
            if key.required and not text.strip():
                problems.append(Problem(f"{section_name}.{name}", "Cette valeur est obligatoire."))
                continue
            try:
                cleaned.setdefault(section_name, {})[name] = key.kind.typed(text)
            except Wrong as wrong:
                problems.append(Problem(f"{section_name}.{name}", f"Cette valeur {wrong.text}."))
    if problems:
        raise Refused(problems)
    before = identity_values(context)
    try:
        if context.database.on_server:  # the KPA's settings, the same on every computer
            from kpa_local.services.shared_settings import save_shared

            context.settings = save_shared(context.workspace, context.database, cleaned)
        else:
            context.settings = save_sections(context.workspace.config_file, cleaned)
    except ConfigError as error:
        raise KpaError(error.message) from None
    after = identity_values(context)
    changed = tuple(
        f"{section}.{key}" for section, values in after.items() for key, value in values.items()
        if before[section].get(key) != value
    )  # fmt: skip
    if changed:
        record_action(context, "parametres.modification", "config/kpa.toml", changed)
