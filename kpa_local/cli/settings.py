"""`kpa config check`: the settings of the KPA checked, without signing in."""

from __future__ import annotations

import argparse
from typing import Any

from kpa_local.cli.french import action_group
from kpa_local.workspace import Workspace


def add_settings_commands(commands: Any) -> None:
    """Add `kpa config check`."""
    config = action_group(commands, "config", "les paramètres")
    config.add_parser("check", help="vérifier config/kpa.toml").set_defaults(run=_check)


def _check(workspace: Workspace, _args: argparse.Namespace) -> int:
    from kpa_local.config import load_settings
    from kpa_local.services.database_place import check_database_place

    settings = load_settings(workspace.config_file)
    check_database_place(workspace, settings)
    for note in settings.notes:  # an older file brought up to date: what changed in it
        print(note)
    print(f"Les paramètres de {workspace.config_file} sont valables.")
    return 0
