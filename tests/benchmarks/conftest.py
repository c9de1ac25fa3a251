"""Workspaces for benchmarks: the demo, and a large KPA of 2,000 people over ten years."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpa_local.services.demo import build_demo
from kpa_local.workspace import Workspace


@pytest.fixture(scope="session")
def demo_space(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    space = Workspace(tmp_path_factory.mktemp("bench") / "demo")
    build_demo(space).close()
    return space


@pytest.fixture(scope="session")
def large_space(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    space = Workspace(tmp_path_factory.mktemp("bench") / "large")
    build_demo(space, people=2000, years=10, seed=11).close()
    return space


def probe_path() -> Path:
    return Path(__file__).with_name("startup_probe.py")


@pytest.fixture(scope="session")
def invoices_space(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo KPA with 50,000 invoices more."""
    from tests.benchmarks.billing_bulk import add_invoices

    space = Workspace(tmp_path_factory.mktemp("bench") / "invoices")
    build_demo(space).close()
    add_invoices(space, 50_000)
    return space
