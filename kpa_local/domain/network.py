"""The network's key figures from the bundles of every KPA (spec collecteur v1, §7).

A person is a `(kpa_code, pid)` pair; when a person appears in several bundles of the span,
the row of the latest quarter wins. `*` (a suppressed value) counts as unknown. Percentages
are of the people concerned, rounded half up to the whole percent, each beside its count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kpa_local.domain.codes import EXIT_SITUATIONS
from kpa_local.domain.dates import Quarter
from kpa_local.domain.kanonymity import SUPPRESSED

UNKNOWN = "inconnu"
# The one label of an unknown or hidden value, in every figure of the report.
NOT_GIVEN = "non renseigné"
STAY_BANDS = ("<6", "6-12", "13-21", ">21")
EXIT_GROUPS = {
    "emploi_cdi": "emploi", "emploi_cdd_6m_plus": "emploi", "emploi_cdd_moins_6m": "emploi",
    "emploi_interim": "emploi", "formation_qualifiante": "formation qualifiante ou certifiante",
    "formation_non_qualifiante": "formation", "creation_entreprise": "création ou reprise d'entreprise",
    "autre_dispositif": "orienté·e vers un autre dispositif", "service_civique": "service civique",
    "sans_emploi_ni_formation": "sans emploi ni formation", UNKNOWN: NOT_GIVEN,
}  # fmt: skip


@dataclass(frozen=True)
class BundleData:
    """What the report needs of one valid bundle."""

    kpa_code: str
    quarter: Quarter
    members: Sequence[Mapping[str, str]]
    activity: Sequence[Mapping[str, str]]


@dataclass(frozen=True)
class Count:
    """A figure: how many, out of how many, and the rounded percentage."""

    label: str
    count: int
    base: int

    @property
    def percent(self) -> int:
        if not self.base:
            return 0
        return int((Decimal(self.count) * 100 / self.base).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Section:
    """A titled list of figures, with who they are counted among."""

    title: str
    among: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class NetworkFigures:
    """Every figure of the report."""

    first: Quarter
    last: Quarter
    kpas: tuple[str, ...]
    people: int
    sections: tuple[Section, ...]
    revenue: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)  # kpa → year → revenue HT


def merge(bundles: Iterable[BundleData], first: Quarter, last: Quarter) -> dict[tuple[str, str], Mapping[str, str]]:
    """Each person once, with the row of the latest quarter of the span that holds them."""
    people: dict[tuple[str, str], tuple[Quarter, Mapping[str, str]]] = {}
    for bundle in bundles:
        if not first <= bundle.quarter <= last:
            continue
        for row in bundle.members:
            key = (bundle.kpa_code, row["pid"])
            if key not in people or people[key][0] < bundle.quarter:
                people[key] = (bundle.quarter, row)
    return {key: row for key, (_quarter, row) in people.items()}


def _value(row: Mapping[str, str], column: str) -> str:
    value = row.get(column, "")
    return UNKNOWN if value in (SUPPRESSED, "") else value


def _section(title: str, among: str, rows: Sequence[Mapping[str, str]], column: str,
             labels: Mapping[str, str]) -> Section:  # fmt: skip
    counts = Counter(_value(row, column) for row in rows)
    unknown = (UNKNOWN, NOT_GIVEN)
    known = [code for code in labels if counts.get(code) and code not in unknown]
    others = sorted(code for code in counts if code not in labels and code not in unknown)
    ordered = known + others + [code for code in unknown if counts.get(code)]
    return Section(title, among, tuple(Count(_label(labels, code), counts[code], len(rows)) for code in ordered))


def _label(labels: Mapping[str, str], code: str) -> str:
    return NOT_GIVEN if code in (UNKNOWN, NOT_GIVEN) else labels.get(code, code)


def _months(first: str, last: str) -> int:
    """Months from one to the other, both counted (2026-01 to 2026-06 is 6)."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def stay_band(months: int) -> str:
    """<6 is 1 to 5 months, 6-12, 13-21, >21 is 22 and more."""
    if months < 6:
        return "<6"
    if months <= 12:
        return "6-12"
    if months <= 21:
        return "13-21"
    return ">21"


def network_figures(bundles: Sequence[BundleData], first: Quarter, last: Quarter) -> NetworkFigures:
    """Every figure of §7 over the span of quarters."""
    people = list(merge(bundles, first, last).values())
    end_month = f"{last.end.year}-{last.end.month:02d}"
    yes_no = {"oui": "oui", "non": "non"}
    sections = [
        _section("Genre", "toutes les personnes", people, "gender",
                 {"femme": "femmes", "homme": "hommes", "autre": "autre"}),
        _section("Âge à l'entrée", "toutes les personnes", people, "age_band",
                 {"16-24": "16-24 ans", "25-39": "25-39 ans", "40-54": "40-54 ans", "55+": "55 ans et plus"}),
        _section("Département", "toutes les personnes", people, "departement", {}),
        _section("Habite un quartier prioritaire (QPV)", "toutes les personnes", people, "qpv", yes_no),
        _section("Parent isolé", "toutes les personnes", people, "single_parent", yes_no),
        _section("Protection internationale", "toutes les personnes", people, "international_protection", yes_no),
        _section("Niveau de formation", "toutes les personnes", people, "education",
                 {"infra_cap": "sans CAP, BEP ni Bac", "cap_bep": "CAP ou BEP", "bac": "Bac",
                  "bac2_4": "Bac +2 à +4", "bac5": "Bac +5 et plus"}),
        _section("Inscrit·e à France Travail à l'entrée", "toutes les personnes", people, "ft_registered_at_entry",
                 yes_no),
    ]  # fmt: skip
    registered = [row for row in people if row.get("ft_registered_at_entry") == "oui"]
    sections += [
        _section("Depuis combien de temps", "les personnes inscrites à France Travail à l'entrée", registered,
                 "ft_duration_band", {"<6m": "moins de 6 mois", "6-12m": "6 à 12 mois", "13-24m": "13 à 24 mois",
                                      "2-5y": "2 à 5 ans", ">5y": "plus de 5 ans"}),
        _section("Orienté·e par une Mission locale", "toutes les personnes", people, "mission_locale", yes_no),
        _section("Inscrit·e à France Travail pendant le parcours", "toutes les personnes", people,
                 "ft_registered_during", yes_no),
        _section("Reconnu·e travailleur·se handicapé·e (RQTH)", "toutes les personnes", people, "rqth", yes_no),
        _section("Durée prévue du parcours", "toutes les personnes", people, "planned_duration",
                 {"<1y": "moins d'un an", "1y": "un an", "1-2y": "entre un et deux ans", "2y": "deux ans",
                  ">2y": "plus de deux ans"}),
    ]  # fmt: skip
    still_in = [row for row in people if not row.get("exit_month")]
    left = [row for row in people if row.get("exit_month")]
    stays_in = [{"stay": stay_band(_months(row["entry_month"], end_month))} for row in still_in]
    stays_out = [{"stay": stay_band(_months(row["entry_month"], row["exit_month"]))} for row in left]
    bands = {"<6": "moins de 6 mois", "6-12": "6 à 12 mois", "13-21": "13 à 21 mois", ">21": "plus de 21 mois"}
    sections += [
        # As the network's own key figures say it: « 169 (63 %) sont actuellement dans un KPA ».
        _section("Encore dans une KPA ou sorti·es, à la fin de la période", "toutes les personnes",
                 [{"where": "out" if row.get("exit_month") else "in"} for row in people], "where",
                 {"in": "encore dans une KPA", "out": "sorti·es"}),
        _section("Encore dans une KPA à la fin de la période : depuis combien de temps", "les personnes encore là",
                 stays_in, "stay", bands),
        _section("Sorti·es : combien de temps elles et ils sont resté·es", "les personnes sorties", stays_out,
                 "stay", bands),
        _section("Situation à la sortie, par groupe", "les personnes sorties",
                 [{"group": EXIT_GROUPS.get(_value(row, "exit_situation"), NOT_GIVEN)} for row in left],
                 "group", {group: group for group in dict.fromkeys(EXIT_GROUPS.values())}),
        _section("Situation à la sortie, en détail", "les personnes sorties", left, "exit_situation",
                 {code: label.lower() for code, label in EXIT_SITUATIONS.items()}),
    ]  # fmt: skip
    return NetworkFigures(first, last, tuple(sorted({b.kpa_code for b in bundles if first <= b.quarter <= last})),
                          len(people), tuple(sections), _revenue(bundles, first, last))  # fmt: skip


def _revenue(bundles: Iterable[BundleData], first: Quarter, last: Quarter) -> dict[str, dict[int, Decimal]]:
    """Revenue invoiced (excluding VAT) per KPA and calendar year, from the `total` rows; each quarter once."""
    latest: dict[tuple[str, Quarter], BundleData] = {}
    for bundle in bundles:
        if first <= bundle.quarter <= last:
            latest[bundle.kpa_code, bundle.quarter] = bundle
    revenue: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for (kpa, _quarter), bundle in sorted(latest.items(), key=lambda item: (item[0][0], item[0][1])):
        for row in bundle.activity:
            if row["activity"] == "total":
                revenue[kpa][int(row["month"][:4])] += Decimal(row["revenue_invoiced_ht"])
    return {kpa: dict(years) for kpa, years in revenue.items()}
