"""The audit trail's chain: each entry's hash covers its content and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    """One entry as it is chained (the fields are names, never values)."""

    id: int
    at: str
    actor: str
    account_id: int | None
    action: str
    record: str
    fields: tuple[str, ...]


def entry_hash(previous: str, entry: Entry) -> str:
    """SHA-256 of the previous hash and the entry, written as canonical JSON."""
    payload = json.dumps(
        [entry.id, entry.at, entry.actor, entry.account_id, entry.action, entry.record, list(entry.fields)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{previous}\n{payload}".encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where the chain is broken, in a French sentence."""

    entry_id: int
    text: str


def first_break(entries: Sequence[tuple[Entry, str, str]], head: tuple[int, str] | None) -> Break | None:
    """The first altered or missing entry among (entry, stored previous hash, stored hash), oldest first.

    `head` is the last entry's number and hash as recorded apart; entries removed from the
    end of the trail are noticed there.
    """
    previous = GENESIS
    expected = 1
    for entry, stored_previous, stored_hash in entries:
        if entry.id != expected:
            return Break(expected, _missing_entries(expected, entry.id - 1) + ".")
        if stored_previous != previous or entry_hash(previous, entry) != stored_hash:
            return Break(entry.id, f"L'entrée n° {entry.id} du journal a été modifiée.")
        previous = stored_hash
        expected += 1
    last_id, last_hash = head or (0, GENESIS)
    if last_id >= expected:
        return Break(expected, _missing_entries(expected, last_id) + " (les dernières).")
    if last_id == expected - 1 and last_hash != previous:
        return Break(last_id, f"L'entrée n° {last_id} du journal a été modifiée.")
    return None


def _missing_entries(first: int, last: int) -> str:
    """« Entrée n° 4 du journal supprimée » or « Entrées n° 4 à 6 du journal supprimées »."""
    if first == last:
        return f"Entrée n° {first} du journal supprimée"
    return f"Entrées n° {first} à {last} du journal supprimées"
