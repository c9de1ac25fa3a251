"""Sharing out through the services: the worked example from the database, validation and its lock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kpa_local.domain.errors import Refused
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.services.context import Context
from kpa_local.services.savings import savings_ledger
from kpa_local.services.sharing import list_sharings, preview_sharing, validate_sharing
from kpa_local.services.simulation import simulate_quote
from kpa_local.services.work import delete_hours, list_hours, record_hours
from kpa_local.services.work_views import HoursDraft
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, change_settings, open_billing
from tests.conftest import TODAY
from tests.raw_database import raw, refusals, without_guards
from tests.services.sharing_support import Team, build_team

OCTOBER = Period.parse("2026-10")


@pytest.fixture
def kpa(workspace: Workspace) -> Iterator[tuple[Context, Team]]:
    clock = Clock(TODAY)
    context = open_billing(workspace, clock)
    team = build_team(context, clock)
    yield context, team
    context.close()


def test_the_preview_of_october_is_the_worked_example(kpa: tuple[Context, Team]) -> None:
    context, _team = kpa
    preview = preview_sharing(context, OCTOBER)
    plan = preview.plan
    assert not preview.validated
    assert (plan.revenue.cents, plan.expenses.cents, plan.cae.cents, plan.insurance.cents, plan.savings.cents) == (
        245_000, 31_000, 24_500, 1_895, 18_761)  # fmt: skip
    assert {s.name: (s.minutes, s.amount.cents) for s in plan.shares} == {
        "Awa DIALLO": (32 * 60, 77_186),
        "Bruno MARTIN": (20 * 60, 48_241),
        "Chloé PETIT": (18 * 60, 43_417),
    }
    assert [(w.name, w.other_minutes) for w in plan.left_out] == [("Dan LEROY", 6 * 60)]


def test_validation_locks_the_period_and_feeds_the_savings(kpa: tuple[Context, Team]) -> None:
    context, team = kpa
    validated = validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion du 05/11/2026")
    assert validated.validated and validated.plan.shared.cents == 168_844
    # Hours added later change nothing: a validated period is never computed again.
    record_hours(context, [HoursDraft(team.awa, team.activity, date(2026, 10, 30), 600)])
    again = preview_sharing(context, OCTOBER)
    assert again.validated and {s.name: s.amount.cents for s in again.plan.shares}["Awa DIALLO"] == 77_186
    assert [(s.kind, s.amount.cents) for s in again.plan.steps][-1] == ("epargne", -18_761)
    ledger = savings_ledger(context)
    assert ledger.balance.cents == 18_761 and ledger.lines[0].decision_ref == "Réunion du 05/11/2026"
    with pytest.raises(Refused, match="déjà validée"):
        validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 6), decision_ref="Encore")
    quarter = preview_sharing(context, Period.parse("2026Q4"))
    assert not quarter.validated and quarter.overlapping == ("octobre 2026",)
    assert quarter.plan.revenue.cents == 0  # October's payment was counted by October: never again
    with pytest.raises(Refused, match="recoupe une répartition déjà validée"):
        validate_sharing(context, Period.parse("2026Q4"), decided_on=date(2026, 11, 6), decision_ref="Trimestre")
    assert [s.period.code for s in list_sharings(context)] == ["2026-10"]
    october_hours = [row.id for row in list_hours(context, OCTOBER, person_id=team.awa)]
    with pytest.raises(Refused, match="validée"):
        delete_hours(context, october_hours[0])


def test_the_database_itself_refuses_to_change_a_validated_period(kpa: tuple[Context, Team]) -> None:
    context, _team = kpa
    validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion")
    context.close()
    for statement in [
        "UPDATE sharing SET shared_cents = 1",
        "DELETE FROM sharing",
        "UPDATE sharing_share SET amount_cents = amount_cents + 100",
        "DELETE FROM sharing_share",
        "UPDATE savings_entry SET amount_cents = 1",
        "DELETE FROM savings_entry",
        "INSERT INTO savings_entry (day, kind, label, amount_cents, decision_ref, created_at, created_by) "
        "VALUES ('2026-11-20', 'achat', 'Four', -100000, 'x', '2026-11-20', 'x')",
        "INSERT INTO sharing (period_start, period_end, rule_json, revenue_cents, expenses_cents, cae_cents, "
        "insurance_cents, savings_cents, adjustment_cents, adjustment_reason, shared_cents, decided_on, "
        "decision_ref, validated_at, validated_by) VALUES ('2026-10-15', '2026-11-15', '{}', 0, 0, 0, 0, 0, 0, "
        "'', 0, '2026-11-20', 'x', '2026-11-20', 'x')",
    ]:
        with pytest.raises(refusals()), raw(context.workspace) as connection:
            connection.execute(statement)
        with raw(context.workspace) as connection:
            assert connection.execute("SELECT shared_cents FROM sharing").fetchone() == (168_844,)


def test_an_empty_period_says_so_and_cannot_be_validated(kpa: tuple[Context, Team]) -> None:
    context, _team = kpa
    preview = preview_sharing(context, Period.parse("2026-09"))
    assert preview.plan.notice == "vide" and not preview.plan.shares
    with pytest.raises(Refused, match="aucune recette et aucune heure"):
        validate_sharing(context, Period.parse("2026-09"), decided_on=date(2026, 10, 5), decision_ref="Réunion")
    assert list_sharings(context) == ()


def test_a_decision_needs_its_date_and_reference(kpa: tuple[Context, Team]) -> None:
    context, _team = kpa
    with pytest.raises(Refused) as error:
        validate_sharing(context, OCTOBER, decided_on=date(2026, 12, 5), decision_ref=" ", adjustment=Money(-100))
    assert {p.field for p in error.value.problems} == {"decided_on", "decision_ref", "reason"}
    assert list_sharings(context) == () and savings_ledger(context).lines == ()


def test_an_adjustment_corrects_a_later_period(kpa: tuple[Context, Team]) -> None:
    context, _team = kpa
    plan = preview_sharing(context, OCTOBER, Money(-4_400), "Trop versé en septembre").plan
    assert plan.shared.cents == 168_844 - 4_400 and plan.steps[-1].kind == "regularisation"


def test_the_invoices_basis_counts_invoices_less_credit_notes(workspace: Workspace) -> None:
    clock = Clock(TODAY)
    context = open_billing(workspace, clock)
    build_team(context, clock)
    context.close()
    change_settings(workspace, {"sharing": {"basis": "factures", "method": "parts_egales"}})
    context = open_billing(workspace, clock)
    try:
        plan = preview_sharing(context, OCTOBER).plan
        assert plan.revenue.cents == 245_000
        assert sorted(s.amount.cents for s in plan.shares) == [56_281, 56_281, 56_282]
    finally:
        context.close()


def test_a_simulation_for_a_quote_and_a_person_without_contract(kpa: tuple[Context, Team]) -> None:
    from kpa_local.services.documents import create_document
    from tests.billing_support import business_client, draft, line

    context, team = kpa
    quote = create_document(context, draft(business_client(context, name="Mairie"), "devis",
                                           line("Repas", "40", 1_500, "10")))  # fmt: skip
    plan = simulate_quote(context, quote, {team.awa: 600, team.bruno: 300})
    assert plan.revenue.cents == 60_000
    assert sum(s.amount.cents for s in plan.shares) == plan.shared.cents > 0
    assert plan.shares[0].amount.cents == 2 * plan.shares[1].amount.cents
    with pytest.raises(Refused, match="Dan LEROY n'a pas de contrat CAPE ou CESA"):
        simulate_quote(context, quote, {team.awa: 600, team.dan: 300})


def test_hours_over_a_day_are_refused_and_nothing_is_saved(kpa: tuple[Context, Team]) -> None:
    context, team = kpa
    before = len(list_hours(context, Period.parse("2026-11")))
    with pytest.raises(Refused) as error:
        record_hours(context, [HoursDraft(team.awa, team.activity, date(2026, 11, 2), 600),
                               HoursDraft(team.bruno, team.activity, date(2026, 11, 2), 180),
                               HoursDraft(team.awa, team.activity, date(2026, 11, 2), 900)])  # fmt: skip
    assert "Awa DIALLO aurait 25 h le 02/11/2026" in error.value.message
    with pytest.raises(Refused) as future:
        record_hours(context, [HoursDraft(team.awa, team.activity, date(2026, 11, 27), 60),
                               HoursDraft(None, None, None, 0)])  # fmt: skip
    fields = {p.field for p in future.value.problems}
    assert fields == {"ligne1.day", "ligne2.person", "ligne2.activity", "ligne2.day", "ligne2.minutes"}
    assert len(list_hours(context, Period.parse("2026-11"))) == before


def test_the_check_finds_a_validated_period_altered_outside(kpa: tuple[Context, Team]) -> None:
    from kpa_local.services.integrity import check_workspace
    from tests.billing_support import open_billing as reopen

    context, _team = kpa
    validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion")
    assert check_workspace(context).ok
    context.close()
    with raw(context.workspace, owner=True) as connection, without_guards(connection, "sharing_share"):
        connection.execute("UPDATE sharing_share SET amount_cents = amount_cents + 100")
    again = reopen(context.workspace, Clock(TODAY))
    try:
        findings = check_workspace(again).findings
        assert [f.problem for f in findings if "ne tombe pas juste" in f.problem]
    finally:
        again.close()


def test_the_rule_is_changed_from_the_settings_and_checked(kpa: tuple[Context, Team]) -> None:
    from decimal import Decimal

    from kpa_local.services.settings import save_identity

    context, _team = kpa
    with pytest.raises(Refused) as error:
        save_identity(context, {"sharing": {"cae_percent": "douze", "method": "au hasard", "weights": "12 - 2"}})
    assert {p.field for p in error.value.problems} == {"sharing.cae_percent", "sharing.method", "sharing.weights"}
    assert context.settings.sharing.rule().cae_percent == Decimal(10)
    save_identity(context, {"sharing": {"cae_percent": "12,5", "method": "poids", "weights": "1 = 2"}})
    rule = context.settings.sharing.rule()
    assert (rule.cae_percent, rule.method, rule.weights) == (Decimal("12.5"), "poids", {1: Decimal(2)})
    assert "# La répartition" in context.workspace.config_file.read_text(encoding="utf-8")  # comments kept
    plan = preview_sharing(context, OCTOBER).plan
    assert plan.cae.cents == 30_625 and sum(s.amount.cents for s in plan.shares) == plan.shared.cents


def test_the_dashboard_money_revenue_by_month_and_savings(kpa: tuple[Context, Team]) -> None:
    from kpa_local.services.dashboard import money_figures

    context, _team = kpa
    validate_sharing(context, OCTOBER, decided_on=date(2026, 11, 5), decision_ref="Réunion")
    money = money_figures(context)
    revenue = dict(money.revenue_by_month)
    assert len(revenue) == 11 and revenue[date(2026, 10, 1)] == 245_000 and revenue[date(2026, 9, 1)] == 0
    assert money.savings_balance_cents == 18_761
    assert dict(money.savings_by_month)[date(2026, 10, 1)] == 0
    assert dict(money.savings_by_month)[date(2026, 11, 1)] == 18_761


def test_a_cooperant_sees_every_step_and_their_own_share_but_no_other_name(kpa: tuple[Context, Team]) -> None:
    from dataclasses import replace

    from kpa_local.domain.accounts import Actor

    context, team = kpa
    awa = replace(context, actor=Actor("Awa Diallo", "cooperant", 7, team.awa))
    plan = preview_sharing(awa, OCTOBER).plan
    assert plan.steps == preview_sharing(context, OCTOBER).plan.steps
    assert (plan.shares[0].name, plan.shares[0].amount.cents) == ("Awa DIALLO", 77_186)
    assert {s.name for s in plan.shares[1:]} == {"Une autre personne"} and plan.left_out == ()
    assert sum(s.amount.cents for s in plan.shares) == plan.shared.cents
