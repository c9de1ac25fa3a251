"""Loading a workspace's settings: read, and an older file brought up to date in it."""

from __future__ import annotations

from pathlib import Path

from kpa_local.config.reading import ConfigError, missing_settings, parse_with_reading
from kpa_local.config.sections import Settings
from kpa_local.config.writing import bring_up_to_date
from kpa_local.files import FileRefused
from kpa_local.toml_files import TomlRefused, read_toml_text


def load_settings(path: Path) -> Settings:
    """Read the settings file of a workspace; an older file is brought up to date in it, with a note."""
    if not path.exists():
        raise missing_settings(path)
    try:
        text = read_toml_text(path)
    except (FileRefused, TomlRefused) as refused:
        raise ConfigError([refused.message]) from None
    settings, reading = parse_with_reading(text, path)
    if not (reading.renamed or reading.missing):
        return settings
    return bring_up_to_date(path, text, settings, reading.renamed, reading.missing)
