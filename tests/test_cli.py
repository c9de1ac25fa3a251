from pathlib import Path

import pytest

from kpa_local.cli import main


def test_init_then_list_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = tmp_path / "kpa"
    assert main(["--workspace", str(workspace), "init", "--name", "Coop", "--code", "coop"]) == 0
    assert (workspace / "config" / "kpa.toml").is_file()
    example = tmp_path / "exemple.csv"
    assert main(["members", "import", "--example", str(example)]) == 0
    assert main(["--workspace", str(workspace), "members", "import", str(example)]) == 0
    assert main(["--workspace", str(workspace), "members", "list", "--all"]) == 0
    output = capsys.readouterr().out
    assert "Import terminé : 3 nouvelle(s) personne(s)" in output
    assert "3 personne(s)." in output


def test_refusals_are_french_sentences_with_a_non_zero_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(tmp_path / "nothing"), "members", "list"]) == 1
    assert "kpa init" in capsys.readouterr().err
    assert main(["--workspace", str(tmp_path / "nothing"), "open"]) == 1
    assert "kpa init" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()
    assert main(["--workspace", str(tmp_path / "k"), "init", "--name", "X", "--code", "Mauvais Code"]) == 1
    assert "minuscules" in capsys.readouterr().err


def test_demo_creates_a_realistic_kpa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "demo"
    assert main(["demo", str(target), "--no-open"]) == 0
    assert main(["--workspace", str(target), "members", "list", "--all"]) == 0
    assert "40 personne(s)." in capsys.readouterr().out
    assert main(["--workspace", str(target), "activities", "list"]) == 0
    assert "6 activité(s)." in capsys.readouterr().out
    assert main(["--workspace", str(target), "config", "check"]) == 0
    assert main(["demo", str(target), "--no-open"]) == 0
    assert "existe déjà" in capsys.readouterr().out
