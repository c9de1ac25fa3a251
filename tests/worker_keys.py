"""Keys of encrypted test workspaces, handed to the processes the tests start (KPA_TEST_KEYS)."""

from __future__ import annotations

import os
from pathlib import Path

from kpa_local.db import cipher


def hand_over(database_file: Path) -> None:
    """Let the processes started from now on open `database_file` with the key held here."""
    key = cipher.key_for(database_file)
    if key is not None:
        os.environ["KPA_TEST_KEYS"] = os.environ.get("KPA_TEST_KEYS", "") + f"{database_file}={key.hex()};"


def hold_test_keys() -> None:
    """In a process started by the tests: hold the keys handed over."""
    for pair in filter(None, os.environ.get("KPA_TEST_KEYS", "").split(";")):
        path, key = pair.rsplit("=", 1)
        cipher.remember(Path(path), bytes.fromhex(key))
