"""A KPA with three coopérant·es under CAPE, a bénévole, an activity, and October 2026's invoice paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpa_local.domain.contracts import ContractTerms
from kpa_local.domain.money import Money
from kpa_local.services.activities import add_activity
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from kpa_local.services.members import add_contract, create_member
from kpa_local.services.payments import record_payment
from kpa_local.services.work import record_expense, record_hours
from kpa_local.services.work_views import ExpenseDraft, HoursDraft
from tests.billing_support import Clock, business_client, draft, line
from tests.conftest import make_draft


@dataclass(frozen=True)
class Team:
    awa: int
    bruno: int
    chloe: int
    dan: int  # bénévole: no contract that gives a share
    activity: int
    invoice: int


def build_team(context: Context, clock: Clock) -> Team:
    """The worked example of config/kpa.toml, entered through the services."""
    clock.day = date(2026, 10, 5)
    people = []
    for first, last in [("Awa", "Diallo"), ("Bruno", "Martin"), ("Chloé", "Petit"), ("Dan", "Leroy")]:
        people.append(create_member(context, make_draft(first_name=first, last_name=last,
                                                        entry_date=date(2026, 1, 5))).id)  # fmt: skip
    for person in people[:3]:
        add_contract(context, person, ContractTerms("cape", date(2026, 1, 5)))
    add_contract(context, people[3], ContractTerms("benevole", date(2026, 1, 5), end=date(2026, 12, 31)))
    activity = add_activity(context, "Les Saveurs", "traiteur").id
    client = business_client(context)
    invoice = create_document(context, draft(client, "facture", line("Buffet", "1", 245_000, "10")))
    issue_document(context, invoice)
    clock.day = date(2026, 10, 31)
    record_payment(context, invoice, date(2026, 10, 20), Money(269_500), "virement")
    weekly_hours = [(people[0], 32), (people[1], 20), (people[2], 18), (people[3], 6)]
    record_hours(
        context,
        [HoursDraft(person, activity, date(2026, 10, day), hours * 15, invoice)  # a quarter of the hours a day
         for person, hours in weekly_hours for day in (12, 13, 14, 15)],
    )  # fmt: skip
    record_expense(context, ExpenseDraft(date(2026, 10, 11), "Courses du buffet", Money(31_000), Money(2_000),
                                         "Grossiste", "T-118", document_id=invoice))  # fmt: skip
    clock.day = date(2026, 11, 26)
    awa, bruno, chloe, dan = people
    return Team(awa, bruno, chloe, dan, activity, invoice)
