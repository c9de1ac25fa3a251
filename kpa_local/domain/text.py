"""French text: folded for search, sorted as a French reader expects, counted and elided."""

from __future__ import annotations

import unicodedata

_ELIDING = frozenset("aeiouhàâäéèêëîïôöùûüœæ")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def fold(text: str) -> str:
    """`  Hélène  DUPONT-Léa ` → `helene dupont-lea`."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def french_key(text: str) -> tuple[str, str, str]:
    """A sort key for names and labels: « Épicerie » before « Ville », « élodie » beside « Elodie ».

    Letters are compared without accents, case or ligatures (œ is oe) first; equal ones are then
    ordered by the accented form (e before é), then by case, so the order never depends on the input's.
    """
    composed = unicodedata.normalize("NFC", text)
    return fold(_unligated(composed)), _unligated(composed.casefold()), composed


def _unligated(text: str) -> str:
    return text.translate(_LIGATURES)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word for `count` things: « ligne » for 0 or 1, « lignes » from 2 (French rule)."""
    if -2 < count < 2:
        return singular
    return plural_form if plural_form is not None else f"{singular}s"


def count_text(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 ligne », « 3 lignes », « 1 234 lignes » (narrow no-break space between thousands)."""
    number = f"{count:,}".replace(",", "\u202f")
    return f"{number} {plural(count, singular, plural_form)}"


def de(words: str) -> str:
    """« de » before words, elided before a vowel or a mute h: « d'émettre », « de valider »."""
    return f"d'{words}" if words[:1].casefold() in _ELIDING else f"de {words}"
