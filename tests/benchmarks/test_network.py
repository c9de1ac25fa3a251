"""The quarterly bundle of the large KPA, and the network report over 15 KPAs × 8 quarters.

Targets: the export of a quarter under 1 s; the report (check, merge, figures, PDF) under 5 s.
Baselines in the same run: reading the quarter's people with the plainest SQL, and only
checking the 120 bundles (what the report adds is the merge, the figures and the page).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.documents.network_pdf import render_network_pdf
from kpa_local.domain.dates import Quarter
from kpa_local.domain.network import network_figures
from kpa_local.exchange.bundle_check import check_bundle
from kpa_local.exchange.bundle_write import assemble, default_privacy
from kpa_local.exchange.network_bundles import bundle_files, load_bundles
from kpa_local.services.context import Context
from kpa_local.services.network_export import prepare_bundle
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace

KPAS = 15
GENERATED = datetime(2026, 1, 1, tzinfo=UTC)
QUARTERS = [Quarter(2024, 1), Quarter(2024, 2), Quarter(2024, 3), Quarter(2024, 4),
            Quarter(2025, 1), Quarter(2025, 2), Quarter(2025, 3), Quarter(2025, 4)]  # fmt: skip


@pytest.fixture
def large(large_space: Workspace) -> Iterator[Context]:
    context = open_workspace(large_space)
    yield context
    context.close()


@pytest.mark.benchmark(group="network-export")
def test_baseline_read_the_quarter_people(benchmark: Any, large_space: Workspace) -> None:
    with closing(cipher.connect(large_space.database_file)) as connection:
        rows = benchmark(lambda: connection.execute("SELECT * FROM person WHERE entry_date <= '2026-09-30'").fetchall())
    assert rows


@pytest.mark.benchmark(group="network-export")
def test_export_a_quarter(benchmark: Any, large: Context) -> None:
    bundle = benchmark(prepare_bundle, large, Quarter.of(large.today()).previous())
    assert len(bundle.rows["members.csv"]) > 200
    assert benchmark.stats.stats.median < 1.0


def _member(rng: random.Random, pid: int, quarter: Quarter) -> dict[str, str]:
    entry = f"{quarter.year - rng.randint(0, 2)}-{rng.randint(1, 12):02d}"
    left = rng.random() < 0.2
    return {"pid": f"{pid:016x}", "role": "cooperant", "contract": "cape",
            "gender": rng.choice(["femme", "femme", "homme"]), "age_band": rng.choice(["16-24", "25-39", "40-54"]),
            "departement": rng.choice(["59", "62"]), "qpv": rng.choice(["oui", "non"]),
            "single_parent": "non", "international_protection": "non", "rqth": "non", "education": "bac",
            "ft_registered_at_entry": "oui", "ft_duration_band": "<6m", "ft_registered_during": "non",
            "mission_locale": "non", "entry_month": min(entry, f"{quarter.year}-{3 * quarter.number:02d}"),
            "planned_duration": "1y", "exit_month": f"{quarter.year}-{3 * quarter.number:02d}" if left else "",
            "exit_situation": "emploi_cdi" if left else "", "hours_quarter": "10.00"}  # fmt: skip


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reseau")
    rng = random.Random(15)
    for kpa in range(KPAS):
        for quarter in QUARTERS:
            months = [f"{quarter.year}-{3 * quarter.number - 2 + m:02d}" for m in range(3)]
            activity = []
            for month in months:
                figures = {"month": month, "revenue_invoiced_ht": "1000.00", "revenue_collected_ht": "900.00",
                           "invoices": "3", "clients": "2", "hours": "40.00", "people": "5"}  # fmt: skip
                activity.append(figures | {"activity": "traiteur", "remuneration": "", "savings_contribution": "",
                                           "savings_balance": ""})  # fmt: skip
                activity.append(figures | {"activity": "total", "remuneration": "500.00",
                                           "savings_contribution": "50.00", "savings_balance": "800.00"})  # fmt: skip
            members = [_member(rng, pid, quarter) for pid in range(40)]
            bundle = assemble(kpa_code=f"kpa-{kpa:02d}", kpa_name=f"KPA {kpa}", quarter_label=quarter.label,
                              period=(quarter.start, quarter.end), members=members, activity=activity,
                              privacy=default_privacy(), generated_at=GENERATED, version="1")  # fmt: skip
            (folder / bundle.name).write_bytes(bundle.archive())
    return folder


@pytest.mark.benchmark(group="network-report")
def test_baseline_check_the_bundles(benchmark: Any, network: Path) -> None:
    results = benchmark.pedantic(lambda: [check_bundle(p) for p in bundle_files([network])], rounds=3)
    assert len(results) == KPAS * len(QUARTERS) and all(result.valid for result in results)


@pytest.mark.benchmark(group="network-report")
def test_network_report_of_15_kpas_over_8_quarters(benchmark: Any, network: Path) -> None:
    def report() -> bytes:
        loaded = load_bundles([network])
        return render_network_pdf(network_figures(loaded.bundles, QUARTERS[0], QUARTERS[-1]))

    assert benchmark.pedantic(report, rounds=3)[:4] == b"%PDF"
    assert benchmark.stats.stats.median < 5.0
