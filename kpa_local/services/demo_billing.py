"""The demo's billing: a catalogue, clients of every kind, quotes in every status, issued invoices
with their PDFs, a deposit invoice, a credit note, payments and an overdue invoice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from kpa_local.db.models import Activity, Document
from kpa_local.domain.billing import StoredStatus
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from kpa_local.services.catalogue import list_catalogue, save_catalogue_item
from kpa_local.services.clients import save_client
from kpa_local.services.context import Context
from kpa_local.services.documents import (
    DocumentDraft,
    create_document,
    credit_note_for,
    invoice_from_quote,
    set_quote_status,
)
from kpa_local.services.issuing import issue_document
from kpa_local.services.payments import record_payment

TOWN_ORDER = "EJ-2026-004172"  # the engagement number the town's order gave
DEMO_BILLING = {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}

CATALOGUE = (
    ("Les Saveurs de Manau", "Buffet froid (entrées, plats, desserts maison)", "repas", "14,50", "10"),
    ("Les Saveurs de Manau", "Plateau-repas du midi", "repas", "11,00", "10"),
    ("Les Saveurs de Manau", "Service en salle", "heure", "28,00", "20"),
    ("Jardins de l'Alma", "Entretien d'espaces verts", "heure", "32,00", "20"),
    ("Jardins de l'Alma", "Atelier compost pour un groupe", "forfait", "120,00", "20"),
    ("Vélo'Cité", "Révision complète d'un vélo", "forfait", "35,00", "20"),
    ("Vélo'Cité", "Chambre à air posée", "piece", "9,50", "20"),
    ("Coup de pouce numérique", "Accompagnement aux démarches en ligne", "heure", "25,00", "20"),
)

CLIENTS = (
    {"kind": "association", "name": "Centre social de l'Alma", "address": "2 rue de Fontenoy", "postal_code": "59100",
     "city": "Roubaix", "contact": "Mme Nadia Belkacem", "email": "accueil@cs-alma.example"},
    {"kind": "entreprise", "name": "Boulangerie Léa & Fils", "address": "45 Grande Rue", "postal_code": "59100",
     "city": "Roubaix", "siren": "552100554", "vat_number": "FR96552100554", "contact": "M. Karim Léa"},
    {"kind": "collectivite", "name": "Ville de Roubaix — service Jeunesse", "address": "17 Grand'Place",
     "postal_code": "59100", "city": "Roubaix", "siren": "215905126", "siret": "21590512600011",
     "service_code": "JEUNESSE", "requires_service_code": "oui", "requires_order_number": "oui"},
    {"kind": "entreprise", "name": "Bureau d'études Nord Habitat", "address": "8 boulevard de Paris",
     "postal_code": "59100", "city": "Roubaix", "siren": "732829320", "contact": "Mme Sophie Vandamme"},
    {"kind": "particulier", "name": "Mme Hélène Dupont", "address": "12 rue Pierre de Roubaix", "postal_code": "59100",
     "city": "Roubaix", "phone": "06 12 34 56 78"},
    {"kind": "particulier", "name": "M. Jean-Marc Lefebvre", "address": "3 allée des Tilleuls", "postal_code": "59170",
     "city": "Croix"},
)  # fmt: skip


def _lines(context: Context, *picks: tuple[int, str]) -> tuple[Line, ...]:
    """Lines selling the services of CATALOGUE picked by their position there, with a quantity."""
    catalogue = {item.designation: item for item in list_catalogue(context)}
    return tuple(catalogue[CATALOGUE[index][1]].as_line(Decimal(quantity)) for index, quantity in picks)


Picks = tuple[tuple[int, str], ...]


class _Story:
    """Documents dated day after day from a start date, as a KPA would have written them."""

    def __init__(self, context: Context, start: date) -> None:
        self.context = context
        self.start = start

    def on(self, offset: int) -> Context:
        """The context with its clock on the given day of the story."""
        return replace(self.context, clock=lambda: self.start + timedelta(days=offset))

    def draft(self, kind: str, client: int, picks: Picks, title: str, **extra: object) -> DocumentDraft:
        """A draft selling catalogue services."""
        return DocumentDraft(kind, client, _lines(self.context, *picks), title=title, **extra)  # type: ignore[arg-type]

    def invoice(self, offset: int, client: int, picks: Picks, title: str, **extra: object) -> int:
        """An invoice written and issued on a day."""
        context = self.on(offset)
        document = create_document(context, self.draft("facture", client, picks, title, **extra))
        return issue_document(context, document).id

    def quote(self, offset: int, client: int, picks: Picks, title: str, **extra: object) -> int:
        """A quote written on a day."""
        return create_document(self.on(offset), self.draft("devis", client, picks, title, **extra))

    def pay(self, offset: int, invoice: int, method: str, reference: str = "", amount: Money | None = None) -> None:
        """A payment received on a day (what remains to pay, unless an amount is given)."""
        paid_on = self.start + timedelta(days=offset)
        record_payment(self.on(offset), invoice, paid_on, amount or _total(self.context, invoice), method, reference)


def fill_billing(context: Context) -> None:
    """Add the demo's catalogue, clients and documents (once), dated over the last four months."""
    with context.database.unit_of_work() as session:
        if session.scalar(select(Document.id).limit(1)) is not None:
            return
        activities = {activity.name: activity.id for activity in session.scalars(select(Activity))}
    for activity, designation, unit, price, rate in CATALOGUE:
        form = {"designation": designation, "unit": unit, "unit_price": price, "vat_rate": rate}
        save_catalogue_item(context, form, activities.get(activity))
    alma, boulangerie, ville, bureau, helene, jean_marc = (save_client(context, form).id for form in CLIENTS)
    story = _Story(context, context.today() - timedelta(days=120))

    # A quote accepted with a deposit: the deposit invoice, then the final invoice paid in two payments.
    party = story.quote(0, alma, ((0, "60"), (2, "8")), "Repas de la fête de quartier", work_place="Parc Brondeloire",
                        service_start=story.start + timedelta(days=20), deposit_percent=Decimal(30))  # fmt: skip
    set_quote_status(story.on(1), party, StoredStatus.SENT)
    set_quote_status(story.on(3), party, StoredStatus.ACCEPTED)
    final_id, deposit_id = invoice_from_quote(story.on(3), party)
    if deposit_id is not None:
        story.pay(10, issue_document(story.on(4), deposit_id).id, "virement", "VIR ALMA")
    final = issue_document(story.on(21), final_id).id
    half = Money(_total(context, final).cents // 2)
    story.pay(30, final, "cheque", "Chèque n° 0048213", half)
    story.pay(45, final, "virement", "", _total(context, final) - half)

    # Invoices month after month: paid, left unpaid (now overdue), partly paid, cancelled by a credit note.
    # The town's service, on Chorus Pro: its invoice carries the engagement number of its order (and the
    # service code of the client record as the buyer's reference).
    gardens = story.invoice(35, ville, ((3, "16"), (4, "1")), "Entretien des jardinières", order_number=TOWN_ORDER)
    story.pay(60, gardens, "virement", "Mandat 1187")
    story.invoice(50, bureau, ((5, "6"), (6, "4")), "Révision de la flotte de vélos")
    story.pay(72, story.invoice(70, helene, ((7, "2"),), "Aide au dossier de retraite"), "especes", "", Money(2000))
    lunch = story.invoice(80, boulangerie, ((1, "12"),), "Plateaux-repas de l'inventaire")
    issue_document(story.on(82), credit_note_for(story.on(82), lunch))
    council = story.invoice(110, alma, ((1, "25"),), "Repas du conseil d'administration")
    story.pay(115, council, "cheque", "Chèque n° 0051877", Money(10000))
    create_document(story.on(118), story.draft("facture", jean_marc, ((5, "1"),), "Révision du vélo"))

    # Quotes in every other status: refused, expired, sent, draft.
    refused = story.quote(40, boulangerie, ((0, "30"),), "Buffet d'inauguration")
    set_quote_status(story.on(41), refused, StoredStatus.SENT)
    set_quote_status(story.on(55), refused, StoredStatus.REFUSED)
    story.quote(60, bureau, ((3, "20"),), "Espaces verts de la résidence", validity_days=30)
    sent = story.quote(112, ville, ((4, "3"), (3, "12")), "Ateliers compost dans trois écoles")
    set_quote_status(story.on(113), sent, StoredStatus.SENT)
    story.quote(119, jean_marc, ((5, "2"), (6, "2")), "Vélos de la famille")


def _total(context: Context, document_id: int) -> Money:
    with context.database.unit_of_work() as session:
        document = session.get(Document, document_id)
        return Money(document.total_cents if document else 0)
