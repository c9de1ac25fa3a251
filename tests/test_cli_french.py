"""Every parser of the `kpa` command speaks French: help, usage and errors; exit statuses as documented."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpa_local import cli
from kpa_local.cli import main
from kpa_local.cli.french import EXIT_STATUSES, FRENCH, whole_number
from kpa_local.cli.parser import build_parser
from kpa_local.domain.errors import KpaError

ENGLISH = (
    "usage", "positional arguments", "optional arguments", "options:", "show this help", "error:", "required",
    "invalid", "choose from", "expected", "argument", "unrecognized", "ambiguous", "not allowed", "ignored",
    "version number", "subcommands", "value", "help message",
    # argparse's own sentences, whole (each is also caught by a word above)
    "usage:", "show this help message and exit", "invalid choice", "unrecognized arguments",
    "expected one argument", "invalid int value",
)  # fmt: skip


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _parsers(child)


PARSERS = {parser.prog: parser for parser in _parsers(build_parser())}


def _words_of(prog: str) -> list[str]:
    return prog.split()[1:]


def _english_in(text: str) -> list[str]:
    text = re.sub(r"--[\w-]+", "", text)  # the options' own names (--skip-invalid) are not sentences
    return [word for word in ENGLISH if re.search(re.escape(word), text, re.IGNORECASE)]


def test_the_walk_finds_every_command() -> None:
    assert {"kpa", "kpa invoice pay", "kpa audit list", "kpa accounts add", "kpa network report"} <= set(PARSERS)
    assert len(PARSERS) > 40


@pytest.mark.parametrize("prog", sorted(PARSERS))
def test_help_is_in_french(prog: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_words_of(prog), "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Utilisation : {prog}")
    assert _english_in(out) == []
    headings = [line for line in out.splitlines() if line and not line.startswith(" ") and line.endswith(":")]
    assert headings and all(line.endswith(" :") for line in headings), headings  # « options possibles : »


@pytest.mark.parametrize("prog", sorted(PARSERS))
def test_an_unknown_option_is_refused_in_french(prog: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_words_of(prog), "--pas-une-option"]) == 2
    err = capsys.readouterr().err
    assert "Utilisation : " in err and "--help »." in err  # a sub-command leaves unknown options to « kpa »
    assert _english_in(err) == []


@pytest.mark.parametrize("prog", sorted(PARSERS))
def test_missing_and_bad_values_are_refused_in_french(prog: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = PARSERS[prog]
    attempts = []
    if any(action.required for action in parser._actions):
        attempts.append(_words_of(prog))
    for action in parser._actions:
        if not action.option_strings or action.nargs == 0:
            continue
        attempts.append([*_words_of(prog), action.option_strings[-1]])  # its value forgotten
        if action.choices or action.type:
            attempts.append([*_words_of(prog), action.option_strings[-1], "pas-ceci"])
    first = next((action for action in parser._actions if not action.option_strings), None)
    if first is not None and (first.choices or first.type):  # a sub-command, or a number, where it goes
        attempts.append([*_words_of(prog), "pas-ceci"])
    for attempt in attempts:
        assert main(attempt) == 2, attempt
        err = capsys.readouterr().err
        assert err and _english_in(err) == [], (attempt, err)
        sentence = err.splitlines()[-2]  # « kpa x : ce qui ne va pas. », above « Voyez … --help ».
        assert sentence.count(" : ") == 1 and sentence.endswith("."), (attempt, sentence)


def test_the_attempts_reach_a_sub_command_and_a_number_given_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invoice", "pas-ceci"]) == 2
    assert "« pas-ceci » n'existe pas ; choisissez parmi « pdf », « issue »" in capsys.readouterr().err
    assert main(["invoice", "issue", "douze"]) == 2
    assert "kpa invoice issue : pour BROUILLON, « douze » n'est pas un nombre entier ;" in capsys.readouterr().err


@pytest.mark.parametrize("prog", sorted(PARSERS))
def test_no_value_is_read_by_a_python_type_whose_name_argparse_would_print(prog: str) -> None:
    for action in PARSERS[prog]._actions:
        assert action.type not in (int, float), f"{prog} {action.dest} : « invalid {action.type} value »"


def test_an_unknown_command_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["factures"]) == 2
    err = capsys.readouterr().err
    assert "« factures » n'existe pas ; choisissez parmi" in err and "« invoices »" in err


@pytest.mark.parametrize("prog", sorted(PARSERS))
def test_every_value_has_a_french_name_in_the_help(prog: str) -> None:
    for action in PARSERS[prog]._actions:
        if action.option_strings and action.nargs != 0 and not action.choices:
            assert action.metavar, f"{prog} {action.option_strings[-1]} : sans metavar, argparse l'écrit en anglais"


def _argparse_messages() -> set[str]:
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    messages = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            messages |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return messages


def test_every_sentence_of_this_pythons_argparse_is_translated() -> None:
    messages = _argparse_messages()
    assert "the following arguments are required: %s" in messages
    assert sorted(messages - set(FRENCH)) == []


def test_whole_numbers_are_ascii_digits_within_limits() -> None:
    number = whole_number(100)
    assert number("42") == 42
    for text in ("٣", "１２", "12,5", "-1", "0", "101", "9" * 5000):
        with pytest.raises(argparse.ArgumentTypeError, match=re.escape(f"« {text} »")):
            number(text)
    with pytest.raises(argparse.ArgumentTypeError, match="de 1 à 100"):
        number("101")


def test_the_exit_statuses_are_documented_in_the_help_and_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert " ".join(EXIT_STATUSES.split()) in " ".join(capsys.readouterr().out.split())
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "Codes de sortie" in readme
    for status in ("`0`", "`1`", "`2`", "`3`"):
        assert status in readme


def test_a_refusal_exits_with_one(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(_args: argparse.Namespace) -> int:
        raise KpaError("Refusé : voici pourquoi.")

    monkeypatch.setattr(cli, "_dispatch", refuse)
    assert main(["activities", "list"]) == 1
    assert "Refusé : voici pourquoi." in capsys.readouterr().err


def test_an_unexpected_error_exits_with_three(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(_args: argparse.Namespace) -> int:
        raise RuntimeError("cassé")

    monkeypatch.setattr(cli, "_dispatch", fail)
    assert main(["--workspace", str(tmp_path), "activities", "list"]) == 3
    assert "Une erreur inattendue" in capsys.readouterr().err
