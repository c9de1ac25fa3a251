"""Shared fixtures: a temporary workspace file migrated to head, with a frozen clock."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kpa_local.domain.members import MemberDraft
from kpa_local.logfile import LOGGER
from kpa_local.services.context import Context
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace
from tests import server_support

TODAY = date(2026, 11, 26)


def frozen_today() -> date:
    return TODAY


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def app_log() -> Iterator[list[str]]:
    """The messages the app logs during the test (its logger does not reach pytest's caplog once a
    workspace log was opened in the same process)."""
    kept = _Kept()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(kept)
    try:
        yield kept.lines
    finally:
        logger.removeHandler(kept)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A new KPA in a temporary folder (settings written, database not opened yet); with KPA_TEST_SERVER,
    its database is a new one on that PostgreSQL server."""
    space = Workspace(tmp_path / "kpa")
    create_workspace(space, name="Coop Test", code="coop-test")
    if ENCRYPTED:
        encrypt_before_use(space)
    if not ON_SERVER:
        yield space
        return
    name = server_support.new_database()
    monkeypatch.setenv("KPA_DATABASE_URL", server_support.app_url(name))
    yield space
    server_support.drop_database(name)


# KPA_TEST_SERVER=postgresql://… runs the tests of the services and of the command line on a PostgreSQL
# server (tests/server_support.py); without it they run on SQLite files.
ON_SERVER = bool(server_support.ADMIN)


# KPA_TEST_ENCRYPTED=1 runs every test on encrypted workspaces (the default run uses plain ones
# for what is not about encryption; demo workspaces are encrypted in both).
ENCRYPTED = os.environ.get("KPA_TEST_ENCRYPTED") == "1"


def encrypt_before_use(space: Workspace) -> None:
    """Make the workspace's database encrypted from its first byte, with a key held in memory."""
    import secrets

    from kpa_local.db import cipher
    from kpa_local.db.accounts import AccountsFile
    from kpa_local.db.keyring import RECOVERY_SLOT, seal
    from tests.worker_keys import hand_over

    key = secrets.token_bytes(cipher.KEY_BYTES)
    AccountsFile(space.accounts_file).put_slots(seal(RECOVERY_SLOT, key, "clé de secours des tests"))
    cipher.remember(space.database_file, key)
    hand_over(space.database_file)


@pytest.fixture
def context(workspace: Workspace) -> Iterator[Context]:
    """The workspace opened: database file migrated to head, clock frozen on 26/11/2026."""
    opened = open_workspace(workspace, clock=frozen_today)
    yield opened
    opened.close()


def make_draft(**changes: Any) -> MemberDraft:
    """A valid person, with some fields changed."""
    values: dict[str, Any] = {
        "last_name": "Dupont",
        "first_name": "Hélène",
        "entry_date": date(2025, 3, 1),
        "birth_date": date(1980, 5, 12),
        "gender": "femme",
        "postal_code": "59100",
        "city": "Roubaix",
    }
    values.update(changes)
    return MemberDraft(**values)


@pytest.fixture
def demo_coordination(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line signs in as the demo's coordination account."""
    monkeypatch.setenv("KPA_USER", "camille")
    monkeypatch.setenv("KPA_PASSWORD", "demo-coordination")


@pytest.fixture
def billing(workspace: Workspace) -> Iterator[Context]:
    """The workspace with a complete seller identity and bank details, opened on 26/11/2026."""
    from tests.billing_support import Clock, open_billing

    context = open_billing(workspace, Clock(TODAY))
    yield context
    context.close()


def share_key(original: Workspace, copy: Workspace) -> None:
    """A copied workspace opens with the key its original holds (the copy of an encrypted demo, say)."""
    from kpa_local.db import cipher

    key = cipher.key_for(original.database_file)
    if key is not None:
        cipher.remember(copy.database_file, key)


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo KPA built once per run with the clock on 26/11/2026; never changed (copied by `cli_demo`)."""
    from kpa_local.services.demo import build_demo

    root = tmp_path_factory.mktemp("cli-template") / "demo"
    if not ON_SERVER:
        build_demo(Workspace(root), clock=frozen_today).close()
        return root
    name = server_support.new_database()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KPA_DATABASE_URL", server_support.app_url(name))
        build_demo(Workspace(root), clock=frozen_today).close()
    server_support.forget_servers()
    (root / SERVER_TEMPLATE).write_text(name, encoding="utf-8")
    return root


# Beside a demo template built on a server: the name of its database, which each copy copies.
SERVER_TEMPLATE = "base-sur-le-serveur.txt"


def copy_demo(template: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the demo template in `root`, with its own copy of the template's database."""
    import shutil

    shutil.copytree(template, root)
    share_key(Workspace(template), Workspace(root))
    if ON_SERVER:
        name = server_support.copy_database((template / SERVER_TEMPLATE).read_text(encoding="utf-8"))
        monkeypatch.setenv("KPA_DATABASE_URL", server_support.app_url(name))


@pytest.fixture
def cli_demo(cli_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of `cli_template` for one test; the command line signs in as its coordination account."""
    root = tmp_path / "demo"
    copy_demo(cli_template, root, monkeypatch)
    monkeypatch.setenv("KPA_USER", "camille")
    monkeypatch.setenv("KPA_PASSWORD", "demo-coordination")
    monkeypatch.setenv("KPA_NEW_PASSWORD", "un mot de passe long")
    return root


@pytest.fixture
def demo(cli_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    """A copy of `cli_template` opened as its coordination on the frozen clock: its billing (a deposit, payments
    by transfer, cheque and cash, a credit note, a public client) and its validated sharing-outs."""
    root = tmp_path / "demo"
    copy_demo(cli_template, root, monkeypatch)
    context = open_workspace(Workspace(root), clock=frozen_today)
    yield context
    context.close()


# The monkey's totals (tests/tui/test_monkey.py), shown at the end of every run, with or without xdist.
_MONKEY_TOTALS: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _MONKEY_TOTALS.extend(str(value) for name, value in report.user_properties if name == "monkey")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _MONKEY_TOTALS:
        terminalreporter.section("monkey")
        for line in _MONKEY_TOTALS:
            terminalreporter.write_line(line)


# The longest tests start first, so that the others fill the processes around them rather than wait
# for them at the end of the run.
LONGEST_FIRST = ("tests/tui/test_monkey.py",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))
    if ON_SERVER:  # a test of the SQLite file (its backups, its encryption, its copies) has no server form
        about_the_file = [item for item in items if item.get_closest_marker("sqlite_file")]
        config.hook.pytest_deselected(items=about_the_file)
        items[:] = [item for item in items if not item.get_closest_marker("sqlite_file")]


@pytest.hookimpl(optionalhook=True)  # xdist's hook: a run with -p no:xdist does not know it
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: half as many processes again as the computer has cores.

    A third of the screens' tests is spent waiting (for the screen to be drawn, for a worker thread, for a
    timer): one more process per two cores keeps the cores busy meanwhile.
    """
    cores = os.cpu_count() or 1
    return max(1, cores + cores // 2)
