"""The command line of a KPA on a server: prepared by `kpa init --database … --owner …`, then used from two
computers (their accounts and lock-outs shared), backed up, updated. Needs KPA_TEST_SERVER."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.workspace import Workspace
from tests import server_support
from tests.conftest import ON_SERVER

PASSWORD = "un mot de passe long"


@pytest.fixture
def empty_server_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """A new, empty database of the server (no table yet): the addresses of the app's role and of the owner."""
    monkeypatch.delenv("KPA_DATABASE_URL", raising=False)
    name = server_support.copy_database("template0")
    yield server_support.app_url(name), server_support.owner_url(name)
    server_support.drop_database(name)


def test_a_kpa_on_a_server_asks_for_both_addresses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "kpa"
    app = "postgresql://kpa_app@127.0.0.1/kpa"
    assert main(["--workspace", str(root), "init", "--name", "Coop", "--code", "coop", "--database", app]) == 1
    assert "--owner (le rôle qui possède les tables)" in capsys.readouterr().err
    assert not root.exists()  # nothing created
    far = "postgresql://kpa_app@serveur.example/kpa"
    arguments = ["--database", far, "--owner", far.replace("kpa_app", "kpa_proprietaire")]
    assert main(["--workspace", str(root), "init", "--name", "Coop", "--code", "coop", *arguments]) == 1
    assert "sans chiffrer la connexion" in capsys.readouterr().err


@pytest.mark.skipif(not ON_SERVER, reason="sans serveur PostgreSQL de test : KPA_TEST_SERVER=postgresql://…")
def test_init_on_a_server_then_two_computers_share_accounts_lock_outs_and_backups(
    empty_server_database: tuple[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, owner = empty_server_database
    first = tmp_path / "poste-1"
    monkeypatch.setenv("KPA_NEW_PASSWORD", PASSWORD)
    init = ["init", "--name", "Coop Serveur", "--code", "coop-serveur", "--login", "camille"]
    assert main(["--workspace", str(first), *init, "--account-name", "Camille Martin", "--database", app,
                 "--owner", owner]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "est prête : le rôle kpa_test_app peut s'y connecter" in said
    assert "Les sauvegardes de la KPA sont chiffrées" in said and "base de données de la KPA est chiffrée" not in said
    second = server_support.second_computer(Workspace(first))
    monkeypatch.setenv("KPA_USER", "camille")
    monkeypatch.setenv("KPA_PASSWORD", PASSWORD)
    assert main(["--workspace", str(second.root), "check"]) == 0
    assert "Tout est en ordre." in capsys.readouterr().out
    assert main(["--workspace", str(second.root), "backup"]) == 0
    assert ".pgdump" in capsys.readouterr().out
    monkeypatch.setenv("KPA_PASSWORD", "pas le bon")
    for _ in range(5):  # typed wrong on the first computer…
        main(["--workspace", str(first), "members", "list"])
    capsys.readouterr()
    monkeypatch.setenv("KPA_PASSWORD", PASSWORD)
    assert main(["--workspace", str(second.root), "members", "list"]) == 1  # …the wait holds on the second
    assert "Trop d'essais manqués" in capsys.readouterr().err
    assert main(["--workspace", str(first), "database", "upgrade", "--owner", owner]) == 0
    assert "est prête" in capsys.readouterr().out


@pytest.mark.skipif(not ON_SERVER, reason="sans serveur PostgreSQL de test : KPA_TEST_SERVER=postgresql://…")
def test_a_superuser_or_another_database_is_refused_before_anything_is_made(
    empty_server_database: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, owner = empty_server_database
    root = tmp_path / "kpa"
    init = ["--workspace", str(root), "init", "--name", "Coop", "--code", "coop"]
    superuser = server_support.ADMIN.rsplit("/", 1)[0] + "/" + app.rsplit("/", 1)[1]
    assert main([*init, "--database", superuser, "--owner", owner]) == 1
    assert "a tous les droits sur le serveur" in capsys.readouterr().err
    elsewhere = app.rsplit("/", 1)[0] + "/template1"
    assert main([*init, "--database", elsewhere, "--owner", owner]) == 1
    assert "doivent désigner la même base" in capsys.readouterr().err
    assert not root.exists()  # nothing made on this computer: the command can be run again as it should be
