"""Text folded for search and matching: lower case, no accents, single spaces."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """`  Hélène  DUPONT-Léa ` → `helene dupont-lea`."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
