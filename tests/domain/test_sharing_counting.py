"""Which sharing-out counts each amount: once, never twice, none left out, whatever the order of events."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kpa_local.domain.money import Money, net_part
from kpa_local.domain.periods import Period
from kpa_local.domain.sharing_counting import (
    PAYMENT,
    Amount,
    counted_by,
    first_day_to_validate,
    home_month,
    late_amounts,
    payment_net_cents,
)

OCTOBER = Period.month(2026, 10)
NOVEMBER = Period.month(2026, 11)
DECEMBER = Period.month(2026, 12)
Q4 = Period.parse("2026Q4")


def amount(source_id: int, day: date, cents: int) -> Amount:
    return Amount(PAYMENT, source_id, day, Money(cents))


def test_a_period_can_be_validated_from_the_day_after_its_end() -> None:
    assert first_day_to_validate(DECEMBER) == date(2027, 1, 1)
    assert first_day_to_validate(Period.parse("2026Q3")) == date(2026, 10, 1)


def test_money_dated_in_a_validated_month_goes_to_the_first_month_not_validated() -> None:
    assert home_month(date(2026, 11, 3), ()) == NOVEMBER
    assert home_month(date(2026, 11, 3), (NOVEMBER,)) == DECEMBER
    assert home_month(date(2026, 10, 3), (OCTOBER, NOVEMBER)) == DECEMBER
    assert home_month(date(2026, 9, 30), (Period.parse("2026Q3"), NOVEMBER)) == OCTOBER
    # December validated before November: money dated in December waits for January, not November.
    assert home_month(date(2026, 12, 20), (DECEMBER,)) == Period.month(2027, 1)


def test_a_period_counts_the_late_money_and_says_where_it_comes_from() -> None:
    validated = (OCTOBER,)
    late, own, elsewhere = (
        amount(1, date(2026, 10, 28), 12_000),
        amount(2, date(2026, 11, 3), 500),
        amount(3, date(2026, 12, 1), 7),
    )
    counted = counted_by(NOVEMBER, (late, own, elsewhere), validated)
    assert counted == (late, own)
    assert counted_by(Q4, (late, own, elsewhere), ()) == (late, own, elsewhere)
    [group] = late_amounts(NOVEMBER, counted, validated)
    assert (group.validated, group.days, group.total) == (OCTOBER, (date(2026, 10, 28),), Money(12_000))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**7), st.integers(0, 10**7), st.lists(st.integers(1, 10**6), min_size=1, max_size=6))
def test_an_invoice_paid_in_parts_brings_exactly_its_net_total(total: int, net_share: int, parts: list[int]) -> None:
    net = net_share % (total + 1)
    paid_before = 0
    brought = 0
    for part in parts:
        brought += payment_net_cents(paid_before, part, net, total)
        paid_before += part
    assert brought == net_part(paid_before, net, total)
    if paid_before == total:
        assert brought == net


events = st.lists(
    st.one_of(
        st.tuples(st.just("amount"), st.integers(0, 120), st.integers(-50_000, 200_000)),  # days back, cents
        st.tuples(st.just("advance"), st.integers(1, 45), st.just(0)),
        st.tuples(st.just("validate"), st.integers(0, 30), st.sampled_from([0, 1])),  # which, month or quarter
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(events)
def test_every_amount_is_counted_once_whatever_the_order_of_events(steps: list[tuple[str, int, int]]) -> None:
    start = date(2026, 1, 1)
    today = date(2026, 1, 15)
    amounts: list[Amount] = []
    validated: list[Period] = []
    counted: dict[int, Period] = {}

    def validate(period: Period) -> None:
        assert today >= first_day_to_validate(period)
        uncounted = [a for a in amounts if a.source_id not in counted]
        for taken in counted_by(period, uncounted, validated):
            assert taken.source_id not in counted  # never counted twice
            assert taken.day <= period.end
            counted[taken.source_id] = period
        validated.append(period)

    for kind, number, extra in steps:
        if kind == "amount":
            day = max(start, today - timedelta(days=number))
            amounts.append(amount(len(amounts), day, extra))
        elif kind == "advance":
            today += timedelta(days=number)
        else:
            candidates = [
                p for p in _periods(start, today, quarters=bool(extra)) if not any(p.overlaps(v) for v in validated)
            ]
            if candidates:
                validate(candidates[number % len(candidates)])
    today = date(today.year + 1, 1, 1) + timedelta(days=100)
    for month in _periods(start, today, quarters=False):
        if not any(month.overlaps(v) for v in validated):
            validate(month)
    assert sorted(counted) == [a.source_id for a in amounts]  # nothing left out


def _periods(first: date, today: date, *, quarters: bool) -> list[Period]:
    """The months (or quarters) from `first` that have ended by `today`."""
    periods = []
    for year in range(first.year, today.year + 1):
        candidates = [Period.parse(f"{year}Q{q}") for q in range(1, 5)] if quarters else [
            Period.month(year, m) for m in range(1, 13)]  # fmt: skip
        periods += [p for p in candidates if p.start >= first and first_day_to_validate(p) <= today]
    return periods
