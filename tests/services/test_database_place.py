"""The database is the workspace's own file: no line of settings sends the data elsewhere."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.config import ConfigError
from kpa_local.services.database_place import PlainDatabase
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.conftest import encrypt_before_use

pytestmark = pytest.mark.sqlite_file("where the SQLite file may be")


def _set_url(workspace: Workspace, url: str) -> int:
    """Write `[database] url` in the settings; return its line number."""
    path = workspace.config_file
    text = path.read_text(encoding="utf-8").replace('url = ""', f'url = "{url}"')
    path.write_text(text, encoding="utf-8")
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith("url ="))


def test_a_url_elsewhere_is_refused_at_opening_and_by_config_check(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "ailleurs" / "kpa.sqlite3"
    elsewhere.parent.mkdir()
    line = _set_url(workspace, f"sqlite:///{elsewhere}")
    with pytest.raises(ConfigError) as refusal:
        open_workspace(workspace)
    assert refusal.value.problems[0].startswith(f"{workspace.config_file}, ligne {line} : la clé « database.url »")
    assert "autre base" in refusal.value.message
    assert not elsewhere.exists()
    assert not workspace.database_file.exists()
    assert main(["--workspace", str(workspace.root), "config", "check"]) == 1
    said = capsys.readouterr().err
    assert f"ligne {line} : la clé « database.url »" in said
    assert "Laissez url" in said


def test_a_bare_path_elsewhere_is_refused_too(workspace: Workspace, tmp_path: Path) -> None:
    _set_url(workspace, str(tmp_path / "autre.sqlite3"))
    with pytest.raises(ConfigError, match="autre base"):
        open_workspace(workspace)
    assert not (tmp_path / "autre.sqlite3").exists()


def test_a_server_off_this_computer_without_tls_is_refused(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _set_url(workspace, "postgresql://kpa@serveur/kpa")
    with pytest.raises(ConfigError, match="sans chiffrer la connexion"):
        open_workspace(workspace)
    assert main(["--workspace", str(workspace.root), "config", "check"]) == 1
    assert f"ligne {line} : la clé « database.url » désigne le serveur serveur sans chiffrer" in capsys.readouterr().err


@pytest.mark.parametrize("written", ["sqlite:///{own}", "{own}", "data/kpa.sqlite3", ""])
def test_the_workspace_own_file_is_accepted_however_written(workspace: Workspace, written: str) -> None:
    _set_url(workspace, written.format(own=workspace.database_file))
    context = open_workspace(workspace)
    try:
        assert context.database.sqlite_file == workspace.database_file
        assert context.database.read("SELECT count(*) FROM person") == [(0,)]
    finally:
        context.close()


def test_a_plain_file_beside_an_encrypted_kpa_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kpa_local.services.workspaces import create_workspace

    workspace = Workspace(tmp_path / "chiffree")
    create_workspace(workspace, name="Coop Chiffrée", code="coop-chiffree")
    encrypt_before_use(workspace)
    with closing(sqlite3.connect(workspace.database_file)) as plain:
        plain.execute("CREATE TABLE person (id INTEGER)")
        plain.commit()
    before = workspace.database_file.read_bytes()
    with pytest.raises(PlainDatabase, match="n'est pas chiffrée alors que cette KPA l'est"):
        open_workspace(workspace)
    assert main(["--workspace", str(workspace.root), "config", "check"]) == 1
    assert "Déplacez ce fichier" in capsys.readouterr().err
    assert workspace.database_file.read_bytes() == before
    assert not list(workspace.backups_dir.glob("kpa-*"))
