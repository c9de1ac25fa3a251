"""A KPA on the local PostgreSQL server against the same KPA on its SQLite file, in the same run.

Targets: issuing one invoice on the server takes at most twice as long as on the file; the
50,000-invoice list opens under 200 ms on the server; three computers issuing at once are
measured in invoices per second (printed, with the file's figure beside it). Each KPA comes
to the server by `kpa database move-to`'s own copy (services/moving.py), from the file it is
compared with. Needs KPA_TEST_SERVER (`.ci/run` shows how to start a throw-away cluster).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.services.billing_queries import list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from kpa_local.services.moving import move_to_server
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests import server_support
from tests.benchmarks.conftest import Builder
from tests.billing_support import business_client, draft
from tests.conftest import ON_SERVER
from tests.worker_keys import hand_over

pytestmark = pytest.mark.skipif(
    not ON_SERVER, reason="sans serveur PostgreSQL de test : KPA_TEST_SERVER=postgresql://…"
)
ROUNDS = 30
ROOT = Path(__file__).resolve().parents[2]


def _on_server(space: Workspace, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, str]:
    """A copy of `space` moved to a new database of the server; the copy and the database's name."""
    copy = Workspace(folder / space.root.name)
    shutil.copytree(space.root, copy.root)
    key = cipher.key_for(space.database_file)
    if key is not None:
        cipher.remember(copy.database_file, key)
    name = server_support.new_database()
    context = open_workspace(copy)
    move_to_server(context, server_support.app_url(name), server_support.owner_url(name))
    monkeypatch.setenv("KPA_DATABASE_URL", server_support.app_url(name))
    if key is not None:
        cipher.remember(copy.database_file, key)  # the same key now seals the server's backups
    return copy, name


@pytest.fixture
def both(demo_space: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Context]]:
    """The demo on its file and on the server, each with drafts to issue."""
    file_copy = Workspace(tmp_path / "fichier" / "demo")
    shutil.copytree(demo_space.root, file_copy.root)
    key = cipher.key_for(demo_space.database_file)
    if key is not None:
        cipher.remember(file_copy.database_file, key)
        hand_over(file_copy.database_file)  # the issuing processes of the three computers hold it too
    on_file = open_workspace(file_copy)
    served, name = _on_server(demo_space, tmp_path / "serveur", monkeypatch)
    on_server = open_workspace(served)
    opened = {"fichier": on_file, "serveur": on_server}
    try:
        yield opened
    finally:
        for context in opened.values():
            context.close()
        server_support.drop_database(name)


def _issue_rounds(benchmark: Any, context: Context) -> None:
    client = business_client(context, name="Client des mesures")
    drafts = iter([create_document(context, draft(client)) for _ in range(ROUNDS + 2)])
    issue_document(context, next(drafts))  # loads the PDF and Factur-X libraries

    def setup() -> tuple[tuple[Context, int], dict[str, Any]]:
        return (context, next(drafts)), {}

    issued = benchmark.pedantic(issue_document, setup=setup, rounds=ROUNDS, iterations=1)
    assert issued.number.startswith("FA-")


MEDIANS: dict[str, float] = {}


@pytest.mark.benchmark(group="server-issue")
def test_baseline_issue_one_invoice_on_the_file(benchmark: Any, both: dict[str, Context]) -> None:
    _issue_rounds(benchmark, both["fichier"])
    MEDIANS["fichier"] = benchmark.stats.stats.median


@pytest.mark.benchmark(group="server-issue")
def test_issue_one_invoice_on_the_server(benchmark: Any, both: dict[str, Context]) -> None:
    if "fichier" not in MEDIANS:
        pytest.fail("the baseline on the file runs first in the same run")
    _issue_rounds(benchmark, both["serveur"])
    ratio = benchmark.stats.stats.median / MEDIANS["fichier"]
    print(f"\nÉmettre une facture : serveur / fichier = {ratio:.2f}")
    assert ratio <= 2.0


@pytest.fixture(scope="module")
def invoices_file(build_once: Builder) -> Workspace:
    """The 50,000-invoice KPA on its (encrypted) file."""
    return build_once("invoices", True)


@pytest.fixture(scope="module")
def served_invoices(
    invoices_file: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Workspace, str]]:
    with pytest.MonkeyPatch.context() as patch:
        served = _on_server(invoices_file, tmp_path_factory.mktemp("serveur-factures"), patch)
    yield served
    server_support.drop_database(served[1])


@pytest.mark.benchmark(group="server-invoices-list")
def test_baseline_open_the_list_on_the_file(benchmark: Any, invoices_file: Workspace) -> None:
    context = open_workspace(invoices_file)
    try:
        page = benchmark(list_documents, context, DocumentQuery())
    finally:
        context.close()
    assert page.total_count > 50_000


@pytest.mark.benchmark(group="server-invoices-list")
def test_open_the_list_on_the_server(
    benchmark: Any, served_invoices: tuple[Workspace, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    space, name = served_invoices
    monkeypatch.setenv("KPA_DATABASE_URL", server_support.app_url(name))
    context = open_workspace(space)
    try:
        page = benchmark(list_documents, context, DocumentQuery())
    finally:
        context.close()
    assert len(page.rows) == 100 and page.total_count > 50_000
    assert benchmark.stats.stats.median < 0.200


def _three_at_once(context: Context, count: int) -> float:
    """Invoices per second with three processes issuing `count` drafts between them at once."""
    client = business_client(context, name="Client des trois postes")
    ids = [create_document(context, draft(client)) for _ in range(count)]
    command = [
        sys.executable,
        "-m",
        "tests.services.issue_worker",
        str(context.workspace.root),
        date.today().isoformat(),
    ]
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [*command, *map(str, ids[index::3])], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for index in range(3)
    ]
    failed = [worker.communicate(timeout=600)[1] for worker in workers if worker.wait(timeout=600) != 0]
    assert not failed, failed[0][-2000:]
    return count / (time.perf_counter() - started)


@pytest.mark.benchmark(group="server-three-computers")
def test_three_computers_issuing_at_once(benchmark: Any, both: dict[str, Context]) -> None:
    with pytest.MonkeyPatch.context() as patch:  # the file's processes must not follow the server's address
        patch.delenv("KPA_DATABASE_URL")
        on_file = _three_at_once(both["fichier"], 45)
    on_server = benchmark.pedantic(_three_at_once, args=(both["serveur"], 45), rounds=1, iterations=1)
    print(f"\nTrois postes à la fois : {on_server:.1f} factures/s sur le serveur, {on_file:.1f} sur le fichier")
    assert on_server > 0
