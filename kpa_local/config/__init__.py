"""The KPA's settings, config/kpa.toml: one declared schema (`sections`), read once into typed values.

Each key is declared once, in `sections.py` (and `sharing.py`, `interviews.py` for the two long
sections), with its kind (`kinds.py`), default, check, French label and place on the Paramètres
screen. `reading.py` reads the file into `Settings`, refusing every problem at once with its line;
`writing.py` writes changes and brings an older file up to date, keeping its comments.
"""

from kpa_local.config.loading import load_settings
from kpa_local.config.places import key_place
from kpa_local.config.reading import ConfigError, check_value, missing_settings, parse_settings
from kpa_local.config.sections import (
    BillingSettings,
    ExportSettings,
    KpaIdentity,
    PortageIdentity,
    Settings,
)
from kpa_local.config.writing import save_sections, template_text

__all__ = [
    "BillingSettings",
    "ConfigError",
    "ExportSettings",
    "KpaIdentity",
    "PortageIdentity",
    "Settings",
    "check_value",
    "key_place",
    "load_settings",
    "missing_settings",
    "parse_settings",
    "save_sections",
    "template_text",
]
