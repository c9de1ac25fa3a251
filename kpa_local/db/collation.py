"""French order in SQL: « Épicerie » before « Ville », « élodie » beside « Elodie », in every sorted list.

SQLite's own order compares bytes (every accented capital after « z »); each SQLite connection is
given a `french` collation that compares with the domain's French sort key (`french_order.french`
orders a query by it). Kept apart from SQLAlchemy, which the first screen's quick reads do not load.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kpa_local.domain.text import french_key

COLLATION = "french"


# A sort compares each name many times: its key is computed once (names repeat across lists and pages).
_key = lru_cache(maxsize=16_384)(french_key)


def forget_sort_keys() -> None:
    """Forget the names kept to sort (when the database is closed: at the lock, at a change of user)."""
    _key.cache_clear()


def compare_french(left: str, right: str) -> int:
    """-1, 0 or 1 as `left` comes before, with or after `right` in French order."""
    left_key, right_key = _key(left), _key(right)
    return (left_key > right_key) - (left_key < right_key)


def add_french_collation(dbapi_connection: Any) -> None:
    """Teach one SQLite (or SQLCipher) connection the `french` collation."""
    dbapi_connection.create_collation(COLLATION, compare_french)
