"""The parser of the `kpa` command: its options, then each group of commands, in the order the help lists them.

Each group's module adds its commands and gives each its handler (`set_defaults(run=...)`), which
`main` calls with the workspace and the arguments.
"""

from __future__ import annotations

import argparse

from kpa_local import __version__
from kpa_local.cli.accounts import add_account_commands
from kpa_local.cli.billing import add_billing_commands
from kpa_local.cli.database import add_database_commands
from kpa_local.cli.french import EXIT_STATUSES, FrenchParser
from kpa_local.cli.interviews import add_interview_commands
from kpa_local.cli.members import add_member_commands
from kpa_local.cli.network import add_network_commands
from kpa_local.cli.safety import add_safety_commands
from kpa_local.cli.settings import add_settings_commands
from kpa_local.cli.sharing import add_sharing_commands
from kpa_local.cli.start import add_start_commands, open_app


def build_parser() -> argparse.ArgumentParser:
    """Every command of `kpa`; without one, `kpa` opens the app."""
    parser = FrenchParser(
        prog="kpa",
        description="kpa_local : membres, activités, devis et factures d'une KPA, sur l'ordinateur du local.",
        epilog=EXIT_STATUSES,
    )
    parser.add_argument(
        "--version", action="version", version=f"kpa_local {__version__}", help="montrer la version, puis s'arrêter"
    )
    parser.add_argument(
        "--workspace",
        metavar="DOSSIER",
        help="dossier de la KPA (sinon KPA_WORKSPACE, sinon Documents/KPA : voir « kpa where »)",
    )
    parser.add_argument(
        "--user",
        metavar="IDENTIFIANT",
        help="le compte qui agit (sinon KPA_USER) ; mot de passe demandé ou KPA_PASSWORD",
    )
    parser.set_defaults(run=open_app)
    commands = parser.add_subparsers(metavar="COMMANDE")
    for add_commands in (
        add_start_commands,
        add_member_commands,
        add_billing_commands,
        add_sharing_commands,
        add_interview_commands,
        add_network_commands,
        add_safety_commands,
        add_account_commands,
        add_settings_commands,
        add_database_commands,
    ):
        add_commands(commands)
    return parser
