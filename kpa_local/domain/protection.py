"""What the KPA's key protects, said truly: the whole database on one computer, the backups on a server.

On a computer the database itself is encrypted with the KPA's key. On a PostgreSQL server the
server protects the database (its disk, its access rights): the app never says it encrypts it;
the KPA's key then encrypts the backups the app writes.
"""

from __future__ import annotations


def key_protects(on_server: bool) -> str:
    """What the KPA's key encrypts, as the subject of a sentence."""
    return "Les sauvegardes de la KPA sont chiffrées" if on_server else "Les données de la KPA sont chiffrées"


def server_duty(on_server: bool) -> str:
    """The sentence that says who protects the database on a server (empty on a computer)."""
    if not on_server:
        return ""
    return (
        "La base elle-même est sur le serveur : c'est à la personne qui s'occupe du serveur de la protéger "
        "(disque chiffré, accès réservés)."
    )


def key_opens(on_server: bool) -> str:
    """What the recovery key opens when every password is lost."""
    return "ouvrir ses sauvegardes et redonner un mot de passe" if on_server else "ouvrir la KPA"


def sheet_reads(on_server: bool) -> str:
    """What whoever has the recovery sheet can read."""
    return "toutes les sauvegardes de la KPA" if on_server else "toutes les données de la KPA"


def key_made_when(on_server: bool) -> str:
    """When the key was made, for the recovery sheet."""
    return (
        "quand la KPA a été créée sur le serveur" if on_server else "quand la base de données de la KPA a été chiffrée"
    )
