"""The one reader of the app's TOML files: a byte-order mark accepted, a syntax error said in French with its line.

tomllib reads the values, tomlkit the document to write back with its comments; both go through here, so
that a file Notepad saved (with a BOM) reads the same everywhere and no English message reaches a user.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.domain.errors import KpaError
from kpa_local.files import read_bounded_text

if TYPE_CHECKING:
    from tomlkit import TOMLDocument


class TomlRefused(KpaError):
    """A TOML file that cannot be read: its French sentence names the file, the line and what to do."""


_TOMLLIB_PLACE = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
_TOMLKIT_PLACE = re.compile(r" at line (?P<line>\d+) col (?P<column>\d+)$")
# The start of tomllib's message (Lib/tomllib/_parser.py) → what it means, for someone who is not a programmer.
_HINTS = (
    ("Expected '=' after a key", "il manque le signe = entre le nom et sa valeur"),
    ("Unclosed", "un guillemet, un crochet ou une accolade ouvert n'est pas refermé"),
    ("Illegal character", "un guillemet n'est pas refermé avant la fin de la ligne, ou un caractère n'est pas permis"),
    ("Cannot overwrite a value", "ce nom est écrit deux fois dans la même section"),
    ("Cannot declare", "cette section est écrite deux fois"),
    (
        "Invalid value",
        "la valeur n'est pas comprise : un texte se met entre guillemets, un nombre ou true/false sans guillemets",
    ),
    ("Expected ']'", "il manque le crochet fermant ] du nom de la section"),
    ("Invalid statement", "la ligne n'est ni une section [entre crochets] ni nom = valeur"),
)


def toml_error_text(path: Path, english: str) -> str:
    """The French sentence for a TOML file that does not parse: its line and column, what is wrong, what to do."""
    place = _TOMLLIB_PLACE.search(english) or _TOMLKIT_PLACE.search(english)
    where = f"{path}, ligne {place['line']} (colonne {place['column']})" if place else f"{path}, à la fin du fichier"
    hint = next((french for start, french in _HINTS if english.startswith(start)), "la ligne est mal écrite")
    return (
        f"{where} : {hint}. Corrigez cette ligne dans un éditeur de texte (le Bloc-notes suffit) : tant qu'elle "
        "est mal écrite, les paramètres ne sont pas lus."
    )


def read_toml_text(path: Path) -> str:
    """The text of a TOML file (a leading BOM dropped); FileRefused, or TomlRefused when it is not UTF-8."""
    try:
        return read_bounded_text(path)
    except UnicodeDecodeError:
        raise TomlRefused(
            f"{path} : le fichier doit être enregistré en UTF-8 (dans le Bloc-notes : « Enregistrer sous », "
            "codage UTF-8)."
        ) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The values of a TOML text, or TomlRefused saying in French where it goes wrong."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise TomlRefused(toml_error_text(path, str(error))) from None


def parse_toml_document(text: str, path: Path) -> TOMLDocument:
    """A TOML text as tomlkit's document, to change and write back with its comments, or TomlRefused."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    parse_toml(text, path)  # the French sentence of tomllib's check, which reads the same grammar
    try:
        return tomlkit.parse(text.removeprefix("\ufeff"))
    except ParseError as error:
        raise TomlRefused(toml_error_text(path, str(error))) from None


def load_toml(path: Path) -> dict[str, Any]:
    """The values of a TOML file: FileRefused, or TomlRefused for a file that is not UTF-8 or does not parse."""
    return parse_toml(read_toml_text(path), path)
