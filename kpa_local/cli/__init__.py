"""The `kpa` command: parse, call a service, print in French. Heavy modules load only when needed.

Its modules: parser.py builds the parser from each group's commands (start, members, billing,
sharing, interviews, network, safety, accounts, settings); session.py signs in and opens the KPA;
french.py makes argparse speak French; prompts.py asks the questions at the keyboard.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kpa_local.cli.parser import build_parser
from kpa_local.domain.errors import KpaError
from kpa_local.exit_statuses import EXIT_REFUSED, EXIT_UNEXPECTED, EXIT_USAGE
from kpa_local.logfile import log_to
from kpa_local.workspace import Place, locate, place

if TYPE_CHECKING:
    from kpa_local.cli.session import Handler

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; every refusal is a French sentence."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a command written wrong (argparse said why)
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        return _dispatch(args)
    except KpaError as error:
        print(error.message, file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whoever read the output stopped early (`kpa members list | head`): nothing went wrong.
        # What is left in the buffer goes nowhere, rather than fail again when Python exits.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        logging.getLogger("kpa_local").exception("Erreur inattendue")
        from kpa_local.files import is_disk_full, nearly_full
        from kpa_local.services.workspaces import DISK_FULL, UNREADABLE, is_damage

        if is_damage(error):
            print(UNREADABLE, file=sys.stderr)
            return EXIT_REFUSED
        from kpa_local.services.server_trouble import trouble

        if trouble(error):
            print(trouble(error), file=sys.stderr)
            return EXIT_REFUSED
        # With no room left, SQLite may only say « disk I/O error » (it cannot make its shared-memory file).
        if is_disk_full(error) or nearly_full(locate(args.workspace).data_dir):
            print(DISK_FULL, file=sys.stderr)
            return EXIT_REFUSED
        print(
            "Une erreur inattendue s'est produite ; ce qui était déjà enregistré n'est pas perdu. "
            "Réessayez, et si cela recommence, prévenez la coordination.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _dispatch(args: argparse.Namespace) -> int:
    here = args.place = place(args.workspace)  # `kpa where` says what chose it
    if getattr(args, "uses_workspace", True):
        _make_home(here)
    workspace = here.workspace
    log_to(workspace)
    run: Handler = args.run  # given by the command's parser (set_defaults)
    return run(workspace, args)


def _make_home(here: Place) -> None:
    """At the first start, the KPA's folder in the person's documents is made, and the app says where."""
    root = here.workspace.root
    if not here.is_home or root.exists():
        return
    try:
        root.mkdir(parents=True)
    except OSError as error:
        raise KpaError(
            f"Le dossier de la KPA ne peut pas être créé dans {root} ({error.strerror}) : choisissez-en un autre "
            "avec --workspace DOSSIER ou la variable KPA_WORKSPACE."
        ) from error
    print(f"Première ouverture : les données de la KPA seront rangées dans {root}.", file=sys.stderr)
