"""Fixtures of the service tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpa_local.services.context import Context
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today, share_key


@pytest.fixture
def demo(cli_template: Path, tmp_path: Path) -> Iterator[Context]:
    """A copy of the demo KPA, opened as its coordination on 26/11/2026: its billing (a deposit, payments by
    transfer, cheque and cash, a credit note) and its validated sharing-outs."""
    root = tmp_path / "demo"
    shutil.copytree(cli_template, root)
    share_key(Workspace(cli_template), Workspace(root))
    context = open_workspace(Workspace(root), clock=frozen_today)
    yield context
    context.close()
