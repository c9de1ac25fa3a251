"""Workspaces for benchmarks: the demo, and a large KPA of 2,000 people over ten years."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpa_local.services.demo import build_demo
from kpa_local.workspace import Workspace
from tests.worker_keys import hand_over


@pytest.fixture(scope="session")
def demo_space(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    space = Workspace(tmp_path_factory.mktemp("bench") / "demo")
    build_demo(space).close()
    hand_over(space.database_file)
    return space


@pytest.fixture(scope="session", params=["chiffree", "en-clair"])
def large_space(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The large KPA, encrypted (as every new KPA) and plain: each benchmark on it runs on both."""
    space = Workspace(tmp_path_factory.mktemp("bench") / f"large-{request.param}")
    build_demo(space, people=2000, years=10, seed=11, encrypted=request.param == "chiffree").close()
    hand_over(space.database_file)
    return space


def probe_path() -> Path:
    return Path(__file__).with_name("startup_probe.py")


@pytest.fixture(scope="session", params=["chiffree", "en-clair"])
def invoices_space(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo KPA with 50,000 invoices more, encrypted and plain."""
    from tests.benchmarks.billing_bulk import add_invoices

    space = Workspace(tmp_path_factory.mktemp("bench") / f"invoices-{request.param}")
    build_demo(space, encrypted=request.param == "chiffree").close()
    add_invoices(space, 50_000)
    return space
