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

    check_database_place(workspace, load_settings(workspace.config_file))
    print(f"Les paramètres de {workspace.config_file} sont valables.")
    return 0
