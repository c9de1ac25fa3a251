"""Keeping the data safe from the command line: `kpa backup`, `kpa restore`, `kpa check`, `kpa audit`, `kpa privacy`.

Each closes the database once done; `kpa restore` in a KPA without data yet installs a backup brought
from another computer (signed in by the recovery key, or by an account of that KPA).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group, record_number, whole_number
from kpa_local.cli.prompts import confirm
from kpa_local.cli.session import on_open_kpa, require_settings, secret
from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import count_text
from kpa_local.fmt import date_fr
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.services.context import Context


def add_safety_commands(commands: Any) -> None:
    """Add `kpa backup`, `kpa restore`, `kpa check`, `kpa audit …` and `kpa privacy …`."""
    backup = commands.add_parser("backup", help="sauvegarder la base de données (ou lister les sauvegardes)")
    backup.add_argument("--to", metavar="DOSSIER", help="un autre dossier, une clé USB par exemple")
    backup.add_argument("--list", action="store_true", help="lister les sauvegardes, la plus récente d'abord")
    backup.set_defaults(run=on_open_kpa(_backup, close=True))
    restore = commands.add_parser("restore", help="remettre une sauvegarde à la place des données actuelles")
    restore.add_argument(
        "file", metavar="FICHIER", help="le fichier .sqlite3 (ou .pgdump, sur un serveur) d'une sauvegarde"
    )
    restore.add_argument(
        "--owner", metavar="ADRESSE", help="sur un serveur : l'adresse du propriétaire des tables (jamais enregistrée)"
    )
    restore.add_argument("--yes", action="store_true", help="ne pas demander de confirmation (scripts)")
    restore.set_defaults(run=_restore_here)
    check = commands.add_parser(
        "check", help="vérifier la base, les numéros de factures, les totaux, les PDF et le journal"
    )
    check.add_argument(
        "--recover",
        action="store_true",
        help="après une copie ancienne de la base (coordination) : ressaisir les factures perdues depuis leurs PDF "
        "et reprendre la numérotation après le plus haut numéro émis",
    )
    check.set_defaults(run=on_open_kpa(_check, close=True))
    audit = action_group(commands, "audit", "le journal des actions")
    verify = audit.add_parser(
        "verify", help="vérifier que le journal n'a pas été modifié ; nomme la première entrée touchée"
    )
    verify.set_defaults(run=on_open_kpa(_verify, close=True))
    listing = audit.add_parser("list", help="les dernières entrées du journal")
    listing.add_argument(
        "--action", default="", metavar="ACTION", help="par exemple facture.emission, sauvegarde, person.modification"
    )
    listing.add_argument(
        "--words", default="", metavar="MOTS", help="les actions dites avec ces mots, par exemple « facture émise »"
    )
    listing.add_argument(
        "--limit", type=whole_number(100_000), default=50, metavar="NOMBRE", help="combien d'entrées (50)"
    )
    listing.set_defaults(run=on_open_kpa(_audit_list, close=True))
    privacy = action_group(commands, "privacy", "les droits des personnes sur leurs données")
    export = privacy.add_parser("export", help="tout ce que la KPA garde sur une personne (JSON et PDF)")
    export.add_argument("person", type=record_number, metavar="NUMÉRO", help="le numéro de sa fiche")
    export.add_argument("--folder", metavar="DOSSIER", help="où écrire (sinon exports/)")
    export.set_defaults(run=on_open_kpa(_personal_data, close=True))
    anonymise = privacy.add_parser("anonymise", help="anonymiser une personne sortie (ou toutes, avec --due)")
    anonymise.add_argument("person", type=record_number, nargs="?", metavar="NUMÉRO")
    anonymise.add_argument(
        "--due", action="store_true", help="toutes les personnes sorties depuis plus que [retention]"
    )
    anonymise.set_defaults(run=on_open_kpa(_anonymise, close=True))


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")


def _backups(context: Context) -> int:
    from kpa_local.services.backups import list_backups

    backups = list_backups(context.workspace.backups_dir)
    for backup in backups:
        state = "vérifiée" if backup.verified else "NON vérifiée"
        when = f"{date_fr(backup.taken_at.date())} {backup.taken_at:%H:%M}"
        print(f"{when}  {backup.reason_label:24} {_size(backup.size):>9}  {state:13} {backup.path}")
    print(f"{count_text(len(backups), 'sauvegarde')} dans {context.workspace.backups_dir}.")
    return 0


def _backup(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.access import Permission, require
    from kpa_local.services.backups import backup_now

    if args.list:
        return _backups(context)
    require(context, Permission.BACK_UP)  # a refusal comes before any announcement
    print("Sauvegarde en cours…", flush=True)
    backup = backup_now(context, Path(args.to).expanduser() if args.to else None)
    print(f"Sauvegarde vérifiée écrite : {backup.path} ({_size(backup.size)}).")
    return 0


def _restore_here(workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa restore FILE`: a backup in place of this KPA's data, or the first data of a KPA that has none."""
    from kpa_local.services.server_accounts import server_url

    if server_url(workspace) is not None:
        return on_open_kpa(_restore_on_server, close=True)(workspace, args)
    if not workspace.database_file.exists():
        return _restore_on_new_computer(workspace, args)
    return on_open_kpa(_restore, close=True)(workspace, args)


def _restore_on_new_computer(workspace: Workspace, args: argparse.Namespace) -> int:
    """A backup brought from another computer, into a KPA without data yet."""
    from kpa_local.services.restore import restore_on_new_computer
    from kpa_local.services.workspaces import open_workspace

    require_settings(workspace)
    file = Path(args.file)
    if os.environ.get("KPA_RECOVERY_KEY") or not (args.user or os.environ.get("KPA_USER")):
        recovery = secret("KPA_RECOVERY_KEY", "Clé de secours de la KPA (ou relancez avec --user IDENTIFIANT)")
        restore_on_new_computer(workspace, file, recovery_key=recovery)
    else:
        login = args.user or os.environ["KPA_USER"]
        restore_on_new_computer(workspace, file, login=login, password=secret("KPA_PASSWORD", "Mot de passe"))
    open_workspace(workspace).close()  # brought up to date, its first backup here taken
    print(f"La sauvegarde {file.name} est installée sur cet ordinateur : connectez-vous comme avant.")
    return 0


def _restore_on_server(context: Context, args: argparse.Namespace) -> int:
    """A server's backup restored into a new database of the server, then used."""
    from kpa_local.services.server_restore import restore_on_server, switch_sentence

    if not args.owner:
        raise KpaError(
            "Sur un serveur, la sauvegarde est restaurée dans une nouvelle base, par le propriétaire des tables : "
            "relancez avec --owner ADRESSE (voir le README). Rien n'a été changé."
        )
    file = Path(args.file).expanduser()
    if not args.yes:
        print(f"La sauvegarde {file.name} sera restaurée dans une nouvelle base du serveur ; l'actuelle reste là.")
        if not confirm("Restaurer ? Tapez « oui » pour confirmer : ", "Rien n'a été changé.", yes=("oui",)):
            return 1
    report = restore_on_server(context, file, args.owner)
    print(f"Sauvegarde {file.name} restaurée. Les données d'avant sont gardées dans {report.safety_copy.path}.")
    print(switch_sentence(report))
    return 0


def _restore(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.domain.text import de
    from kpa_local.services.restore import check_restorable, restore_backup
    from kpa_local.services.restore_losses import restore_losses

    file = Path(args.file).expanduser()
    check_restorable(context, file)
    losses = restore_losses(context, file)
    if losses:
        print(losses)
    if not args.yes:
        print(f"Les données actuelles {de(context.settings.kpa.name)} seront remplacées par {file.name}.")
        print("Elles sont d'abord gardées dans une sauvegarde « avant une restauration ».")
        if not confirm("Restaurer ? Tapez « oui » pour confirmer : ", "Rien n'a été changé.", yes=("oui",)):
            return 1
    report = restore_backup(context, file)
    migrated = " et mise à jour pour cette version" if report.migrated else ""
    print(f"Sauvegarde {file.name} restaurée{migrated}.")
    print(f"Les données d'avant sont gardées dans {report.safety_copy.path}.")
    return 0


def _recover(context: Context) -> None:
    from kpa_local.services.reentry import recover, recovery_lines

    for line in recovery_lines(recover(context)):
        print(line)


def _check(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.integrity import check_workspace

    if args.recover:
        _recover(context)
    report = check_workspace(context)
    print("Vérifié : " + " ; ".join(report.checked) + ".")
    if report.ok:
        print("Tout est en ordre.")
        return 0
    for finding in report.findings:
        print(f"- {finding.problem}\n  À faire : {finding.action}", file=sys.stderr)
    print(f"{count_text(len(report.findings), 'problème trouvé', 'problèmes trouvés')}.", file=sys.stderr)
    return 1


def _verify(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.services.audit import verify_trail

    broken = verify_trail(context)
    if broken is None:
        print("Le journal des actions est entier : aucune entrée modifiée ni supprimée.")
        return 0
    print(broken.text, file=sys.stderr)
    return 1


def _audit_list(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.domain.audit_words import action_words, record_words
    from kpa_local.services.audit import list_entries

    entries = list_entries(context, action=args.action, words=args.words, limit=args.limit)
    for entry in entries:
        fields = f" ({', '.join(entry.fields)})" if entry.fields else ""
        # The codes first, for scripts; then what they mean, for a person.
        said = ", ".join(dict.fromkeys(words for words in (action_words(entry.action), record_words(entry.record))
                                       if words and words not in (entry.action, entry.record)))  # fmt: skip
        print(f"{entry.id:>6}  {entry.at}  {entry.actor:20}  {entry.action:28} {entry.record}{fields}"
              + (f"  « {said} »" if said else ""))  # fmt: skip
    print(f"{count_text(len(entries), 'entrée')}, les plus récentes d'abord.")
    return 0


def _personal_data(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.personal_data import write_access_export

    export = write_access_export(context, args.person, Path(args.folder) if args.folder else None)
    print(f"Écrit : {export.pdf_path} (à lire) et {export.json_path} (les mêmes données, pour un logiciel).")
    return 0


def _anonymise(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services import personal_data

    if args.due:
        done = personal_data.anonymise_due(context)
        print(
            f"{count_text(len(done), 'fiche anonymisée', 'fiches anonymisées')}."
            if done
            else "Aucune fiche n'a dépassé le délai de conservation."
        )
        return 0
    if args.person is None:
        raise KpaError(
            "Donnez le numéro de la fiche à anonymiser, ou --due pour toutes celles dont le délai est passé."
        )
    personal_data.anonymise_person(context, args.person)
    print(f"La fiche n° {args.person} est anonymisée.")
    return 0
