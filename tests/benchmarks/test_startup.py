"""Cold start of kpa, measured in fresh processes beside a bare Textual app in the same run.

Targets: first screen drawn within 1.3x the bare app; dashboard figures filled within 2x
(demo) and 2.5x (2,000 people over ten years); peak memory under 120 MB on the large one,
measured once the members list has been opened there too (the ORM and its models loaded).

The machine's speed drifts during a run, so each round starts the bare app and then every
kpa case right after it; a ratio is taken within each round and the median ratio is kept.
Bytecode caches are warmed first and kept, as on an installed computer.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from typing import Any

from kpa_local.workspace import Workspace
from tests.benchmarks.conftest import probe_path

ROUNDS = 9


def _probe(*args: str) -> tuple[float, float]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    output = subprocess.run(
        [sys.executable, str(probe_path()), *args], capture_output=True, text=True, check=True, env=environment,
        timeout=60,
    ).stdout.split()  # fmt: skip
    return float(output[1]), float(output[2])


def test_cold_start_against_a_bare_textual_app(benchmark: Any, demo_space: Workspace, large_space: Workspace) -> None:
    cases = {
        "demo_first_paint": ("kpa", str(demo_space.root), "first-paint"),
        "demo_figures": ("kpa", str(demo_space.root), "figures"),
        "large_first_paint": ("kpa", str(large_space.root), "first-paint"),
        "large_figures": ("kpa", str(large_space.root), "figures"),
        "large_members_list": ("kpa", str(large_space.root), "members"),
    }
    _probe("bare")
    for args in cases.values():
        _probe(*args)
    ratios: dict[str, list[float]] = {name: [] for name in cases}
    seconds: dict[str, list[float]] = {name: [] for name in ("bare", *cases)}
    peak_mb = 0.0
    for _ in range(ROUNDS):
        bare, _memory = _probe("bare")
        seconds["bare"].append(bare)
        for name, args in cases.items():
            elapsed, memory = _probe(*args)
            seconds[name].append(elapsed)
            ratios[name].append(elapsed / bare)
            if name.startswith("large"):
                peak_mb = max(peak_mb, memory)
    median_ratio = {name: round(statistics.median(values), 2) for name, values in ratios.items()}
    median_seconds = {name: round(statistics.median(values), 3) for name, values in seconds.items()}
    benchmark.extra_info.update({"ratios": median_ratio, "seconds": median_seconds, "large_peak_mb": peak_mb})
    benchmark.pedantic(_probe, args=("bare",), rounds=1, iterations=1)
    print("\nMédianes (s) :", median_seconds, "\nRapports au Textual nu :", median_ratio, "\nMémoire :", peak_mb)
    assert median_ratio["demo_first_paint"] <= 1.3
    assert median_ratio["large_first_paint"] <= 1.3
    assert median_ratio["demo_figures"] <= 2.0
    assert median_ratio["large_figures"] <= 2.5
    assert peak_mb < 120
