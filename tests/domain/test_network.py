"""The network's key figures, checked against figures computed by hand on a small network of bundles."""

from __future__ import annotations

from decimal import Decimal

from kpa_local.documents.network_report import render_markdown
from kpa_local.domain.dates import Quarter
from kpa_local.domain.network import NOT_GIVEN, BundleData, NetworkFigures, merge, network_figures, stay_band

Q1, Q2, Q3 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)


def person(pid: str, **values: str) -> dict[str, str]:
    row = {"pid": pid, "gender": "femme", "age_band": "25-39", "departement": "59", "qpv": "oui",
           "single_parent": "non", "international_protection": "non", "rqth": "non", "education": "bac",
           "ft_registered_at_entry": "non", "ft_duration_band": "", "ft_registered_during": "non",
           "mission_locale": "non", "entry_month": "2026-01", "planned_duration": "1y", "exit_month": "",
           "exit_situation": ""}  # fmt: skip
    return row | values


def total(month: str, revenue: str) -> dict[str, str]:
    return {"month": month, "activity": "total", "revenue_invoiced_ht": revenue}


NETWORK = [
    # Roubaix, Q1: a and b; Q2: a again, now left (the latest row wins), and c.
    BundleData("roubaix", Q1, [person("a"), person("b", gender="homme", age_band="55+", departement="*")],
               [total("2026-01", "100.00"), total("2026-02", "50.50"), total("2026-03", "0.00")]),
    BundleData("roubaix", Q2, [person("a", exit_month="2026-06", exit_situation="emploi_cdi"),
                               person("c", ft_registered_at_entry="oui", ft_duration_band="<6m",
                                      entry_month="2025-03")],
               [total("2026-04", "200.00"), total("2026-05", "0.00"), total("2026-06", "0.00")]),
    # Lens, Q2: another "a" — a different person (another KPA); left after 2 months.
    BundleData("lens", Q2, [person("a", gender="autre", exit_month="2026-02", exit_situation="service_civique",
                                   ft_registered_at_entry="oui", ft_duration_band=">5y")],
               [total("2026-04", "10.00"), total("2026-05", "0.00"), total("2026-06", "0.00")]),
    # Outside the span: ignored.
    BundleData("lens", Q3, [person("z")], [total("2026-07", "999.00")]),
]  # fmt: skip


def _section(figures: NetworkFigures, title: str) -> dict[str, tuple[int, int, int]]:
    section = next(s for s in figures.sections if s.title == title)
    return {c.label: (c.count, c.base, c.percent) for c in section.counts}


def test_a_person_is_a_kpa_and_pid_pair_and_the_latest_quarter_wins() -> None:
    people = merge(NETWORK, Q1, Q2)
    assert sorted(people) == [("lens", "a"), ("roubaix", "a"), ("roubaix", "b"), ("roubaix", "c")]
    assert people["roubaix", "a"]["exit_month"] == "2026-06"


def test_the_figures_against_hand_computed_ones() -> None:
    figures = network_figures(NETWORK, Q1, Q2)
    assert figures.people == 4 and figures.kpas == ("lens", "roubaix")
    # Gender: 2 women (roubaix a, c), 1 man, 1 other, of 4: 50 %, 25 %, 25 %.
    assert _section(figures, "Genre") == {"femmes": (2, 4, 50), "hommes": (1, 4, 25), "autre": (1, 4, 25)}
    # A suppressed département counts as unknown.
    assert _section(figures, "Département") == {"59": (3, 4, 75), "non renseigné": (1, 4, 25)}
    # Duration bands are among the 2 people registered at France Travail.
    assert _section(figures, "Depuis combien de temps") == {"moins de 6 mois": (1, 2, 50), "plus de 5 ans": (1, 2, 50)}
    # Of the 4 people, 2 are still in (roubaix b and c) and 2 left (both a): counts and shares of everyone.
    assert _section(figures, "Encore dans une KPA ou sorti·es, à la fin de la période") == {
        "encore dans une KPA": (2, 4, 50), "sorti·es": (2, 4, 50)}  # fmt: skip
    # Still in at the end of June: b (entered 2026-01: 6 months) and c (2025-03: 16 months).
    assert _section(figures, "Encore dans une KPA à la fin de la période : depuis combien de temps") == {
        "6 à 12 mois": (1, 2, 50), "13 à 21 mois": (1, 2, 50)}  # fmt: skip
    # Left: roubaix a (2026-01 → 2026-06: 6 months), lens a (2026-01 → 2026-02: 2 months).
    assert _section(figures, "Sorti·es : combien de temps elles et ils sont resté·es") == {
        "moins de 6 mois": (1, 2, 50), "6 à 12 mois": (1, 2, 50)}  # fmt: skip
    assert _section(figures, "Situation à la sortie, par groupe") == {
        "emploi": (1, 2, 50),
        "service civique": (1, 2, 50),
    }
    assert figures.revenue == {"roubaix": {2026: Decimal("350.50")}, "lens": {2026: Decimal("10.00")}}


def test_stay_bands_and_rounding() -> None:
    assert [stay_band(m) for m in (1, 5, 6, 12, 13, 21, 22)] == ["<6", "<6", "6-12", "6-12", "13-21", "13-21", ">21"]
    figures = network_figures([BundleData("x", Q1, [person(str(n), gender="homme" if n < 1 else "femme")
                                                    for n in range(8)], [])], Q1, Q1)  # fmt: skip
    # 1 of 8 is 12.5 %: rounded half up to 13 %; 7 of 8 is 87.5 %: 88 %.
    assert _section(figures, "Genre") == {"femmes": (7, 8, 88), "hommes": (1, 8, 13)}


def test_an_unknown_value_has_one_label_in_every_figure() -> None:
    unknown = {column: "" for column in person("x") if column not in ("pid", "entry_month", "exit_month")}
    hidden = dict.fromkeys(unknown, "*")
    registered = {"ft_registered_at_entry": "oui"}
    people = [person("x", **unknown | registered, exit_month="2026-03"), person("y", **hidden | registered)]
    figures = network_figures([BundleData("roubaix", Q1, people, [])], Q1, Q1)
    text = render_markdown(figures)
    for section in figures.sections:
        if section.title.startswith(("Encore", "Sorti", "Inscrit·e à France Travail à l'entrée")):
            continue
        assert section.counts[-1].label == NOT_GIVEN, section.title
    assert "non connu" not in text and "inconnu" not in text
    assert f"| {NOT_GIVEN} | 2 | 100 % |" in text
