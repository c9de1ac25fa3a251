"""Where the KPA's data lives when no folder is named: the clone in development, else the person's documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import platformdirs
import pytest

from kpa_local import workspace as workspace_module
from kpa_local.cli import main
from kpa_local.cli import start as start_module
from kpa_local.exit_statuses import EXIT_REFUSED
from kpa_local.workspace import Workspace, demo_folder, development_clone, place, repository_root


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As in an installed package: no clone around the code, and a person whose documents are in tmp_path."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(folder))
    monkeypatch.setattr(workspace_module, "repository_root", lambda: tmp_path / "site-packages")
    monkeypatch.delenv("KPA_WORKSPACE", raising=False)
    return folder


def test_a_clone_keeps_its_data_in_its_own_folder() -> None:
    here = place(None, {})
    assert here.chosen_by == "clone"
    assert here.workspace.root == repository_root()
    assert not here.is_home


def test_an_installed_package_keeps_the_data_in_the_documents(documents: Path) -> None:
    here = place(None, {})
    assert (here.chosen_by, here.workspace.root, here.is_home) == ("documents", documents / "KPA", True)
    assert demo_folder() == documents / "KPA-demo"
    assert place(None, {"KPA_WORKSPACE": str(documents / "autre")}).workspace.root == documents / "autre"
    assert place(documents / "ici", {"KPA_WORKSPACE": "ailleurs"}).chosen_by == "option"


def test_the_program_built_is_never_a_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert development_clone() == repository_root()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert development_clone() is None


@pytest.mark.parametrize(("project", "is_clone"), [('name = "kpa_local"\n', True), ('name = "autre"\n', False)])
def test_only_a_clone_of_this_project_is_taken_for_one(
    project: str, is_clone: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[project]\n{project}", encoding="utf-8")
    monkeypatch.setattr(workspace_module, "repository_root", lambda: tmp_path)
    assert development_clone() == (tmp_path if is_clone else None)
    (tmp_path / ".git").rmdir()
    assert development_clone() is None


def test_kpa_where_names_the_folder_without_making_it(documents: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["where"]) == 0
    out = capsys.readouterr().out
    assert f"Dossier de la KPA : {documents / 'KPA'}\n" in out
    assert "dans les documents de la personne" in out and "n'existe pas encore" in out
    assert f"KPA de démonstration (kpa demo) : {documents / 'KPA-demo'}" in out
    assert not (documents / "KPA").exists()


def test_the_first_start_makes_the_folder_and_says_where(documents: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["members", "list"]) == EXIT_REFUSED
    first = capsys.readouterr().err
    assert f"Première ouverture : les données de la KPA seront rangées dans {documents / 'KPA'}." in first
    assert "kpa init" in first  # and what to do next
    assert (documents / "KPA").is_dir()
    assert main(["members", "list"]) == EXIT_REFUSED
    assert "Première ouverture" not in capsys.readouterr().err


def test_a_documents_folder_that_cannot_hold_it_is_told(documents: Path, capsys: pytest.CaptureFixture[str]) -> None:
    documents.rmdir()
    documents.write_text("un fichier à la place du dossier des documents", encoding="utf-8")
    assert main(["members", "list"]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert f"Le dossier de la KPA ne peut pas être créé dans {documents / 'KPA'}" in err
    assert "--workspace" in err and "Première ouverture" not in err
    assert documents.is_file()


def test_the_demo_goes_beside_the_kpa_folder_not_in_it(documents: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--no-open", "--people", "3", "--years", "1"]) == 0
    assert Workspace(documents / "KPA-demo").exists()
    assert f"créée dans {documents / 'KPA-demo'}" in capsys.readouterr().out
    assert not (documents / "KPA").exists()


def test_opening_an_empty_folder_at_a_keyboard_offers_to_create_the_kpa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    created: list[Path] = []

    def init(space: Workspace, _args: argparse.Namespace) -> int:
        created.append(space.root)
        return 0

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(start_module, "_init", init)
    monkeypatch.setattr(start_module, "_run_app", lambda _space: 0)
    assert start_module.open_app(Workspace(tmp_path), argparse.Namespace()) == 0
    assert created == [tmp_path]
    assert "Il n'y a pas encore de KPA" in capsys.readouterr().out
