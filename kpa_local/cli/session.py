"""Who a `kpa` command acts as, and the KPA it acts on: signing in, then opening the workspace.

The command line acts as an account, like the screens: the login comes from `--user` or
the KPA_USER environment variable (else it is asked), the password from KPA_PASSWORD
(for scripts) or is asked without being shown.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from kpa_local.cli.prompts import ask, ask_secret
from kpa_local.domain.errors import KpaError
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.domain.accounts import Actor
    from kpa_local.services.context import Context

    Handler: TypeAlias = Callable[[Workspace, argparse.Namespace], int]
    """What a command runs, given with `set_defaults(run=...)`: its workspace and arguments in, its exit status out."""

    KpaCommand: TypeAlias = Callable[[Context, argparse.Namespace], int]
    """A command that works on the KPA, opened as the account signed in."""

NO_ACCOUNT = (
    "Aucun compte n'existe encore dans cette KPA : ouvrez l'application (« kpa ») pour créer le premier compte "
    "de coordination, ou faites « kpa accounts first »."
)


def secret(variable: str, prompt: str) -> str:
    """A password or a key: from the environment variable if it is set, else typed without being shown."""
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise KpaError(f"{prompt} : tapez-le dans un terminal, ou donnez-le par la variable {variable}.")
    return ask_secret(f"{prompt} : ")


def require_settings(workspace: Workspace) -> None:
    """Refuse, saying to run `kpa init`, a folder that holds no KPA."""
    if not workspace.config_file.is_file():
        from kpa_local.config import missing_settings

        raise missing_settings(workspace.config_file)


def signed_in(workspace: Workspace, user: str | None) -> Actor:
    """The account the command acts as, after checking its password."""
    from kpa_local.services.accounts import has_accounts, sign_in

    if not has_accounts(workspace):
        raise KpaError(NO_ACCOUNT)
    login = user or os.environ.get("KPA_USER") or ""
    if not login:
        if not sys.stdin.isatty():
            raise KpaError("Identifiant : donnez-le avec --user ou la variable KPA_USER.")
        login = ask("Identifiant : ")
    return sign_in(workspace, login, secret("KPA_PASSWORD", "Mot de passe"))


def open_kpa(workspace: Workspace, args: argparse.Namespace) -> Context:
    """The KPA opened as the account signed in; a damaged database is opened to be read only."""
    from kpa_local.services.workspaces import DamagedDatabase, open_workspace

    require_settings(workspace)
    actor = signed_in(workspace, args.user)
    try:
        context = open_workspace(workspace, actor=actor)
    except DamagedDatabase as damage:
        print(damage.message, file=sys.stderr)
        return open_workspace(workspace, actor=actor, read_only=True)
    for notice in (*context.notices, *filter(None, [context.rollback])):
        print(notice, file=sys.stderr)
    return context


def on_open_kpa(command: KpaCommand, *, close: bool = False) -> Handler:
    """The handler that signs in, opens the KPA and runs the command on it (then closes it, if asked)."""

    def run(workspace: Workspace, args: argparse.Namespace) -> int:
        context = open_kpa(workspace, args)
        try:
            return command(context, args)
        finally:
            if close:
                context.close()

    return run
