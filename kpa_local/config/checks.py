"""Checks of single texts of kpa.toml, each saying what is wrong as the end of a French sentence."""

from __future__ import annotations

import re

from kpa_local.config.kinds import Check
from kpa_local.domain.profile import is_valid_postal_code

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PREFIX = re.compile(r"^[A-Za-z0-9]{1,8}$")


def code(value: str) -> str | None:
    if _CODE.match(value):
        return None
    return "doit être en lettres minuscules sans accent, chiffres et tirets (par exemple roubaix-manau)"


def postal_code(value: str) -> str | None:
    return None if is_valid_postal_code(value) else "n'est pas un code postal français (5 chiffres)"


def email(value: str) -> str | None:
    return None if _EMAIL.match(value) else "n'est pas une adresse e-mail"


def prefix(value: str) -> str | None:
    return None if _PREFIX.match(value) else "doit faire 1 à 8 lettres ou chiffres, sans espace"


def number_format(value: str) -> str | None:
    """The format alone (each prefix is tried with it once the section is read)."""
    from kpa_local.domain.numbering import check_number_format

    return check_number_format(value, "FA")


def identifier(kind: str, called: str) -> Check:
    """The check of a SIREN, SIRET, VAT number, IBAN or BIC (python-stdnum)."""

    def check(value: str) -> str | None:
        from kpa_local.identifiers import IdentifierError, check_identifier

        try:
            check_identifier(kind, value)
        except IdentifierError as error:
            return f"n'est pas un {called} valable : {error.reason}"
        return None

    return check


def compact_siren(value: str) -> str:
    from stdnum.fr import siren

    return str(siren.compact(value))


def compact_siret(value: str) -> str:
    from stdnum.fr import siret

    return str(siret.compact(value))


def compact_vat(value: str) -> str:
    """A French VAT number with its « FR », as invoices need it."""
    from stdnum.fr import tva

    return f"FR{tva.compact(value)}"


def compact_bank(value: str) -> str:
    """An IBAN or BIC without spaces, in capitals."""
    return value.replace(" ", "").upper()


_ACCOUNT = re.compile(r"^[0-9]{3}[A-Za-z0-9]{0,17}$")


def account(start: str, what: str) -> Check:
    """The check of an account number of the French chart (PCG) that must begin with `start`."""

    def check(value: str) -> str | None:
        if not _ACCOUNT.match(value):
            return (
                "doit être un numéro de compte : au moins 3 chiffres, puis des chiffres ou des lettres, "
                "sans espace (20 caractères au plus)"
            )
        if not value.startswith(start):
            return f"doit être un compte {what}, qui commence par {start}"
        return None

    return check
