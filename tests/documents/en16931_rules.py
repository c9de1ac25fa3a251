"""A checker of EN 16931 business rules (BR-…, BR-CO-…, BR-S/E-…) on CII XML, for tests.

The factur-x library's schematron check needs a Saxon server and reports success when
none answers, so the rules on parties, totals and VAT are checked here from the XML.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMMATION = f"{SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"


def elements(node: etree._Element, path: str) -> list[etree._Element]:
    """The elements `path` selects from `node` (a path that selects anything else is a mistake of the test)."""
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list), f"{path} selects no node set"
    nodes = [item for item in found if isinstance(item, etree._Element)]
    assert len(nodes) == len(found), f"{path} selects more than elements"
    return nodes


def strings(node: etree._Element, path: str) -> list[str]:
    """The texts or attribute values `path` (ending in `text()` or `@name`) selects from `node`."""
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list), f"{path} selects no node set"
    texts = [item for item in found if isinstance(item, str)]
    assert len(texts) == len(found), f"{path} selects more than texts"
    return texts


def _text(node: etree._Element, path: str) -> str | None:
    found = elements(node, path)
    return str(found[0].text).strip() if found and found[0].text is not None else None


def _amount(node: etree._Element, path: str) -> Decimal:
    value = _text(node, path)
    return Decimal(value) if value is not None else Decimal(0)


def _cent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def broken_rules(xml: bytes) -> list[str]:
    """The rules the XML breaks, each as `BR-… : explanation` (empty when all hold)."""
    root = etree.fromstring(xml)
    broken: list[str] = []

    def rule(name: str, holds: bool, why: str) -> None:
        if not holds:
            broken.append(f"{name} : {why}")

    seller = elements(root, "//ram:SellerTradeParty")[0]
    buyer = elements(root, "//ram:BuyerTradeParty")[0]
    rule("BR-01", bool(_text(root, "//rsm:ExchangedDocumentContext//ram:ID")), "specification identifier")
    rule("BR-02", bool(_text(root, "//rsm:ExchangedDocument/ram:ID")), "invoice number")
    rule("BR-03", bool(_text(root, "//rsm:ExchangedDocument//udt:DateTimeString")), "issue date")
    rule("BR-04", _text(root, "//rsm:ExchangedDocument/ram:TypeCode") in ("380", "381", "386"), "type code")
    rule("BR-05", _text(root, f"{SETTLEMENT}/ram:InvoiceCurrencyCode") == "EUR", "currency")
    rule("BR-06", bool(_text(seller, "ram:Name")), "seller name")
    rule("BR-07", bool(_text(buyer, "ram:Name")), "buyer name")
    rule("BR-08", bool(elements(seller, "ram:PostalTradeAddress")), "seller address")
    rule("BR-09", bool(_text(seller, "ram:PostalTradeAddress/ram:CountryID")), "seller country")
    rule("BR-10", bool(elements(buyer, "ram:PostalTradeAddress")), "buyer address")
    rule("BR-11", bool(_text(buyer, "ram:PostalTradeAddress/ram:CountryID")), "buyer country")
    lines = elements(root, "//ram:IncludedSupplyChainTradeLineItem")
    rule("BR-16", bool(lines), "at least one line")
    line_nets: dict[tuple[str, Decimal], Decimal] = {}
    total_lines = Decimal(0)
    for line in lines:
        net = _amount(line, ".//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
        total_lines += net
        category = _text(line, ".//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode") or ""
        rate = _amount(line, ".//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent")
        line_nets[(category, rate)] = line_nets.get((category, rate), Decimal(0)) + net
        rule("BR-21", bool(_text(line, ".//ram:LineID")), "line identifier")
        rule("BR-22", bool(_text(line, ".//ram:BilledQuantity")), "line quantity")
        rule("BR-23", bool(strings(line, ".//ram:BilledQuantity/@unitCode")), "line unit")
        rule("BR-25", bool(_text(line, ".//ram:SpecifiedTradeProduct/ram:Name")), "item name")
        price = _amount(line, ".//ram:NetPriceProductTradePrice/ram:ChargeAmount")
        rule("BR-27", price >= 0, f"net price {price} is negative")
        quantity = _amount(line, ".//ram:BilledQuantity")
        allowances = sum(
            (_amount(node, "ram:ActualAmount") for node in elements(
                line, ".//ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge")),
            Decimal(0),
        )  # fmt: skip
        rule(
            "BR-CO-LINE", _cent(quantity * price) - allowances == net, f"line net {net} ≠ quantity × price − allowances"
        )
    sums = elements(root, SUMMATION)[0]
    line_total = _amount(sums, "ram:LineTotalAmount")
    basis = _amount(sums, "ram:TaxBasisTotalAmount")
    tax_total = _amount(sums, "ram:TaxTotalAmount")
    grand = _amount(sums, "ram:GrandTotalAmount")
    prepaid = _amount(sums, "ram:TotalPrepaidAmount")
    due = _amount(sums, "ram:DuePayableAmount")
    rule("BR-CO-10", line_total == total_lines, f"sum of lines {total_lines} ≠ {line_total}")
    document_allowances = _amount(sums, "ram:AllowanceTotalAmount")
    document_charges = _amount(sums, "ram:ChargeTotalAmount")
    rule("BR-CO-13", basis == line_total - document_allowances + document_charges, "total without VAT")
    breakdown = elements(root, f"{SETTLEMENT}/ram:ApplicableTradeTax")
    rule("BR-CO-18", bool(breakdown), "a VAT breakdown")
    vat_sum = Decimal(0)
    for group in breakdown:
        category = _text(group, "ram:CategoryCode") or ""
        rate = _amount(group, "ram:RateApplicablePercent")
        base = _amount(group, "ram:BasisAmount")
        vat = _amount(group, "ram:CalculatedAmount")
        vat_sum += vat
        rule(f"BR-{category}-08", base == line_nets.get((category, rate), Decimal(0)), f"base {base} at {rate}")
        # CII's schematron (Factur-X) allows one currency unit either way: a final invoice takes off the VAT its
        # deposits charged, which may differ by a cent per deposit from the rest's base × rate.
        rule("BR-CO-17", abs(vat - _cent(base * rate / 100)) <= 1, f"VAT {vat} ≠ {base} × {rate} %")
        if category == "E":
            rule("BR-E-09", vat == 0, "no VAT on exempt lines")
            rule("BR-E-10", bool(_text(group, "ram:ExemptionReason") or _text(group, "ram:ExemptionReasonCode")),
                 "exemption reason")  # fmt: skip
        if category in ("S", "E"):
            rule(f"BR-{category}-02", bool(elements(seller, "ram:SpecifiedTaxRegistration/ram:ID")),
                 "seller VAT identifier")  # fmt: skip
    rule("BR-CO-14", tax_total == vat_sum, f"total VAT {tax_total} ≠ {vat_sum}")
    rule("BR-CO-15", grand == basis + tax_total, "grand total")
    rule("BR-CO-16", due == grand - prepaid + _amount(sums, "ram:RoundingAmount"), "amount due")
    has_legal = bool(elements(seller, "ram:SpecifiedLegalOrganization/ram:ID"))
    has_vat = bool(elements(seller, "ram:SpecifiedTaxRegistration/ram:ID"))
    rule("BR-CO-26", has_legal or has_vat, "seller identifier")
    if due > 0:
        terms = elements(root, f"{SETTLEMENT}/ram:SpecifiedTradePaymentTerms")
        rule("BR-CO-25", bool(terms), "due date or payment terms when an amount is due")
    for means in elements(root, f"{SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans"):
        if _text(means, "ram:TypeCode") in ("30", "58"):
            rule("BR-61", bool(_text(means, ".//ram:IBANID")), "IBAN for a credit transfer")
    return broken
