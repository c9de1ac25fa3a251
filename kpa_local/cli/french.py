"""The argument parser of every `kpa` command, speaking French: its help, its usage and its errors.

argparse builds its sentences with gettext; while a parser of ours is built, parses or formats
its help, those sentences are looked up in FRENCH instead. Nothing is rewritten after the fact.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from kpa_local.exit_statuses import EXIT_USAGE

EXIT_STATUSES = (
    "Codes de sortie : 0 c'est fait ; 1 refusé (une valeur à corriger, un droit qui manque, "
    "ou une réponse « non ») ; 2 commande mal écrite (voir « kpa COMMANDE --help ») ; "
    "3 erreur inattendue (notée dans data/kpa.log)."
)

# Every sentence argparse passes to gettext (Python 3.11 to 3.13), in French.
FRENCH = {
    "usage: ": "Utilisation : ",
    "positional arguments": "à donner dans l'ordre",
    "options": "options possibles",
    "optional arguments": "options possibles",
    "subcommands": "commandes",
    "show this help message and exit": "montrer cette aide, puis s'arrêter",
    "argument %(argument_name)s: %(message)s": "pour %(argument_name)s, %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : %(message)s\n",
    "the following arguments are required: %s": "il manque %s",
    "unrecognized arguments: %s": (
        "« %s » n'est pas compris (une valeur qui contient des espaces s'écrit entre guillemets)"
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": "« %(value)s » n'existe pas ; choisissez parmi %(choices)s",
    "invalid %(type)s value: %(value)r": "« %(value)s » n'est pas une valeur possible (%(type)s)",
    "expected one argument": "tapez sa valeur juste après",
    "expected at most one argument": "une valeur au plus va après",
    "expected at least one argument": "tapez au moins une valeur juste après",
    "expected %s argument": "tapez %s valeur juste après",
    "expected %s arguments": "tapez %s valeurs juste après",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s peut vouloir dire %(matches)s",
    "not allowed with argument %s": "impossible en même temps que %s",
    "ignored explicit argument %r": "« %s » est une valeur en trop",
    "one of the arguments %s is required": "il faut l'une de ces options (%s)",
    "unexpected option string: %s": "option inattendue (%s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "« %(parser_name)s » n'existe pas ; choisissez parmi %(choices)s"
    ),
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » (%(error)s)",
    'argument "-" with mode %r': "« - » ne peut pas être ouvert en mode %r",
    "%r is not callable": "%r n'est pas une fonction",
    ".__call__() not defined": ".__call__() manque",
    "conflicting subparser: %s": "commande en double : %s",
    "conflicting subparser alias: %s": "autre nom de commande en double : %s",
    "cannot merge actions - two groups are named %r": "deux groupes s'appellent %r",
    "'required' is an invalid argument for positionals": "« required » ne va pas à une valeur donnée dans l'ordre",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "option %(option)r : elle doit commencer par %(prefix_chars)r"
    ),
    "dest= is required for options like %r": "dest= est nécessaire pour une option comme %r",
    "invalid conflict_resolution value: %r": "conflict_resolution %r inconnu",
    "conflicting option string: %s": "option en double : %s",
    "conflicting option strings: %s": "options en double : %s",
    "mutually exclusive arguments must be optional": "des options qui s'excluent doivent être facultatives",
    "cannot have multiple subparser arguments": "une seule liste de commandes par commande",
    "argument '%(argument_name)s' is deprecated": "« %(argument_name)s » ne sert plus",
    "option '%(option)s' is deprecated": "l'option « %(option)s » ne sert plus",
    "command '%(parser_name)s' is deprecated": "la commande « %(parser_name)s » ne sert plus",
    "show program's version number and exit": "montrer la version, puis s'arrêter",
    "%(heading)s:": "%(heading)s :",
}


def _translate(message: str) -> str:
    return FRENCH.get(message, message)


def _translate_plural(singular: str, plural: str, count: int) -> str:
    return _translate(singular if count == 1 else plural)


@contextlib.contextmanager
def _in_french() -> Iterator[None]:
    english = getattr(argparse, "_"), getattr(argparse, "ngettext")  # noqa: B009 - private names of argparse
    setattr(argparse, "_", _translate)  # noqa: B010
    setattr(argparse, "ngettext", _translate_plural)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", english[0])  # noqa: B010
        setattr(argparse, "ngettext", english[1])  # noqa: B010


# Before Python 3.13 a section's heading and its colon are joined without gettext (`%s:`); from 3.13 the
# colon comes through FRENCH["%(heading)s:"].
_HEADING_COLON_TRANSLATED = sys.version_info >= (3, 13)


# argparse writes the choices with Python's quotes ('open', 'init'): French quotes them « open », « init ».
_QUOTED_CHOICE = re.compile(r"(?<![\w'])'([\w.+-]+)'(?![\w'])")


class FrenchHelpFormatter(argparse.HelpFormatter):
    """Section headings as French writes them: a space before the colon (« options possibles : »)."""

    def start_section(self, heading: str | None) -> None:
        if heading and not _HEADING_COLON_TRANSLATED:
            heading = f"{heading} "
        super().start_section(heading)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in French; its subcommands' parsers are too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        with _in_french():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _in_french():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _in_french():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _in_french():
            return super().format_usage()

    def format_help(self) -> str:
        with _in_french():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """Say what is wrong and where to read how the command is written, then stop with status 2."""
        self.print_usage(sys.stderr)
        sentence = _QUOTED_CHOICE.sub(r"« \1 »", message).rstrip(".")
        self.exit(EXIT_USAGE, f"{self.prog} : {sentence}.\nVoyez « {self.prog} --help ».\n")


def action_group(commands: Any, name: str, summary: str) -> Any:
    """Add the command `name`, whose action follows it and must be given (`kpa invoice pay`); return its actions."""
    return commands.add_parser(name, help=summary).add_subparsers(metavar="ACTION", required=True)


def whole_number(maximum: int, minimum: int = 1) -> Callable[[str], int]:
    """An argument type: a whole number written in ASCII digits, between minimum and maximum."""

    def parse(text: str) -> int:
        digits = text.strip()
        if digits[:1] in "+-" and digits[1:].isascii() and digits[1:].isdigit():
            raise argparse.ArgumentTypeError(
                f"« {text} » n'est pas possible ; tapez un nombre de {minimum} à {maximum:,}.".replace(",", "\u202f")
            )
        if not (digits.isascii() and digits.isdigit()):
            raise argparse.ArgumentTypeError(
                f"« {text} » n'est pas un nombre entier ; tapez-le avec les chiffres 0 à 9, par exemple 12."
            )
        if len(digits.lstrip("0")) > len(str(maximum)) or not minimum <= int(digits) <= maximum:
            raise argparse.ArgumentTypeError(
                f"« {text} » n'est pas possible ; tapez un nombre de {minimum} à {maximum:,}.".replace(",", "\u202f")
            )
        return int(digits)

    parse.__name__ = "nombre entier"
    return parse


record_number = whole_number(999_999_999)
"""The number of a record (a person's file, a draft, an interview), as a type for add_argument."""
