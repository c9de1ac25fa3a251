"""Sharing out: the worked example of config/kpa.toml to the cent, the methods, and properties for all inputs."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kpa_local.domain.money import Money
from kpa_local.domain.sharing import (
    NOTICE_DEFICIT,
    NOTICE_EMPTY,
    NOTICE_NO_REVENUE,
    NOTICE_NOBODY,
    SharingInputs,
    SharingRule,
    Worker,
    compute_sharing,
)
from kpa_local.domain.sharing_codes import BY_HOURS, BY_WEIGHTS, CAE_ON_MARGIN, EQUAL_SHARES, INSURANCE_FIXED

HOUR = 60


def october(**rule: object) -> tuple[SharingRule, SharingInputs]:
    """The worked example written in config/kpa.toml."""
    workers = (Worker(1, "Awa", 32 * HOUR), Worker(2, "Bruno", 20 * HOUR), Worker(3, "Chloé", 18 * HOUR))
    return SharingRule(**rule), SharingInputs(Money(245_000), Money(31_000), workers)  # type: ignore[arg-type]


def test_the_worked_example_of_the_settings_file_to_the_cent() -> None:
    plan = compute_sharing(*october(), seed="2026-10")
    assert [(s.kind, s.amount.cents, s.remaining.cents) for s in plan.steps] == [
        ("recettes", 245_000, 245_000),
        ("depenses", -31_000, 214_000),
        ("cae", -24_500, 189_500),
        ("assurance", -1_895, 187_605),
        ("epargne", -18_761, 168_844),
    ]
    assert {s.name: s.amount.cents for s in plan.shares} == {"Awa": 77_186, "Bruno": 48_241, "Chloé": 43_417}
    assert [s.name for s in plan.shares if s.odd_cent] == ["Awa"]
    assert plan.shared.cents == 168_844 and plan.notice == ""


def test_the_worked_example_is_the_one_the_settings_file_shows() -> None:
    from kpa_local.config import template_text

    text = template_text()
    for figure in ("2 450,00 €", "310,00 €", "245,00 €", "18,95 €", "187,61 €", "1 688,44 €", "771,86 €",
                   "482,41 €", "434,17 €"):  # fmt: skip
        assert figure in text


def test_cae_on_revenue_less_expenses_and_a_fixed_insurance() -> None:
    rule, inputs = october(cae_base=CAE_ON_MARGIN, insurance_mode=INSURANCE_FIXED,
                           insurance_per_person_month=Money(1_500))  # fmt: skip
    plan = compute_sharing(rule, inputs)
    steps = {s.kind: s for s in plan.steps}
    assert steps["cae"].amount.cents == -21_400  # 10 % of 2 140,00
    assert steps["assurance"].amount.cents == -4_500 and steps["assurance"].count == 3  # 3 people × 1 month
    assert steps["epargne"].amount.cents == -18_810  # 10 % of 1 881,00
    assert plan.shared.cents == 169_290 == sum(s.amount.cents for s in plan.shares)


def test_equal_shares_and_weights() -> None:
    rule, inputs = october(method=EQUAL_SHARES)
    equal = compute_sharing(rule, inputs, seed="2026-10")
    assert sorted(s.amount.cents for s in equal.shares) == [56_281, 56_281, 56_282]
    rule, inputs = october(method=BY_WEIGHTS, weights={1: Decimal(2)})
    weighted = {s.name: s.amount.cents for s in compute_sharing(rule, inputs).shares}
    assert weighted == {"Awa": 84_422, "Bruno": 42_211, "Chloé": 42_211}


def test_the_odd_cent_goes_to_who_had_fewest_before() -> None:
    workers = tuple(Worker(pid, name, HOUR, past_odd_cents=past) for pid, name, past in
                    [(1, "Awa", 3), (2, "Bruno", 0), (3, "Chloé", 1)])  # fmt: skip
    rule = SharingRule(cae_percent=Decimal(0), insurance_percent=Decimal(0), savings_percent=Decimal(0))
    plan = compute_sharing(rule, SharingInputs(Money(1_000), Money(0), workers))
    assert {s.name: s.amount.cents for s in plan.shares} == {"Awa": 333, "Bruno": 334, "Chloé": 333}


def test_odd_cents_move_around_between_periods() -> None:
    rule = SharingRule(cae_percent=Decimal(0), insurance_percent=Decimal(0), savings_percent=Decimal(0))
    workers = [Worker(pid, f"P{pid}", HOUR) for pid in range(1, 4)]
    received = dict.fromkeys(range(1, 4), 0)
    for month in range(1, 13):
        inputs = SharingInputs(Money(1_000), Money(0), tuple(
            Worker(w.person_id, w.name, w.minutes, past_odd_cents=received[w.person_id]) for w in workers))  # fmt: skip
        for share in compute_sharing(rule, inputs, seed=f"2026-{month:02d}").shares:
            received[share.person_id] += share.odd_cent
    assert set(received.values()) == {4}


def test_people_without_a_contract_get_no_share_and_are_named() -> None:
    workers = (
        Worker(1, "Awa", 10 * HOUR),
        Worker(2, "Dan", 0, eligible=False, reason="pas de contrat", other_minutes=300),
    )
    plan = compute_sharing(SharingRule(), SharingInputs(Money(100_000), Money(0), workers))
    assert [s.name for s in plan.shares] == ["Awa"] and [w.name for w in plan.left_out] == ["Dan"]


def test_empty_deficit_and_nobody_say_so_and_share_nothing() -> None:
    empty = compute_sharing(SharingRule(), SharingInputs(Money(0), Money(0), ()))
    assert empty.notice == NOTICE_EMPTY and not empty.shares and empty.shared.cents == 0
    deficit = compute_sharing(SharingRule(), SharingInputs(Money(10_000), Money(20_000), (Worker(1, "Awa", HOUR),)))
    assert deficit.notice == NOTICE_DEFICIT and not deficit.shares and deficit.savings.cents == 0
    unpaid = compute_sharing(SharingRule(), SharingInputs(Money(0), Money(0), (Worker(1, "Awa", HOUR),)))
    assert unpaid.notice == NOTICE_NO_REVENUE and not unpaid.shares
    nobody = compute_sharing(SharingRule(), SharingInputs(Money(10_000), Money(0), (Worker(1, "Dan", 0, False),)))
    assert nobody.notice == NOTICE_NOBODY and not nobody.shares


def test_an_adjustment_comes_after_the_savings() -> None:
    rule, inputs = october()
    corrected = SharingInputs(inputs.revenue, inputs.expenses, inputs.workers, Money(-4_400), "trop versé en septembre")
    plan = compute_sharing(rule, corrected)
    assert plan.savings.cents == 18_761 and plan.shared.cents == 168_844 - 4_400


workers_strategy = st.lists(
    st.tuples(st.integers(0, 200 * HOUR), st.booleans(), st.integers(0, 5), st.integers(1, 5)),
    min_size=0,
    max_size=25,
)
percents = st.decimals(min_value=0, max_value=100, places=2)


@given(
    revenue=st.integers(0, 10_000_000),
    expenses=st.integers(0, 2_000_000),
    people=workers_strategy,
    cae=percents,
    savings=percents,
    method=st.sampled_from([BY_HOURS, EQUAL_SHARES, BY_WEIGHTS]),
    adjustment=st.integers(-100_000, 100_000),
)
def test_shares_add_up_exactly_are_never_negative_and_follow_the_hours(
    revenue: int, expenses: int, people: list[tuple[int, bool, int, int]], cae: Decimal, savings: Decimal,
    method: str, adjustment: int,
) -> None:  # fmt: skip
    workers = tuple(
        Worker(pid, f"P{pid:02d}", minutes, eligible=eligible, past_odd_cents=past)
        for pid, (minutes, eligible, past, _weight) in enumerate(people, start=1)
    )
    weights = {pid: Decimal(weight) for pid, (_m, _e, _p, weight) in enumerate(people, start=1)}
    rule = SharingRule(cae_percent=cae, savings_percent=savings, method=method, weights=weights)
    plan = compute_sharing(rule, SharingInputs(Money(revenue), Money(expenses), workers, Money(adjustment), "x"))
    assert all(share.amount.cents >= 0 for share in plan.shares)
    if plan.notice:
        assert plan.shares == () and plan.shared.cents == 0
        return
    assert sum(share.amount.cents for share in plan.shares) == plan.shared.cents == plan.steps[-1].remaining.cents
    assert plan.shared.cents > 0
    assert {s.person_id for s in plan.shares} == {w.person_id for w in workers if w.eligible and w.minutes > 0}
    assert sum(s.odd_cent for s in plan.shares) < max(len(plan.shares), 1)
    if method == BY_HOURS:
        ranked = sorted(plan.shares, key=lambda s: s.minutes)
        for smaller, larger in itertools.pairwise(ranked):
            assert smaller.amount.cents <= larger.amount.cents or smaller.minutes == larger.minutes
        for share in plan.shares:  # a share never strays by a cent or more from its exact value
            exact = plan.shared.cents * share.minutes / sum(s.minutes for s in plan.shares)
            assert abs(share.amount.cents - exact) < 1
