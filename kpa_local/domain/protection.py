"""What the KPA's key protects, said truly: the whole database on one computer, the backups on a server.

On a computer the database itself is encrypted with the KPA's key. On a PostgreSQL server the
server protects the database (its disk, its access rights): the app never says it encrypts it;
the KPA's key then encrypts the backups the app writes.
"""

from __future__ import annotations


def key_protects(on_server: bool) -> str:
    """The sentence that says what the KPA's key encrypts."""
    if on_server:
        return (
            "Les sauvegardes de la KPA sont chiffrées avec sa clé (la base elle-même est sur le serveur, qui la "
            "protège)"
        )
    return "Les données de la KPA sont chiffrées"


def key_made_when(on_server: bool) -> str:
    """When the key was made, for the recovery sheet."""
    return (
        "quand la KPA a été créée sur le serveur" if on_server else "quand la base de données de la KPA a été chiffrée"
    )
