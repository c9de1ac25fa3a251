import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.cli.parser import build_parser
from kpa_local.cli.start import open_app


def test_init_then_list_then_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "kpa"
    monkeypatch.setenv("KPA_NEW_PASSWORD", "un mot de passe")
    init = ["init", "--name", "Coop", "--code", "coop", "--account-name", "Awa Diallo", "--login", "awa"]
    assert main(["--workspace", str(workspace), *init]) == 0
    assert "Compte de coordination créé pour Awa Diallo" in capsys.readouterr().out
    monkeypatch.setenv("KPA_USER", "awa")
    monkeypatch.setenv("KPA_PASSWORD", "un mot de passe")
    assert (workspace / "config" / "kpa.toml").is_file()
    example = tmp_path / "exemple.csv"
    assert main(["members", "import", "--example", str(example)]) == 0
    assert main(["--workspace", str(workspace), "members", "import", str(example)]) == 0
    assert main(["--workspace", str(workspace), "members", "list", "--all"]) == 0
    output = capsys.readouterr().out
    assert "Import terminé : 3 nouvelles personnes." in output
    assert "3 personnes." in output


def test_refusals_are_french_sentences_with_a_non_zero_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(tmp_path / "nothing"), "members", "list"]) == 1
    assert "kpa init" in capsys.readouterr().err
    assert main(["--workspace", str(tmp_path / "nothing"), "open"]) == 1
    assert "kpa init" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()
    assert main(["--workspace", str(tmp_path / "k"), "init", "--name", "X", "--code", "Mauvais Code"]) == 1
    assert "minuscules" in capsys.readouterr().err


@pytest.mark.usefixtures("demo_coordination")
def test_demo_creates_a_realistic_kpa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "demo"
    assert main(["demo", str(target), "--no-open"]) == 0
    assert main(["--workspace", str(target), "members", "list", "--all"]) == 0
    assert "40 personnes." in capsys.readouterr().out
    assert main(["--workspace", str(target), "activities", "list"]) == 0
    assert "6 activités." in capsys.readouterr().out
    assert main(["--workspace", str(target), "config", "check"]) == 0
    assert main(["demo", str(target), "--no-open"]) == 0
    assert "existe déjà" in capsys.readouterr().out


@pytest.mark.sqlite_file("makes a second KPA beside the demo, whose database address would be the demo's")
def test_the_command_line_acts_as_an_account(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPA_PASSWORD", "pas le bon")
    assert main(["--workspace", str(cli_demo), "members", "list"]) == 1
    assert "Identifiant ou mot de passe incorrect" in capsys.readouterr().err
    monkeypatch.setenv("KPA_PASSWORD", "demo-contributeur")
    assert main(["--workspace", str(cli_demo), "--user", "karim", "members", "list"]) == 0
    assert main(["--workspace", str(cli_demo), "--user", "karim", "accounts", "list"]) == 1
    assert "ne permet pas de gérer les comptes" in capsys.readouterr().err
    monkeypatch.delenv("KPA_USER")
    assert main(["--workspace", str(cli_demo), "members", "list"]) == 1  # no terminal to ask in
    assert "KPA_USER" in capsys.readouterr().err
    fresh = tmp_path / "vide"
    monkeypatch.setenv("KPA_USER", "camille")
    assert main(["--workspace", str(fresh), "init", "--name", "Vide", "--code", "vide"]) == 0
    assert main(["--workspace", str(fresh), "members", "list"]) == 1
    assert "Aucun compte n'existe encore" in capsys.readouterr().err


def _leaves(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parsers of the commands themselves, the ones without sub-commands of their own."""
    below = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if not below:
        yield parser
    for action in below:
        for child in dict.fromkeys(action.choices.values()):
            yield from _leaves(child)


def test_every_command_runs_its_own_handler() -> None:
    """Without its own, a command would run the one of `kpa` alone: the app would open."""
    parser = build_parser()
    leaves = list(_leaves(parser))
    assert len(leaves) > 40
    assert [leaf.prog for leaf in leaves if "run" not in leaf._defaults] == []
    handlers = [leaf._defaults["run"] for leaf in leaves]
    assert parser._defaults["run"] is open_app and handlers.count(open_app) == 1  # `kpa open`


def test_output_cut_short_is_no_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`kpa members list | head`: the reader stops early, the command says nothing more and succeeds."""
    import kpa_local.cli

    def reader_gone(args: object) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(kpa_local.cli, "_dispatch", reader_gone)
    assert kpa_local.cli.main(["members", "list"]) == 0
    assert capsys.readouterr().err == ""


# /proc/version is a file nobody may write on Linux; elsewhere a file in a missing folder: refused either way.
@pytest.mark.parametrize("place", ["folder", "missing folder", "/proc/version"])
def test_a_recovery_sheet_that_cannot_be_written_is_refused_before_the_kpa_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, place: str
) -> None:
    monkeypatch.setenv("KPA_NEW_PASSWORD", "un mot de passe")
    sheet = {"folder": tmp_path, "missing folder": tmp_path / "absent" / "cle.pdf"}.get(place, Path(place))
    workspace = tmp_path / "kpa"
    init = ["init", "--name", "Coop", "--code", "coop", "--account-name", "Awa Diallo", "--login", "awa"]
    assert main(["--workspace", str(workspace), *init, "--sheet", str(sheet)]) == 1
    error = capsys.readouterr().err
    assert str(sheet) in error and ("dossier" in error or "écrit" in error)
    assert not workspace.exists()  # neither the KPA nor its account nor its key was made


def test_config_check_refuses_a_misspelt_key_and_tells_what_an_older_file_had_renamed(
    cli_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cli_demo / "config" / "kpa.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("idle_lock_minutes = 15", "idle_lock_minute = 2"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--workspace", str(cli_demo), "config", "check"]) == 1
    said = capsys.readouterr().err
    line = text.splitlines().index("idle_lock_minutes = 15") + 1
    assert f"ligne {line} : la clé « security.idle_lock_minute » n'existe pas" in said
    assert "(vouliez-vous dire idle_lock_minutes ?)" in said
    path.write_text(text.replace("insurance_mode = ", "insurance = "), encoding="utf-8")
    assert main(["--workspace", str(cli_demo), "config", "check"]) == 0
    out = capsys.readouterr().out
    assert "« sharing.insurance » s'appelle maintenant « insurance_mode » ; elle a été renommée dans le fichier." in out
    assert "insurance_mode = " in path.read_text(encoding="utf-8")
