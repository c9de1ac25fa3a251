"""Signing in: finding the account and checking its argon2id hash (64 MiB, 3 passes).

Target: under 1 s. Baseline in the same run: reading the account from the accounts file alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kpa_local.domain.accounts import AccountForm
from kpa_local.services.accounts import accounts_of, create_first_account, sign_in
from kpa_local.services.workspaces import create_workspace
from kpa_local.workspace import Workspace

PASSWORD = "un mot de passe solide"


@pytest.fixture
def signed_up(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "kpa")
    create_workspace(workspace, name="Coop Mesure", code="coop-mesure")
    create_first_account(workspace, AccountForm("Awa Diallo", "awa", "coordination", PASSWORD, PASSWORD))
    return workspace


@pytest.mark.benchmark(group="sign-in")
def test_baseline_read_the_account(benchmark: Any, signed_up: Workspace) -> None:
    row = benchmark(accounts_of(signed_up).find, login="awa")
    assert row is not None


@pytest.mark.benchmark(group="sign-in")
def test_sign_in(benchmark: Any, signed_up: Workspace) -> None:
    actor = benchmark.pedantic(sign_in, args=(signed_up, "awa", PASSWORD), rounds=10)
    assert actor.role == "coordination"
    assert benchmark.stats.stats.median < 1.0


@pytest.mark.benchmark(group="unlock")
def test_unlock_and_read_the_first_figures(benchmark: Any, signed_up: Workspace) -> None:
    """From the password to the first figure read in the encrypted database: target under 1 s."""
    from kpa_local.services.encryption import is_encrypted, lock
    from kpa_local.services.workspaces import open_workspace

    assert is_encrypted(signed_up)
    open_workspace(signed_up).close()

    def unlock_and_read() -> int:
        lock(signed_up)
        sign_in(signed_up, "awa", PASSWORD)
        context = open_workspace(signed_up)
        try:
            return int(context.database.read("SELECT count(*) FROM person")[0][0])
        finally:
            context.close()

    assert benchmark.pedantic(unlock_and_read, rounds=10) == 0
    assert benchmark.stats.stats.median < 1.0
