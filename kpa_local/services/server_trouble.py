"""What to tell when the KPA's server cannot be reached or used as it is: a sentence, never psycopg's English."""

from __future__ import annotations

SETUP = "la personne qui s'occupe du serveur lance kpa database upgrade --owner ADRESSE-DU-PROPRIÉTAIRE"


def trouble(error: BaseException) -> str | None:
    """The sentence for a server that cannot be reached or used as it is, None for any other error.

    psycopg's own words (in English) go to the log only; the person is told what to check.
    """
    cause = getattr(error, "orig", None) or error
    try:
        import psycopg
    except ImportError:
        return None
    if not isinstance(cause, psycopg.Error):
        return None
    said = str(cause).lower()
    if isinstance(cause, psycopg.errors.InsufficientPrivilege):
        return f"Le rôle de l'application n'a pas les droits nécessaires sur la base du serveur : {SETUP}."
    if isinstance(cause, psycopg.errors.UndefinedTable):
        return f"La base du serveur n'a pas les tables de la KPA : {SETUP}."
    if isinstance(cause, psycopg.OperationalError) or "connection" in said:
        return (
            "Le serveur de la base de la KPA ne répond pas ou refuse la connexion : vérifiez le réseau, que le "
            "serveur est allumé, et la clé « database.url » de config/kpa.toml (serveur, port, base, rôle, mot "
            "de passe). Ce qui était enregistré n'est pas perdu ; réessayez ensuite."
        )
    return None
