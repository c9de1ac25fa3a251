"""The Factur-X (EN 16931 profile, CII syntax) data of an invoice, a deposit invoice or a credit note.

The XML is written by the factur-x library from EN 16931's business terms (BT-…), and
checked against the profile's XSD as it is written. Amounts come from the same
`Totals` the PDF prints, so the two cannot disagree.
"""

from __future__ import annotations

from typing import Any

from kpa_local.domain.billing import (
    FRANCHISE,
    PAYMENT_MEANS_CODES,
    RECOVERY_INDEMNITY,
    TYPE_CODES,
    DocumentContent,
    Party,
)
from kpa_local.domain.lines import Line, unit_code
from kpa_local.domain.vat import EXEMPT, rate_key

EN16931 = "urn:cen.eu:en16931:2017"
SIREN_SCHEME = "0002"  # ISO 6523 code of the French SIRENE register (SIREN and SIRET numbers)
SIRET_SCHEME = "0009"  # ISO 6523 code of the SIRET, which Chorus Pro routes a public buyer's invoices on
FRANCHISE_CODE = "VATEX-FR-FRANCHISE"


def _amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _party(party: Party, *, with_siren: bool, trading_name: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {"name": party.name, "country_code": party.country or "FR"}
    for key, value in (
        ("addr_l1", party.address.splitlines()[0] if party.address else ""),
        ("postcode", party.postal_code),
        ("city", party.city),
    ):
        if value:
            data[key] = value
    if len(party.address.splitlines()) > 1:
        data["addr_l2"] = " ".join(party.address.splitlines()[1:])
    if with_siren and party.siren:
        data["legal_identifier"] = party.siren
        data["legal_identifier_schemeid"] = SIREN_SCHEME
    if party.vat_number:
        data["vat_identifier"] = party.vat_number
    if trading_name:
        data["biz_name"] = trading_name
    legal = " · ".join(part for part in (party.legal_form, party.rcs) if part)
    if legal:
        data["legal_info"] = legal
    return data


def _buyer(content: DocumentContent) -> dict[str, Any]:
    """The buyer (BG-7); a public buyer is named by its SIRET, as its legal registration (BT-47, SIRENE) and as
    its global identifier (BT-46, scheme 0009), where Chorus Pro looks for it."""
    client = content.client
    if not (content.is_public_client and client.siret):
        return _party(client, with_siren=content.is_business_client)
    data = _party(client, with_siren=False)
    data["legal_identifier"] = client.siret
    data["legal_identifier_schemeid"] = SIREN_SCHEME
    data["identifiers"] = {SIRET_SCHEME: client.siret}
    return data


def _exemption(content: DocumentContent) -> tuple[str, str]:
    if content.terms.franchise:
        return FRANCHISE, FRANCHISE_CODE
    return f"Exonération de TVA, {content.terms.exemption_mention}", ""


def _line(index: int, line: Line, content: DocumentContent) -> dict[str, Any]:
    category = EXEMPT if content.terms.franchise else ("E" if line.vat_rate == 0 else "S")
    data: dict[str, Any] = {
        "BT-126": str(index),
        "BT-129": format(line.quantity, "f"),
        "BT-130": unit_code(line.unit),
        "BT-131": _amount(line.net_amount.cents),
        "BT-146": _amount(line.unit_price.cents),
        "BT-151": category,
        "BT-152": "0" if content.terms.franchise else rate_key(line.vat_rate),
        "BT-153": line.designation,
    }
    if line.discount_amount:
        data["BG-27"] = [
            {
                "amount": _amount(line.discount_amount.cents),
                "base_amount": _amount(line.gross_amount.cents),
                "rate": format(line.discount_percent, "f"),
                "reason": "Remise",
                "reason_code": "95",
            }
        ]
    return data


def _notes(content: DocumentContent) -> list[dict[str, str]]:
    terms = content.terms
    notes = []
    if content.notes:
        notes.append({"BT-22": content.notes})
    if content.kind != "avoir":
        if content.is_business_client:
            notes.append({"BT-21": "PMT", "BT-22": RECOVERY_INDEMNITY})
        if terms.late_penalty:
            notes.append({"BT-21": "PMD", "BT-22": terms.late_penalty})
        if terms.escompte:
            notes.append({"BT-21": "AAB", "BT-22": terms.escompte})
    return notes


def _payment_means(content: DocumentContent) -> dict[str, str]:
    terms = content.terms
    if "virement" in terms.payment_methods and terms.iban:
        means = {"BT-81": PAYMENT_MEANS_CODES["virement"], "BT-84": terms.iban.replace(" ", "")}
        if terms.bic:
            means["BT-86"] = terms.bic
        return means
    for method in terms.payment_methods:
        if method != "virement":
            return {"BT-81": PAYMENT_MEANS_CODES[method]}
    return {"BT-81": "1"}


def facturx_data(content: DocumentContent) -> dict[str, Any]:
    """The EN 16931 business terms of an issued document, as the factur-x library takes them."""
    totals = content.totals
    text, code = _exemption(content)
    groups = []
    for group in totals.groups:
        exempt = content.terms.franchise or group.category == EXEMPT
        entry: dict[str, Any] = {
            "BT-116": _amount(group.base.cents),
            "BT-117": "0.00" if content.terms.franchise else _amount(group.vat.cents),
            "BT-118": EXEMPT if exempt else group.category,
            "BT-119": "0" if content.terms.franchise else rate_key(group.rate),
        }
        if exempt:
            entry["BT-120"] = text
            if code:
                entry["BT-121"] = code
        groups.append(entry)
    vat = 0 if content.terms.franchise else totals.vat.cents
    data: dict[str, Any] = {
        "BT-1": content.number,
        "BT-2": content.issue_date,
        "BT-3": TYPE_CODES[content.kind],
        "BT-5": "EUR",
        "BT-24": EN16931,
        "BG-4": _party(content.seller, with_siren=True, trading_name=content.trading.name),
        "BG-7": _buyer(content),
        "BG-23": groups,
        "BG-25": [_line(index, line, content) for index, line in enumerate(content.lines, start=1)],
        "BT-106": _amount(totals.lines_net.cents),
        "BT-109": _amount(totals.lines_net.cents),
        "BT-110": _amount(vat),
        "BT-112": _amount(totals.lines_net.cents + vat),
        "BT-115": _amount(totals.lines_net.cents + vat),
        **_payment_means(content),
    }
    notes = _notes(content)
    if notes:
        data["BG-1"] = notes
    if content.due_date and content.kind != "avoir":
        data["BT-9"] = content.due_date
        data["BT-20"] = f"Paiement à {content.terms.payment_days} jours, au plus tard le {content.due_date:%d/%m/%Y}."
    if content.kind == "avoir":
        data["BT-20"] = "Montant remboursé ou déduit de ce qui reste à payer sur la facture corrigée."
    if content.kind == "avoir" and content.references:
        data["BG-3"] = [{"BT-25": ref.number, "BT-26": ref.issue_date} for ref in content.references[:1]]
    if content.service_start and content.service_end and content.service_end != content.service_start:
        data["BT-73"] = content.service_start
        data["BT-74"] = content.service_end
    else:
        # The date of the service; a document that gives none was for a service done on its issue day.
        data["BT-72"] = content.service_start or content.issue_date
    if content.quote_number:
        data["BT-14"] = content.quote_number
    if content.buyer_reference:
        data["BT-10"] = content.buyer_reference  # for a public buyer, the service code Chorus Pro routes on
    if content.order_number:
        data["BT-13"] = content.order_number  # the engagement (order) number
    return data


def facturx_xml(content: DocumentContent) -> bytes:
    """The CII XML of a document, checked against the EN 16931 profile's XSD."""
    from facturx import generate_xml

    xml = generate_xml(
        facturx_data(content), flavor="factur-x", level="en16931", check_xsd=True, check_schematron=False
    )
    return xml if isinstance(xml, bytes) else bytes(xml)
