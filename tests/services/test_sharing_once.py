"""Every euro shared out exactly once: periods validated once ended, late money counted later, adjustments funded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kpa_local.domain.errors import Refused
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.fmt import money_fr
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from kpa_local.services.payments import record_payment
from kpa_local.services.savings import savings_ledger
from kpa_local.services.sharing import list_sharings, preview_sharing, validate_sharing
from kpa_local.services.sharing_guard import AdjustmentToConfirm
from kpa_local.services.sharing_text import late_sentence
from kpa_local.services.work import record_hours
from kpa_local.services.work_views import HoursDraft
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, change_settings, draft, line, open_billing
from tests.conftest import TODAY
from tests.services.sharing_support import Team, build_team

OCTOBER = Period.parse("2026-10")
NOVEMBER = Period.parse("2026-11")
DECEMBER = Period.parse("2026-12")


@pytest.fixture
def kpa(workspace: Workspace) -> Iterator[tuple[Context, Team, Clock]]:
    clock = Clock(TODAY)
    context = open_billing(workspace, clock)
    team = build_team(context, clock)
    yield context, team, clock
    context.close()


def _invoice(context: Context, net_cents: int, rate: str = "20") -> int:
    document = create_document(context, draft(business_client(context, name="Mairie"), "facture",
                                              line("Repas", "1", net_cents, rate)))  # fmt: skip
    issue_document(context, document)
    return document


def test_a_period_is_validated_only_once_it_has_ended(kpa: tuple[Context, Team, Clock]) -> None:
    context, _team, clock = kpa
    clock.day = date(2026, 12, 3)
    with pytest.raises(Refused) as december:
        validate_sharing(context, DECEMBER, decided_on=date(2026, 12, 3), decision_ref="Réunion")
    assert december.value.message == (
        "La période de décembre 2026 n'est pas finie : elle pourra être validée à partir du 1er janvier 2027."
    )
    assert preview_sharing(context, DECEMBER).too_early == december.value.message
    clock.day = date(2026, 10, 31)
    with pytest.raises(Refused, match="validée à partir du 1er novembre 2026"):
        validate_sharing(context, OCTOBER, decided_on=date(2026, 10, 31), decision_ref="Réunion")
    assert list_sharings(context) == () and savings_ledger(context).lines == ()
    clock.day = date(2026, 11, 1)
    assert preview_sharing(context, OCTOBER).too_early == ""
    assert validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 1), decision_ref="Réunion").validated


def test_a_late_payment_goes_to_the_next_period_once_and_says_where_it_comes_from(
    kpa: tuple[Context, Team, Clock],
) -> None:
    context, team, clock = kpa
    clock.day = date(2026, 10, 6)
    invoice = _invoice(context, 100_000)  # 1 200,00 € TTC
    clock.day = date(2026, 11, 26)
    validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion du 05/11/2026")
    record_payment(context, invoice, date(2026, 10, 28), Money(60_000), "virement")  # dated in October, validated
    record_hours(context, [HoursDraft(team.awa, team.activity, date(2026, 11, 2), 600)])
    assert preview_sharing(context, OCTOBER).plan.revenue.cents == 245_000  # October stays as validated
    november = preview_sharing(context, NOVEMBER)
    assert november.plan.revenue.cents == 50_000
    assert late_sentence(november.late, november.rule) == (
        f"dont {money_fr(50_000)} reçus le 28/10 pour octobre 2026, déjà validé"
    )
    clock.day = date(2026, 12, 1)
    validated = validate_sharing(context, NOVEMBER, decided_on=date(2026, 12, 1), decision_ref="Réunion du 01/12")
    assert validated.plan.revenue.cents == 50_000
    assert preview_sharing(context, NOVEMBER).late == november.late  # the validated period still says it
    assert preview_sharing(context, DECEMBER).plan.revenue.cents == 0  # never counted a second time
    record_payment(context, invoice, date(2026, 11, 15), Money(60_000), "virement")  # late for November
    december = preview_sharing(context, DECEMBER)
    assert december.plan.revenue.cents == 50_000
    assert late_sentence(december.late, december.rule) == (
        f"dont {money_fr(50_000)} reçus le 15/11 pour novembre 2026, déjà validé"
    )


def test_the_invoice_basis_counts_a_credit_note_of_a_validated_invoice_later(workspace: Workspace) -> None:
    from kpa_local.services.documents import credit_note_for

    clock = Clock(TODAY)
    context = open_billing(workspace, clock)
    build_team(context, clock)
    context.close()
    change_settings(workspace, {"sharing": {"basis": "factures"}})
    context = open_billing(workspace, clock)
    try:
        clock.day = date(2026, 11, 2)
        validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 2), decision_ref="Réunion")
        clock.day = TODAY
        october_invoice = next(s.source_id for s in preview_sharing(context, OCTOBER).counted)
        issue_document(context, credit_note_for(context, october_invoice))
        november = preview_sharing(context, NOVEMBER)
        assert november.plan.revenue.cents == -245_000 and november.plan.notice == "deficit"
        assert preview_sharing(context, OCTOBER).plan.revenue.cents == 245_000
    finally:
        context.close()


def test_an_adjustment_larger_than_the_share_is_asked_again(kpa: tuple[Context, Team, Clock]) -> None:
    context, team, clock = kpa
    validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion")  # shares 1 688,44 €
    invoice = _invoice(context, 10_000, "10")
    record_payment(context, invoice, TODAY, Money(11_000), "virement")
    record_hours(context, [HoursDraft(team.awa, team.activity, date(2026, 11, 2), 600)])
    clock.day = date(2026, 12, 1)
    without = preview_sharing(context, NOVEMBER).plan.shared
    assert without.cents == 10_000 - 1_000 - 90 - 891
    with pytest.raises(AdjustmentToConfirm) as asked:
        validate_sharing(context, NOVEMBER, decided_on=date(2026, 12, 1), decision_ref="Réunion",
                         adjustment=Money(20_000), reason="Oubli d'octobre")  # fmt: skip
    assert asked.value.for_field("adjustment") == (
        f"La régularisation de {money_fr(20_000)} est plus grande que ce que la période partage sans elle "
        f"({money_fr(without.cents)}) : vérifiez le montant, puis confirmez-le une seconde fois."
    )
    assert len(list_sharings(context)) == 1
    confirmed = validate_sharing(context, NOVEMBER, decided_on=date(2026, 12, 1), decision_ref="Réunion",
                                 adjustment=Money(20_000), reason="Oubli d'octobre",
                                 large_adjustment_confirmed=True)  # fmt: skip
    assert confirmed.plan.shared == without + Money(20_000)


def test_an_adjustment_never_shares_more_than_the_revenue(kpa: tuple[Context, Team, Clock]) -> None:
    context, _team, _clock = kpa
    with pytest.raises(Refused) as refused:
        validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion",
                         adjustment=Money(999_999_999), reason="Erreur", large_adjustment_confirmed=True)  # fmt: skip
    largest = 245_000 - 168_844
    assert refused.value.for_field("adjustment") == (
        f"Avec cette régularisation de {money_fr(999_999_999)}, les répartitions partageraient "
        f"{money_fr(168_844 + 999_999_999)} en tout pour {money_fr(245_000)} de recettes : on ne peut pas partager "
        f"plus que ce qui a été reçu. La régularisation peut aller jusqu'à {money_fr(largest)}."
    )
    assert list_sharings(context) == () and savings_ledger(context).lines == ()
    with pytest.raises(Refused, match="jusqu'à"):
        validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion",
                         adjustment=Money(largest + 1), reason="Erreur", large_adjustment_confirmed=True)  # fmt: skip
    at_most = validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion",
                               adjustment=Money(largest), reason="Erreur", large_adjustment_confirmed=True)  # fmt: skip
    assert at_most.plan.shared.cents == at_most.plan.revenue.cents == 245_000


@pytest.mark.sqlite_file("runs the migrations down and up on the file")
def test_the_migration_counts_what_earlier_sharing_outs_took_and_frees_what_they_missed(
    kpa: tuple[Context, Team, Clock],
) -> None:
    from alembic import command

    from kpa_local.db.migrate import alembic_config

    context, _team, clock = kpa
    clock.day = date(2026, 10, 6)
    invoice = _invoice(context, 100_000)
    clock.day = TODAY
    validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion")
    record_payment(context, invoice, date(2026, 10, 28), Money(60_000), "virement")  # recorded after validation
    config = alembic_config()
    with context.database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")  # as before this fix: validated sharing-outs kept no list
        command.upgrade(config, "head")
    october = preview_sharing(context, OCTOBER)
    assert [(a.day, a.net.cents) for a in october.counted] == [(date(2026, 10, 20), 245_000)]
    assert preview_sharing(context, NOVEMBER).plan.revenue.cents == 50_000
