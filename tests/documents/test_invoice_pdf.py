"""Invoice, deposit and credit note PDFs: every legal mention, Factur-X valid and equal to the page."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from facturx import get_xml_from_pdf, xml_check_xsd
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, PdfObject

from kpa_local.documents.facturx_pdf import render_document
from kpa_local.domain.billing import DocumentContent, Party, Reference, Terms
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from tests.documents.en16931_rules import broken_rules, elements, strings

SELLER = Party("CAE des Ateliers du Nord", "8 rue de la Coopération", "59000", "Lille",
               legal_form="SCOP SA à capital variable", siren="832145676", siret="83214567600017",
               rcs="RCS Lille Métropole 832 145 676", vat_number="FR32832145676")  # fmt: skip
TRADING = Party("Coop Manau", "12 rue de l'Alma", "59100", "Roubaix")
BUSINESS = Party("Boulangerie Léa & Fils", "4 rue du Fontenoy", "59100", "Roubaix", siren="552100554")
PERSON = Party("Mme Hélène Dupont", "3 rue Pierre", "59100", "Roubaix")
TERMS = Terms(iban="FR7630006000011234567890189", bic="AGRIFRPP", late_penalty="Pénalités : taux BCE + 10 points.",
              escompte="Pas d'escompte pour paiement anticipé.", exemption_mention="article 261 du CGI")  # fmt: skip
LINES = (
    Line("Buffet froid — entrées, plats et desserts", Decimal(45), "repas", Money(1450), Decimal(10)),
    Line("Service en salle", Decimal("6.5"), "heure", Money(2800), Decimal(20), Decimal(10)),
    Line("Atelier d'initiation au compost", Decimal(1), "forfait", Money(12000), Decimal(0)),
)


def content(**changes: object) -> DocumentContent:
    base = DocumentContent(
        kind="facture", number="FA-2026-0007", issue_date=date(2026, 11, 26), seller=SELLER, trading=TRADING,
        client=BUSINESS, client_kind="entreprise", lines=LINES, terms=TERMS, title="Inauguration",
        service_start=date(2026, 11, 20), due_date=date(2026, 12, 26),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


def _dictionary(value: object) -> DictionaryObject:
    """A PDF dictionary (or stream), reached through its reference if it has one."""
    found = value.get_object() if isinstance(value, PdfObject) else value
    assert isinstance(found, DictionaryObject), f"{found!r} is not a PDF dictionary"
    return found


def _array(value: object) -> ArrayObject:
    """A PDF array, reached through its reference if it has one."""
    found = value.get_object() if isinstance(value, PdfObject) else value
    assert isinstance(found, ArrayObject), f"{found!r} is not a PDF array"
    return found


def xml_of(pdf: bytes) -> bytes:
    name, xml = get_xml_from_pdf(pdf, check_xsd=False)
    assert name == "factur-x.xml"
    return bytes(xml)


DEPOSIT_REF = Reference("FA-2026-0003", date(2026, 10, 12))
CASES = {
    "facture": content(),
    "particulier": content(client=PERSON, client_kind="particulier"),
    "acompte": content(
        kind="acompte", lines=(Line("Acompte de 30 %", Decimal(1), "forfait", Money(25000), Decimal(20)),)
    ),
    "finale": content(
        lines=(*LINES, Line("Acompte facturé", Decimal(-1), "forfait", Money(10000), Decimal(20), is_deduction=True)),
        references=(DEPOSIT_REF,),
        quote_number="D-2026-0002",
    ),
    "avoir": content(
        kind="avoir", number="AV-2026-0001", references=(Reference("FA-2026-0007", date(2026, 11, 26)),), due_date=None
    ),
    "franchise": content(terms=replace(TERMS, franchise=True)),
    "debits": content(terms=replace(TERMS, vat_on_debits=True)),
    "long": content(lines=LINES * 30),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render_document(case) for name, case in CASES.items()}


@pytest.mark.parametrize("name", list(CASES))
def test_the_embedded_xml_is_valid_en16931(rendered: dict[str, bytes], name: str) -> None:
    xml = xml_of(rendered[name])
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert broken_rules(xml) == []


def test_the_rule_checker_can_fail(rendered: dict[str, bytes]) -> None:
    xml = xml_of(rendered["facture"]).replace(b"<ram:GrandTotalAmount>", b"<ram:GrandTotalAmount>1")
    assert any(rule.startswith("BR-CO-15") for rule in broken_rules(xml))


@pytest.mark.parametrize("name", list(CASES))
def test_the_xml_amounts_are_the_amounts_on_the_page(rendered: dict[str, bytes], name: str) -> None:
    root = etree.fromstring(xml_of(rendered[name]))
    grand = strings(root, "//ram:GrandTotalAmount/text()")[0]
    basis = strings(root, "//ram:TaxBasisTotalAmount/text()")[0]
    text = text_of(rendered[name])
    for amount in (grand, basis):
        euros, cents = amount.split(".")
        printed = f"{int(euros):,}".replace(",", " ") + f",{cents} €"
        assert printed in text, f"{printed} absent de la page"
    assert CASES[name].totals.with_vat.to_decimal() == Decimal(grand)


@pytest.mark.parametrize(("name", "code"), [("facture", "380"), ("acompte", "386"), ("avoir", "381")])
def test_type_codes(rendered: dict[str, bytes], name: str, code: str) -> None:
    root = etree.fromstring(xml_of(rendered[name]))
    assert elements(root, "//rsm:ExchangedDocument/ram:TypeCode")[0].text == code


def test_notes_carry_the_recovery_indemnity_penalty_and_escompte(rendered: dict[str, bytes]) -> None:
    root = etree.fromstring(xml_of(rendered["facture"]))
    subjects = strings(root, "//rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode/text()")
    assert subjects == ["PMT", "PMD", "AAB"]


def test_an_invoice_carries_every_mention(rendered: dict[str, bytes]) -> None:
    text = text_of(rendered["facture"])
    for mention in (
        "CAE des Ateliers du Nord", "SCOP SA à capital variable", "SIRET 83214567600017",
        "RCS Lille Métropole 832 145 676", "TVA intracommunautaire FR32832145676", "Coop Manau",
        "Boulangerie Léa & Fils", "4 rue du Fontenoy", "SIREN 552100554", "FACTURE", "FA-2026-0007",
        "26/11/2026", "20/11/2026", "Échéance", "26/12/2026", "Service en salle", "6,5", "heure", "28,00 €", "10 %",
        "Base HT à 20 %", "TVA à 10 %", "Total HT", "Total TTC", "Net à payer",
        "Nature de l'opération : Prestations de services", "Pénalités : taux BCE + 10 points.",
        "Indemnité forfaitaire pour frais de recouvrement", "40 €", "Pas d'escompte pour paiement anticipé.",
        "Exonération de TVA : article 261 du CGI", "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPP",
        "virement, chèque", "page 1/1",
    ):  # fmt: skip
        assert mention in text, mention


def test_a_private_client_owes_no_recovery_indemnity(rendered: dict[str, bytes]) -> None:
    text = text_of(rendered["particulier"])
    assert "Indemnité forfaitaire" not in text
    assert "SIREN 552100554" not in text


def test_a_final_invoice_names_its_deposits_and_the_amount_due(rendered: dict[str, bytes]) -> None:
    text = text_of(rendered["finale"])
    assert "FA-2026-0003 du 12/10/2026" in text
    assert "Acomptes déjà facturés HT" in text
    assert "D-2026-0002" in text


def test_a_credit_note_names_the_invoice(rendered: dict[str, bytes]) -> None:
    text = text_of(rendered["avoir"])
    assert "AVOIR" in text and "Avoir sur la facture n° FA-2026-0007 du 26/11/2026" in text
    root = etree.fromstring(xml_of(rendered["avoir"]))
    assert elements(root, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID")[0].text == "FA-2026-0007"


def test_franchise_and_debits_mentions(rendered: dict[str, bytes]) -> None:
    assert "TVA non applicable, art. 293 B du CGI." in text_of(rendered["franchise"])
    assert "Option pour le paiement de la taxe d'après les débits." in text_of(rendered["debits"])
    assert "débits" not in text_of(rendered["facture"])


def test_a_long_invoice_repeats_its_header_and_numbers_its_pages(rendered: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(rendered["long"]))
    count = len(reader.pages)
    assert count >= 3
    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert f"FA-2026-0007 — page {number}/{count}" in page_text
        assert "Désignation" in page_text


def test_pdf_a_3_requirements(rendered: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(rendered["facture"]))
    root = _dictionary(reader.trailer["/Root"])
    intent = _dictionary(_array(root["/OutputIntents"])[0])
    assert intent["/S"] == NameObject("/GTS_PDFA1")
    assert _dictionary(intent["/DestOutputProfile"])["/N"] == NumberObject(3)
    metadata = reader.xmp_metadata
    assert metadata is not None
    assert "pdfaid:part" in metadata.stream.get_data().decode("utf-8")
    assert _dictionary(_array(root["/AF"])[0])["/AFRelationship"] == NameObject("/Data")
    fonts = set()
    for page in reader.pages:
        for reference in _dictionary(_dictionary(page["/Resources"])["/Font"]).values():
            font = _dictionary(reference)
            descriptor = _dictionary(font["/FontDescriptor"])
            assert "/FontFile2" in descriptor, "police non incorporée"
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all(re.search(r"Vera", name) for name in fonts)


def test_rendering_twice_gives_the_same_bytes() -> None:
    assert render_document(CASES["facture"]) == render_document(CASES["facture"])


def test_another_process_renders_the_same_bytes(rendered: dict[str, bytes]) -> None:
    import hashlib
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import hashlib; from tests.documents.test_invoice_pdf import CASES; "
        "from kpa_local.documents.facturx_pdf import render_document; "
        "print(hashlib.sha256(render_document(CASES['facture'])).hexdigest())"
    )
    root = Path(__file__).resolve().parents[2]
    output = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert output.stdout.strip() == hashlib.sha256(rendered["facture"]).hexdigest()


def test_a_quote_states_its_terms_and_an_optional_logo_is_drawn(tmp_path: Path) -> None:
    from PIL import Image

    from kpa_local.documents.business_pdf import render_business_pdf

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (11, 110, 79)).save(logo)
    quote = content(kind="devis", number="D-2026-0004", valid_until=date(2026, 12, 26), due_date=None)
    with_logo = render_business_pdf(quote, logo)
    assert b"/Subtype /Image" in with_logo
    assert b"/Subtype /Image" not in render_business_pdf(quote)
    text = text_of(with_logo)
    for mention in ("DEVIS", "Valable jusqu'au", "Bon pour accord", "Conditions de paiement", "Devis gratuit",
                    "Nom et qualité du signataire"):  # fmt: skip
        assert mention in text, mention
