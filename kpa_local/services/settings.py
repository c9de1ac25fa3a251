"""The settings screen's use cases: the KPA's identity, the structure de portage's, billing terms, sharing rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from kpa_local.config import ConfigError, check_value, normalise_identifier, save_sections
from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.context import Context

EDITABLE = ("kpa", "portage", "billing", "sharing")
# Billing settings offered on the screen (the others are edited in kpa.toml, where they are explained).
BILLING_ON_SCREEN = (
    "iban",
    "bic",
    "payment_methods",
    "payment_days",
    "quote_validity_days",
    "late_penalty",
    "escompte",
)
NUMBERS = {("billing", "payment_days"), ("billing", "quote_validity_days")}


def identity_values(context: Context) -> dict[str, dict[str, str]]:
    """The current values of the editable sections, as texts, by section then key.

    Whoever may see the KPA's documents may read them (they are printed on every quote and invoice); only a
    role that may change the settings saves them.
    """
    require(context, Permission.READ_BILLING)
    return {
        "kpa": {key: str(value) for key, value in asdict(context.settings.kpa).items()},
        "portage": {key: str(value) for key, value in asdict(context.settings.portage).items()},
        "billing": {key: str(getattr(context.settings.billing, key)) for key in BILLING_ON_SCREEN},
        "sharing": {key: str(value) for key, value in asdict(context.settings.sharing).items()},
    }


def save_identity(context: Context, changes: Mapping[str, Mapping[str, str]]) -> None:
    """Check every value, then save them all at once (or nothing); kpa.toml keeps its comments.

    A problem's field is named `section.key`.
    """
    require(context, Permission.EDIT_SETTINGS)
    problems = []
    cleaned: dict[str, dict[str, str | int]] = {}
    for section, values in changes.items():
        if section not in EDITABLE:
            raise KpaError(f"La section [{section}] ne se modifie pas depuis cet écran.")
        for key, value in values.items():
            typed: str | int = value
            if (section, key) in NUMBERS:
                if not value.strip().isdigit():
                    problems.append(Problem(f"{section}.{key}", "Écrivez un nombre de jours, en chiffres."))
                    continue
                typed = int(value)
            wrong = check_value(section, key, typed)
            if wrong:
                problems.append(Problem(f"{section}.{key}", f"Cette valeur {wrong}."))
            else:
                cleaned.setdefault(section, {})[key] = (
                    typed if isinstance(typed, int) else normalise_identifier(section, key, typed)
                )
    if problems:
        raise Refused(problems)
    before = identity_values(context)
    try:
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
