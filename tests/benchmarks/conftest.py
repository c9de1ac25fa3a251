"""Workspaces for benchmarks: the demo, a large KPA of 2,000 people over ten years, and a KPA of 50,000 invoices.

The large KPAs are built twice, encrypted (as every new KPA) and plain, each once per run:
the parametrized fixtures run a benchmark on each variant, the `_pair` fixtures give both
variants to the benchmarks that time them in alternation (tests/benchmarks/test_encryption_cost.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kpa_local.services.demo import build_demo
from kpa_local.workspace import Workspace
from tests.worker_keys import hand_over

VARIANTS = ("chiffree", "en-clair")
Builder = Callable[[str, bool], Workspace]


@pytest.fixture(scope="session")
def demo_space(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    space = Workspace(tmp_path_factory.mktemp("bench") / "demo")
    build_demo(space).close()
    hand_over(space.database_file)
    return space


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    """Build a large KPA ("large" or "invoices") of one variant the first time it is asked for."""
    built: dict[tuple[str, bool], Workspace] = {}

    def build(kind: str, encrypted: bool) -> Workspace:
        if (kind, encrypted) not in built:
            space = Workspace(tmp_path_factory.mktemp("bench") / f"{kind}-{VARIANTS[not encrypted]}")
            if kind == "large":
                build_demo(space, people=2000, years=10, seed=11, encrypted=encrypted).close()
            else:
                from tests.benchmarks.billing_bulk import add_invoices

                build_demo(space, encrypted=encrypted).close()
                add_invoices(space, 50_000)
            hand_over(space.database_file)
            built[kind, encrypted] = space
        return built[kind, encrypted]

    return build


@pytest.fixture(scope="session", params=VARIANTS)
def large_space(request: pytest.FixtureRequest, build_once: Builder) -> Workspace:
    """The large KPA, encrypted and plain: each benchmark on it runs on both."""
    return build_once("large", request.param == "chiffree")


@pytest.fixture(scope="session", params=VARIANTS)
def invoices_space(request: pytest.FixtureRequest, build_once: Builder) -> Workspace:
    """The demo KPA with 50,000 invoices more, encrypted and plain."""
    return build_once("invoices", request.param == "chiffree")


@pytest.fixture(scope="session")
def large_pair(build_once: Builder) -> tuple[Workspace, Workspace]:
    """The large KPA encrypted, then plain."""
    return build_once("large", True), build_once("large", False)


@pytest.fixture(scope="session")
def invoices_pair(build_once: Builder) -> tuple[Workspace, Workspace]:
    """The 50,000-invoice KPA encrypted, then plain."""
    return build_once("invoices", True), build_once("invoices", False)


def probe_path() -> Path:
    return Path(__file__).with_name("startup_probe.py")
