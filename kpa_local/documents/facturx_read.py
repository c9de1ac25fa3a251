"""An issued document read back from its own PDF: the Factur-X XML it carries holds what it says.

Used to re-enter documents a database lost (it was replaced by an older copy): number, dates,
seller, client, lines, VAT and terms come from the XML, and the totals computed from the lines
read back must be those the XML states, to the cent.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from kpa_local.documents.facturx_data import FRANCHISE_CODE, SIRET_SCHEME
from kpa_local.domain.billing import (
    PAYMENT_MEANS_CODES,
    PUBLIC_KIND,
    TYPE_CODES,
    DocumentContent,
    Party,
    Reference,
    Terms,
)
from kpa_local.domain.errors import KpaError
from kpa_local.domain.lines import UNITS, Line
from kpa_local.domain.money import Money

MAX_PDF_BYTES = 50 << 20
_KINDS = {code: kind for kind, code in TYPE_CODES.items()}
_METHODS = {code: method for method, code in PAYMENT_MEANS_CODES.items()}
_DAYS = re.compile(r"Paiement à (\d+) jours")


class UnreadableInvoice(KpaError):
    """A PDF whose Factur-X data cannot give back the document."""


def _cents(text: Any) -> int:
    return int((Decimal(str(text)) * 100).to_integral_value())


def _unit(code: str) -> str:
    return next((unit for unit, (_label, unece) in UNITS.items() if unece == code), "forfait")


def _party(data: dict[str, Any]) -> Party:
    address = "\n".join(part for part in (data.get("addr_l1", ""), data.get("addr_l2", "")) if part)
    legal = str(data.get("legal_info", "")).split(" · ", 1)
    siret = _siret(data)  # a public buyer is named by its SIRET, its legal registration too
    return Party(
        name=str(data.get("name", "")),
        address=address,
        postal_code=str(data.get("postcode", "")),
        city=str(data.get("city", "")),
        country=str(data.get("country_code", "FR")),
        legal_form=legal[0] if len(legal) == 2 else "",
        rcs=legal[1] if len(legal) == 2 else legal[0],
        siren=siret[:9] if siret else str(data.get("legal_identifier", "")),
        siret=siret,
        vat_number=str(data.get("vat_identifier", "")),
    )


def _siret(data: dict[str, Any]) -> str:
    """The SIRET a party is named by as its global identifier (scheme 0009), "" when it has none."""
    identifiers = data.get("identifiers")
    return str(identifiers.get(SIRET_SCHEME, "")) if isinstance(identifiers, dict) else ""


def _client_kind(client: dict[str, Any]) -> str:
    if _siret(client):
        return PUBLIC_KIND
    return "entreprise" if client.get("legal_identifier") else "particulier"


def _line(data: dict[str, Any]) -> Line:
    discounts = data.get("BG-27") or [{}]
    quantity = Decimal(str(data["BT-129"]))
    designation = str(data["BT-153"])
    return Line(
        designation=designation,
        quantity=quantity,
        unit=_unit(str(data.get("BT-130", ""))),
        unit_price=Money(_cents(data["BT-146"])),
        vat_rate=Decimal(str(data.get("BT-152", "0"))),
        discount_percent=Decimal(str(discounts[0].get("rate", "0"))),
        is_deduction=quantity == -1 and designation.startswith("Acompte facturé"),
    )


def _notes(data: dict[str, Any]) -> dict[str, str]:
    return {str(note.get("BT-21", "")): str(note.get("BT-22", "")) for note in data.get("BG-1") or ()}


def _terms(data: dict[str, Any], issue_date: date, due_date: date | None) -> Terms:
    groups = data.get("BG-23") or ()
    franchise = any(group.get("BT-121") == FRANCHISE_CODE for group in groups)
    exemption = next((str(group["BT-120"]) for group in groups if group.get("BT-120")), "")
    days = _DAYS.search(str(data.get("BT-20", "")))
    notes = _notes(data)
    return Terms(
        payment_days=int(days[1]) if days else ((due_date - issue_date).days if due_date else 30),
        payment_methods=(_METHODS.get(str(data.get("BT-81")), "virement"),),
        iban=str(data.get("BT-84", "")),
        bic=str(data.get("BT-86", "")),
        late_penalty=notes.get("PMD", ""),
        escompte=notes.get("AAB", ""),
        franchise=franchise,
        exemption_mention="" if franchise else exemption.removeprefix("Exonération de TVA, "),
    )


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _content(data: dict[str, Any]) -> DocumentContent:
    issue_date = data["BT-2"]
    due_date = _day(data.get("BT-9"))
    seller = data.get("BG-4") or {}
    client = data.get("BG-7") or {}
    references = tuple(
        Reference(str(ref["BT-25"]), ref["BT-26"]) for ref in data.get("BG-3") or () if _day(ref.get("BT-26"))
    )
    return DocumentContent(
        kind=_KINDS[str(data["BT-3"])],
        number=str(data["BT-1"]),
        issue_date=issue_date,
        seller=_party(seller),
        trading=Party(name=str(seller.get("biz_name", ""))),
        client=_party(client),
        client_kind=_client_kind(client),
        lines=tuple(_line(line) for line in data.get("BG-25") or ()),
        terms=_terms(data, issue_date, due_date),
        service_start=_day(data.get("BT-73")) or _day(data.get("BT-72")),
        service_end=_day(data.get("BT-74")),
        due_date=due_date,
        references=references,
        quote_number=str(data.get("BT-14", "")),
        notes=_notes(data).get("", ""),
        buyer_reference=str(data.get("BT-10", "")),
        order_number=str(data.get("BT-13", "")),
    )


def content_from_pdf(pdf: bytes, expected_number: str) -> DocumentContent:
    """The document a PDF carries, checked: its number is the one expected, its totals add up."""
    from facturx import get_xml_from_pdf, parse_ubl_cii_xml

    if len(pdf) > MAX_PDF_BYTES:
        raise UnreadableInvoice(f"Le PDF de {expected_number} est trop gros pour être une facture de kpa_local.")
    try:
        _name, xml = get_xml_from_pdf(pdf, check_xsd=False)
        data = parse_ubl_cii_xml(xml, check_xsd=False) if xml else None
        content = _content(data) if data else None
    except Exception as error:  # the library and a forged file can fail in many ways: each is one refusal
        raise UnreadableInvoice(
            f"Les données Factur-X du PDF de {expected_number} ne se lisent pas ({type(error).__name__})."
        ) from None
    if content is None or data is None:
        raise UnreadableInvoice(f"Le PDF de {expected_number} ne porte pas de données Factur-X.")
    if content.number != expected_number:
        raise UnreadableInvoice(f"Le PDF nommé {expected_number} porte le numéro {content.number}.")
    totals = content.totals
    vat = 0 if content.terms.franchise else totals.vat.cents
    stated = (_cents(data["BT-109"]), _cents(data["BT-110"]), _cents(data["BT-112"]))
    if stated != (totals.lines_net.cents, vat, totals.lines_net.cents + vat):
        raise UnreadableInvoice(f"Les totaux du PDF de {expected_number} ne sont pas la somme de ses lignes.")
    return content
