"""Starting out: `kpa` alone or `kpa open` opens the app; `kpa init`, `kpa guide` and `kpa demo`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kpa_local.cli.database import OWNER_HELP, prepare_server
from kpa_local.cli.french import whole_number
from kpa_local.cli.prompts import ask
from kpa_local.cli.session import require_settings
from kpa_local.domain.errors import KpaError
from kpa_local.exit_statuses import EXIT_DONE
from kpa_local.logfile import log_to
from kpa_local.workspace import Place, Workspace, demo_folder


def add_start_commands(commands: Any) -> None:
    """Add `kpa open`, `kpa init`, `kpa guide` and `kpa demo`."""
    commands.add_parser("open", help="ouvrir l'application (ce que fait « kpa » tout seul)").set_defaults(run=open_app)

    init = commands.add_parser("init", help="créer une KPA dans un dossier")
    init.add_argument("--name", metavar="NOM", help="nom de la KPA")
    init.add_argument("--code", metavar="CODE", help="code de la KPA dans le réseau (ex. roubaix-manau)")
    init.add_argument(
        "--account-name", dest="account_name", metavar="NOM", help="prénom et nom de la personne de coordination"
    )
    init.add_argument("--sheet", metavar="FICHIER.pdf", help="écrire aussi la feuille de la clé de secours à imprimer")
    init.add_argument(
        "--login", metavar="IDENTIFIANT", help="son identifiant (mot de passe demandé, ou KPA_NEW_PASSWORD)"
    )
    init.add_argument(
        "--database", metavar="ADRESSE", help="la base sur un serveur PostgreSQL : l'adresse du rôle de l'application"
    )
    init.add_argument("--owner", metavar="ADRESSE", help="avec --database : " + OWNER_HELP)
    init.set_defaults(run=_init)

    guide = commands.add_parser("guide", help="écrire le guide « Premiers pas » à imprimer (PDF)")
    guide.add_argument(
        "--out", default="premiers-pas.pdf", metavar="FICHIER.pdf", help="où l'écrire (par défaut ./premiers-pas.pdf)"
    )
    guide.set_defaults(run=_guide, uses_workspace=False)

    serve = commands.add_parser("serve", help="ouvrir l'application dans un navigateur, sur cet ordinateur seulement")
    serve.add_argument("--port", type=whole_number(65535), default=8000, metavar="N", help="par défaut 8000")
    serve.add_argument(
        "--host",
        default=LOOPBACK,
        metavar="ADRESSE",
        help="127.0.0.1 seulement : l'application reste sur cet ordinateur",
    )
    serve.set_defaults(run=_serve)

    where = commands.add_parser("where", help="dire dans quel dossier sont les données de la KPA")
    where.set_defaults(run=_where, uses_workspace=False)

    demo = commands.add_parser("demo", help="créer une KPA de démonstration et l'ouvrir")
    demo.add_argument(
        "directory", nargs="?", metavar="DOSSIER", help="par défaut Documents/KPA-demo (./demo dans un clone du projet)"
    )
    demo.add_argument("--no-open", action="store_true", help="créer seulement, sans ouvrir")
    demo.add_argument(
        "--people", type=whole_number(10_000), default=40, metavar="NOMBRE", help="nombre de personnes (40)"
    )
    demo.add_argument("--years", type=whole_number(50), default=2, metavar="NOMBRE", help="années d'histoire (2)")
    demo.set_defaults(run=_demo, uses_workspace=False)


def open_app(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa` or `kpa open`: the app on this workspace; at a keyboard, a folder with no KPA yet is offered one."""
    if not workspace.exists() and sys.stdin.isatty():
        print(
            f"Il n'y a pas encore de KPA dans {workspace.root}. Pour la créer, répondez aux questions "
            "(Ctrl+C pour arrêter sans rien créer ; « kpa demo » ouvre plutôt une KPA de démonstration)."
        )
        for name in ("name", "code", "account_name", "login", "sheet"):
            setattr(args, name, getattr(args, name, None))
        _init(workspace, args)
    return _run_app(workspace)


LOOPBACK = "127.0.0.1"  # the only address `kpa serve` listens on (kpa_local.tui.web_server)
LOCAL_NAMES = frozenset({LOOPBACK, "localhost"})


def _serve(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa serve`: the app in a browser tab of this computer, each visitor signing in."""
    if args.host.strip().lower() not in LOCAL_NAMES:
        raise KpaError(
            f"kpa serve n'écoute que sur cet ordinateur (127.0.0.1), pas sur « {args.host} » : une autre adresse "
            "montrerait l'application aux autres ordinateurs du réseau. Enlevez --host, ou écrivez --host 127.0.0.1."
        )
    require_settings(workspace)
    from kpa_local.tui.web_server import serve

    try:
        serve(workspace.root, args.port)
    except OSError as error:
        raise KpaError(
            f"L'adresse 127.0.0.1:{args.port} ne peut pas être ouverte ({error.strerror or error}) : elle est "
            "peut-être déjà prise ; choisissez un autre port avec --port, par exemple --port 8001."
        ) from error
    return 0


WHERE_CHOSEN = {
    "option": "le dossier donné par --workspace",
    "environment": "le dossier donné par la variable KPA_WORKSPACE",
    "clone": "le dossier du clone du projet d'où kpa_local est lancé",
    "documents": "dans les documents de la personne ; un autre se choisit avec --workspace ou KPA_WORKSPACE",
}


def _where(_workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa where`: the KPA's folder, what chose it, and where the demo goes."""
    here: Place = args.place  # found once by the dispatch
    root = here.workspace.root
    print(f"Dossier de la KPA : {root}")
    print(f"  ({WHERE_CHOSEN[here.chosen_by]})")
    if not here.workspace.exists():
        state = "il n'existe pas encore" if not root.exists() else "il ne contient pas encore de KPA"
        print(f"  {state.capitalize()} : « kpa » le prépare à la première ouverture.")
    print(f"KPA de démonstration (kpa demo) : {demo_folder()}")
    return 0


def _run_app(workspace: Workspace) -> int:
    require_settings(workspace)
    kpa_name = workspace.kpa_name()
    workspace.make_folders()
    log_to(workspace)
    from kpa_local.tui.app import KpaApp

    app = KpaApp(workspace, kpa_name=kpa_name)
    app.run()
    return app.return_code or EXIT_DONE  # EXIT_UNEXPECTED when the app had to stop on an error (it said why)


def _guide(_workspace: Workspace, args: argparse.Namespace) -> int:
    from kpa_local.documents.guide_pdf import guide_source, render_guide
    from kpa_local.files import write_where_asked

    out = Path(args.out)
    write_where_asked(out, render_guide(guide_source().read_text(encoding="utf-8")))
    print(f"Guide « Premiers pas » écrit dans {out} : imprimez-le, une tâche par page.")
    return 0


def _ask(prompt: str, given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise KpaError(f"{prompt} : donnez-le avec l'option correspondante (voir « kpa init --help »).")
    return ask(f"{prompt} : ", "La KPA n'a pas été créée.")


def _init(workspace: Workspace, args: argparse.Namespace) -> int:
    from kpa_local.services.workspaces import create_workspace, open_workspace

    if args.sheet:
        from kpa_local.files import check_place_to_write

        check_place_to_write(Path(args.sheet))
    if bool(args.database) != bool(args.owner):
        raise KpaError(
            "Une KPA sur un serveur se prépare avec les deux adresses : --database (le rôle de l'application) et "
            "--owner (le rôle qui possède les tables). Rien n'a été créé."
        )
    name = _ask("Nom de la KPA", args.name)
    code = _ask("Code de la KPA dans le réseau (ex. roubaix-manau)", args.code)
    if workspace.exists():  # said before the server is touched
        create_workspace(workspace, name=name, code=code)
    if args.database:  # the server first: a refusal there leaves no half-made folder
        prepare_server(args.database, args.owner)
    create_workspace(workspace, name=name, code=code, database_url=args.database or "")
    print(f"La KPA « {name} » est prête dans {workspace.root}.")
    if args.login or sys.stdin.isatty():
        from kpa_local.cli.accounts import first_account

        args.name = args.account_name
        first_account(workspace, args)
        # The database is made once the first account holds its key: encrypted from its first byte.
        open_workspace(workspace).close()
    print(f"Ouvrez-la avec : kpa --workspace {workspace.root}")
    return 0


def _demo(_workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa demo [DOSSIER]`: the demo is made in its own folder, whatever --workspace says."""
    from kpa_local.services.demo import build_demo

    folder = Path(args.directory).expanduser() if args.directory else demo_folder()
    workspace = Workspace(folder.resolve())
    if workspace.exists():
        print(f"La KPA de démonstration existe déjà dans {workspace.root} : elle est ouverte telle quelle.")
    else:
        if args.people < 1 or args.years < 1:
            raise KpaError("Indiquez au moins une personne et une année pour la démonstration.")
        try:
            build_demo(workspace, people=args.people, years=args.years).close()
        except Exception:
            log_to(workspace)  # what went wrong goes to the demo's own data/kpa.log
            raise
        print(f"KPA de démonstration créée dans {workspace.root}.")
    if args.no_open:
        return 0
    return _run_app(workspace)
