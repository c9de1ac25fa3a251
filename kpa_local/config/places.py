"""Where a key is written in kpa.toml: the line of every refusal, and the known name closest to a misspelt one."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from kpa_local.files import FileRefused, read_bounded_text


def line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line (from 1) where a key of a [section] is written, or the section itself."""
    current = ""
    section_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[([^\[\]]+)\]", stripped)
        if header:
            current = header.group(1).strip()
            if current == section:
                section_line = number
            continue
        if current == section and key and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return section_line


def key_place(path: Path, section: str, key: str) -> str:
    """Where a key of the settings file is written, to start a sentence (« …, ligne 40 : la clé « database.url » »)."""
    try:
        text = read_bounded_text(path)
    except (FileRefused, UnicodeDecodeError):
        text = ""
    return where(path, text, section, key)


def where(path: Path, text: str, section: str, key: str | None) -> str:
    line = line_of(text, section, key)
    name = f"{section}.{key}" if key else f"[{section}]"
    place = f"{path}, ligne {line}" if line else f"{path}"
    return f"{place} : la clé « {name} »"


def nearest(name: str, known: list[str]) -> str:
    """« (vouliez-vous dire idle_lock_minutes ?) » for a name close to a known one, or nothing."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (vouliez-vous dire {close[0]} ?)" if close else ""
