"""Every question the `kpa` command asks at the keyboard; no answer (end of input) is taken as « non »."""

from __future__ import annotations

import getpass

from kpa_local.domain.errors import KpaError


def _no_answer(nothing_done: str) -> KpaError:
    return KpaError(f"Pas de réponse : {nothing_done[0].lower()}{nothing_done[1:]}")


def ask(prompt: str, nothing_done: str = "Rien n'a été fait.") -> str:
    """What was typed after the prompt, without the spaces around it."""
    try:
        return input(prompt).strip()
    except EOFError:
        raise _no_answer(nothing_done) from None


def ask_secret(prompt: str, nothing_done: str = "Rien n'a été fait.") -> str:
    """A password or a key, typed without being shown."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise _no_answer(nothing_done) from None


def confirm(question: str, nothing_done: str, *, yes: tuple[str, ...] = ("o", "oui")) -> bool:
    """True when the person answered yes; otherwise nothing_done is printed."""
    if ask(question, nothing_done).lower() in yes:
        return True
    print(nothing_done)
    return False
