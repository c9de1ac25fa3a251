"""French business identifiers (SIREN, SIRET, TVA, IBAN, BIC) checked by python-stdnum; a refusal names its check.

A refusal says which check it was: the length (how many characters were typed, how many are wanted), a character
that is not allowed (which one), or the check digit (a digit is wrong: copy it again from the document named).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from kpa_local.domain.errors import KpaError


@dataclass(frozen=True)
class Identifier:
    """What an identifier is called, the stdnum module checking it, its form, and where to read it right."""

    name: str
    module: str
    length: str  # « 14 chiffres »
    digits_only: bool
    source: str  # where the right number is written

    def wanted(self) -> int | None:
        first = self.length.split()[0]
        return int(first) if first.isdigit() else None


IDENTIFIERS = {
    "siren": Identifier("SIREN", "stdnum.fr.siren", "9 chiffres", True, "l'avis de situation INSEE ou un Kbis"),
    "siret": Identifier("SIRET", "stdnum.fr.siret", "14 chiffres", True, "l'avis de situation INSEE ou un Kbis"),
    "tva": Identifier(
        "numéro de TVA", "stdnum.fr.tva", "FR puis 11 caractères", False, "une facture de l'entreprise ou un Kbis"
    ),
    "vat": Identifier(
        "numéro de TVA intracommunautaire", "stdnum.eu.vat", "le code du pays puis le numéro", False,
        "une facture de l'entreprise",
    ),
    "iban": Identifier("IBAN", "stdnum.iban", "FR76 puis 23 caractères pour la France", False, "le RIB"),
    "bic": Identifier("BIC", "stdnum.bic", "8 ou 11 caractères", False, "le RIB"),
}  # fmt: skip


FRENCH_IBAN_LENGTH = 27


class IdentifierError(KpaError):
    """An identifier refused; `reason` says which check failed, to follow « n'est pas valable : »."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_identifier(kind: str, value: str) -> str:
    """The identifier written as stdnum writes it (spaces removed), or IdentifierError with the failed check."""
    from stdnum import exceptions

    identifier = IDENTIFIERS[kind]
    module = import_module(identifier.module)
    typed = "".join(value.split()).replace(".", "")
    try:
        return str(module.validate(value))
    except exceptions.InvalidLength:
        raise IdentifierError(_length_reason(identifier, typed)) from None
    except exceptions.InvalidFormat:
        raise IdentifierError(_format_reason(identifier, typed)) from None
    except exceptions.InvalidChecksum:
        shape = _iban_shape_reason(module, typed) if kind == "iban" else None
        if shape:
            raise IdentifierError(shape) from None
        raise IdentifierError(
            f"un chiffre est faux (la clé de contrôle ne correspond pas) : recopiez-le depuis {identifier.source}"
        ) from None
    except exceptions.ValidationError:
        raise IdentifierError(f"il s'écrit {identifier.length} ; recopiez-le depuis {identifier.source}") from None


def _length_reason(identifier: Identifier, compact: str) -> str:
    wanted = identifier.wanted()
    if wanted is not None and identifier.digits_only:
        return f"il a {len(compact)} chiffres au lieu de {wanted} : vérifiez qu'il n'en manque aucun, sans en ajouter"
    return f"il a {len(compact)} caractères ; il s'écrit {identifier.length}"


def _format_reason(identifier: Identifier, compact: str) -> str:
    if identifier.digits_only:
        wrong = next((char for char in compact if not char.isdigit() or not char.isascii()), "")
        if wrong:
            return f"« {wrong} » n'est pas un chiffre : un {identifier.name} ne contient que des chiffres"
    return f"il ne s'écrit pas ainsi : {identifier.length}"


def _iban_shape_reason(module: Any, compact: str) -> str | None:
    """What is wrong with an IBAN's length or characters, which stdnum checks only after its check digits."""
    from stdnum import exceptions

    compact = compact.upper()
    if compact.startswith("FR") and len(compact) != FRENCH_IBAN_LENGTH:
        return (
            f"il a {len(compact)} caractères au lieu de {FRENCH_IBAN_LENGTH} pour la France : vérifiez qu'il n'en "
            "manque aucun, sans en ajouter"
        )
    mended = compact[:2] + str(module.calc_check_digits(compact)) + compact[4:]
    try:
        module.validate(mended)  # the same IBAN with right check digits: does the rest have its shape?
    except exceptions.InvalidChecksum:
        return None  # the shape is right (a French RIB key is wrong): a digit is wrong
    except exceptions.ValidationError:
        return f"il ne s'écrit pas ainsi : {IDENTIFIERS['iban'].length}"
    return None
