"""Questions at the keyboard: every one goes through kpa_local/cli/prompts.py, and no answer (end of
input) is « non »: status 1, a sentence, nothing done."""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kpa_local
from kpa_local.cli import main, prompts
from kpa_local.domain.errors import KpaError
from tests.cli_support import state_of

PACKAGE = Path(kpa_local.__file__).parent
PROMPTS = PACKAGE / "cli" / "prompts.py"
ASKING = {"input", "getpass"}  # input(), getpass.getpass() or getpass() imported from it


def _questions_asked(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ASKING:
                lines.append(node.lineno)
    return lines


def test_every_question_is_asked_through_the_prompts_module() -> None:
    asked = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := _questions_asked(path)) and path != PROMPTS
    }
    assert asked == {}, "posez la question avec kpa_local.cli.prompts (ask, ask_secret, confirm)"
    assert len(_questions_asked(PROMPTS)) == 2  # the walk does see a question


def _at_a_terminal_with_nothing_to_read(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.StringIO("")
    monkeypatch.setattr(stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys, "stdin", stdin)


def _draft(demo: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--workspace", str(demo), "invoices", "list", "--status", "brouillon"]) == 0
    return capsys.readouterr().out.split("(brouillon ")[1].split(")")[0]


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["invoice", "issue", "{draft}"], "Pas de réponse : rien n'a été émis."),
        (["export", "--quarter", "2026Q3"], "Pas de réponse : rien n'a été écrit."),
        pytest.param(
            ["restore", "{backup}"],
            "Pas de réponse : rien n'a été changé.",
            marks=pytest.mark.sqlite_file("a server's restore asks first for the owner's address"),
        ),
    ],
    ids=["issue", "export", "restore"],
)
def test_no_answer_at_a_question_is_no(
    cli_demo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    said: str,
) -> None:
    draft = _draft(cli_demo, capsys)  # the first opening of the copy also takes the day's backup
    values = {"{draft}": draft, "{backup}": str(next((cli_demo / "backups").glob("kpa-*[3p]")))}
    arguments = [values.get(argument, argument) for argument in arguments]
    before = state_of(cli_demo)
    _at_a_terminal_with_nothing_to_read(monkeypatch)
    assert main(["--workspace", str(cli_demo), *arguments]) == 1
    captured = capsys.readouterr()
    assert said in captured.err and "inattendue" not in captured.err
    assert state_of(cli_demo) == before


def test_a_script_whose_input_is_closed_gets_no_at_once(cli_demo: Path) -> None:
    """The real thing: `kpa export` with its standard input at its end (no terminal); it signs in as cli_demo says."""
    done = subprocess.run(
        [sys.executable, "-m", "kpa_local", "--workspace", str(cli_demo), "export", "--quarter", "2026Q3"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Pas de réponse : rien n'a été écrit." in done.stderr
    assert list((cli_demo / "exports").glob("*.zip")) == []


def test_no_password_typed_is_no(monkeypatch: pytest.MonkeyPatch) -> None:
    def end_of_input(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", end_of_input)
    with pytest.raises(KpaError, match=r"^Pas de réponse : aucun compte n'a été créé\.$"):
        prompts.ask_secret("Mot de passe : ", "Aucun compte n'a été créé.")
