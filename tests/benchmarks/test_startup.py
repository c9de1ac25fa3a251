"""Cold start of kpa, measured in fresh processes beside a bare Textual app in the same run.

Targets: first screen drawn within 1.3x the bare app; dashboard figures filled within 2x
(demo) and 2.5x (2,000 people over ten years); peak memory under 120 MB on the large one.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

import pytest

from kpa_local.workspace import Workspace
from tests.benchmarks.conftest import probe_path

ROUNDS = 7


def _probe(*args: str) -> tuple[float, float]:
    output = subprocess.run(
        [sys.executable, str(probe_path()), *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(output[1]), float(output[2])


def _median(*args: str) -> tuple[float, float]:
    runs = [_probe(*args) for _ in range(ROUNDS)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


@pytest.mark.benchmark(group="startup")
def test_cold_start_against_a_bare_textual_app(
    benchmark: pytest.FixtureRequest, demo_space: Workspace, large_space: Workspace
) -> None:
    _probe("bare")  # warm the bytecode caches of both before measuring
    _probe("kpa", str(demo_space.root), "figures")
    bare, _ = _median("bare")
    figures: dict[str, float] = {"bare": bare}
    for name, space in (("demo", demo_space), ("large", large_space)):
        figures[f"{name}_first_paint"], _ = _median("kpa", str(space.root), "first-paint")
        figures[f"{name}_figures"], figures[f"{name}_peak_mb"] = _median("kpa", str(space.root), "figures")
    benchmark.extra_info.update(figures)  # type: ignore[attr-defined]
    benchmark.pedantic(_probe, args=("bare",), rounds=1, iterations=1)  # type: ignore[attr-defined]
    ratios = {key: round(value / bare, 2) for key, value in figures.items() if not key.endswith("_mb")}
    print("\nDémarrage (s) :", figures, "\nRapports au Textual nu :", ratios)
    assert ratios["demo_first_paint"] <= 1.3
    assert ratios["large_first_paint"] <= 1.3
    assert ratios["demo_figures"] <= 2.0
    assert ratios["large_figures"] <= 2.5
    assert figures["large_peak_mb"] < 120
